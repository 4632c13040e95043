//! The `server` binary's command line.

use std::process::Command;

#[test]
fn the_binary_refuses_to_start_without_database_url_and_names_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .env_remove("DATABASE_URL")
        .output()
        .expect("the binary runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DATABASE_URL is not set"), "{stderr}");
}

#[test]
fn seed_rejects_unknown_options_before_connecting() {
    // An unreachable database: the options are checked before any connection.
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["seed", "--bogus"])
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .output()
        .expect("the binary runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown seed option \"--bogus\""));
}
