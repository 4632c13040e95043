//! Argon2id password hashes (the crate's recommended parameters) and the
//! strength check (zxcvbn with its built-in frequency lists).

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};

/// The lowest zxcvbn score accepted (0–4; 3 = "safely unguessable").
const MIN_SCORE: u8 = 3;

/// An Argon2id PHC string for `password`.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("could not hash the password: {e}"))
}

/// Whether `password` matches the stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A hash to verify against when the account does not exist, so a wrong e-mail
/// takes as long as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password, only for timing").unwrap_or_default())
}

/// Why `password` is too guessable, or `None`. `context` holds the user's own
/// words (name, e-mail) so they count against it.
pub fn strength_error(password: &str, context: &[&str]) -> Option<String> {
    let estimate = zxcvbn::zxcvbn(password, context);
    if (estimate.score() as u8) >= MIN_SCORE {
        return None;
    }
    let advice = estimate
        .feedback()
        .and_then(|f| f.warning().map(|w| w.to_string()))
        .filter(|w| !w.is_empty());
    Some(match advice {
        Some(w) => format!("Choose a password that is harder to guess. {w}"),
        None => "Choose a password that is harder to guess, for example three or four random words"
            .to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash_password("correct horse battery staple").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery staple", &h));
        assert!(!verify_password("correct horse battery stapler", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn common_passwords_are_refused_and_random_words_pass() {
        assert!(strength_error("password1234", &[]).is_some());
        assert!(strength_error("123456789012", &[]).is_some());
        assert!(strength_error("letmein12345", &[]).is_some());
        assert!(strength_error("violet tractor pebble lagoon", &[]).is_none());
    }
}
