//! Argon2id password hashes (the crate's recommended parameters) and the
//! strength check (zxcvbn with its built-in frequency lists). Hashing and
//! verifying run on the blocking pool behind a bounded gate: each costs about
//! 19 MiB and a few tens of milliseconds of a core, so a burst waits in a short
//! queue, and once the queue is full the request is answered 503 at once.

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

/// The password work is busy: answer 503 and ask the client to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

/// A bounded gate in front of the Argon2 work: `running` at once, at most
/// `queued` more waiting; beyond that, [`Busy`] at once.
pub struct Gate {
    permits: tokio::sync::Semaphore,
    capacity: usize,
    holding: std::sync::atomic::AtomicUsize,
}

impl Gate {
    /// A gate for `running` jobs at once and `queued` waiting.
    pub fn new(running: usize, queued: usize) -> Self {
        let running = running.max(1);
        Self {
            permits: tokio::sync::Semaphore::new(running),
            capacity: running + queued,
            holding: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Runs `job` on the blocking pool when a place is free, or refuses at
    /// once when the queue is full.
    pub async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        use std::sync::atomic::Ordering;
        if self.holding.fetch_add(1, Ordering::AcqRel) >= self.capacity {
            self.holding.fetch_sub(1, Ordering::AcqRel);
            return Err(Busy);
        }
        // Released however this future ends (even if it is dropped).
        struct Leave<'a>(&'a std::sync::atomic::AtomicUsize);
        impl Drop for Leave<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::AcqRel);
            }
        }
        let _leave = Leave(&self.holding);
        let _permit = self.permits.acquire().await.map_err(|_| Busy)?;
        tokio::task::spawn_blocking(job).await.map_err(|_| Busy)
    }
}

/// The process's gate: as many jobs as cores, and four times that waiting.
pub fn gate() -> &'static Gate {
    static GATE: std::sync::OnceLock<Gate> = std::sync::OnceLock::new();
    GATE.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Gate::new(cores, cores * 4)
    })
}

/// [`hash_password`] through the gate.
pub async fn hash_gated(password: &str) -> Result<anyhow::Result<String>, Busy> {
    let password = password.to_owned();
    gate().run(move || hash_password(&password)).await
}

/// [`verify_password`] through the gate.
pub async fn verify_gated(password: &str, phc: &str) -> Result<bool, Busy> {
    let (password, phc) = (password.to_owned(), phc.to_owned());
    gate().run(move || verify_password(&password, &phc)).await
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_gate_refuses_at_once_and_frees_its_places() {
        let gate = std::sync::Arc::new(Gate::new(1, 1));
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let wait = std::sync::Arc::new(std::sync::Mutex::new(wait));
        let mut jobs = Vec::new();
        for _ in 0..2 {
            let (gate, wait) = (gate.clone(), wait.clone());
            jobs.push(tokio::spawn(async move {
                gate.run(move || {
                    let _ = wait.lock().map(|w| w.recv());
                })
                .await
            }));
        }
        // Let both take their places (one running, one queued).
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let started = std::time::Instant::now();
        assert_eq!(gate.run(|| ()).await, Err(Busy));
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
        release.send(()).expect("send");
        release.send(()).expect("send");
        for job in jobs {
            assert_eq!(job.await.expect("joined"), Ok(()));
        }
        assert_eq!(gate.run(|| 7).await, Ok(7));
    }

    #[test]
    fn common_passwords_are_refused_and_random_words_pass() {
        assert!(strength_error("password1234", &[]).is_some());
        assert!(strength_error("123456789012", &[]).is_some());
        assert!(strength_error("letmein12345", &[]).is_some());
        assert!(strength_error("violet tractor pebble lagoon", &[]).is_none());
    }
}
