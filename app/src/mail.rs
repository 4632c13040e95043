//! Delivering the outbox. Features queue messages in the transaction of the
//! change they report (`db::outbox::enqueue`); a background sender in every
//! server process claims due messages one at a time (a locked row, so each
//! goes once whatever the number of processes) and delivers them over SMTP
//! (`SMTP_URL`, from `MAIL_FROM`), or without SMTP into a folder (`MAIL_DIR`,
//! what `scripts/run` does). A failure puts the message back with a growing
//! wait; nothing is lost while the SMTP server is down.

use crate::db::outbox::{self, Queued};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};
use sqlx::PgPool;
use std::{path::PathBuf, time::Duration};

/// Where messages go.
#[derive(Clone)]
enum Delivery {
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Files in a folder, one `.eml` per message.
    Folder(PathBuf),
    /// Nowhere yet: messages wait in the outbox.
    Off,
}

/// The configured sender.
#[derive(Clone)]
pub struct Mailer {
    delivery: Delivery,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = match &self.delivery {
            Delivery::Smtp(_) => "smtp".to_owned(),
            Delivery::Folder(p) => format!("folder {}", p.display()),
            Delivery::Off => "off".to_owned(),
        };
        f.debug_struct("Mailer")
            .field("delivery", &how)
            .field("from", &self.from.to_string())
            .finish()
    }
}

/// The sender's address when `MAIL_FROM` is not set.
pub const DEFAULT_FROM: &str = "Proven health technologies catalogue <no-reply@localhost>";

impl Mailer {
    /// From the settings: `SMTP_URL` (`smtp://host:port`, `smtps://…`, or
    /// `smtp://…?tls=required`), else `MAIL_DIR`, else off. `MAIL_FROM` is a
    /// mailbox (`Name <address>`); it is required with `SMTP_URL`.
    pub fn from_settings(
        smtp_url: Option<&str>,
        mail_from: Option<&str>,
        mail_dir: Option<&str>,
    ) -> Result<Self, String> {
        let from = match mail_from {
            Some(f) => f.parse::<Mailbox>().map_err(|_| {
                format!("MAIL_FROM {f:?} is not an address like Name <name@example.org>")
            })?,
            None if smtp_url.is_some() => {
                return Err("MAIL_FROM must be set with SMTP_URL".to_owned());
            }
            None => DEFAULT_FROM.parse::<Mailbox>().map_err(|e| e.to_string())?,
        };
        let delivery = match (smtp_url, mail_dir) {
            (Some(url), _) => Delivery::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|_| format!("SMTP_URL {url:?} is not an smtp:// or smtps:// address"))?
                    .timeout(Some(Duration::from_secs(10)))
                    .build(),
            ),
            (None, Some(dir)) => Delivery::Folder(PathBuf::from(dir)),
            (None, None) => Delivery::Off,
        };
        Ok(Self { delivery, from })
    }

    /// Whether messages are delivered at all.
    pub fn is_off(&self) -> bool {
        matches!(self.delivery, Delivery::Off)
    }

    /// What the log says at start-up.
    pub fn describe(&self) -> String {
        match &self.delivery {
            Delivery::Smtp(_) => "email is sent over SMTP (SMTP_URL)".to_owned(),
            Delivery::Folder(p) => format!(
                "email is written to {} (no SMTP_URL set): open the .eml files to read it",
                p.display()
            ),
            Delivery::Off => {
                "email is not sent (set SMTP_URL, or MAIL_DIR for a folder): messages wait in the outbox"
                    .to_owned()
            }
        }
    }

    /// Delivers one message.
    async fn send(&self, q: &Queued) -> Result<(), String> {
        let to: Mailbox = q
            .to_address
            .parse()
            .map_err(|_| "the recipient is not a valid address".to_owned())?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(q.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(q.body.clone())
            .map_err(|e| format!("could not build the message: {e}"))?;
        match &self.delivery {
            Delivery::Smtp(transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| format!("SMTP: {e}")),
            Delivery::Folder(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("mail folder: {e}"))?;
                let path = dir.join(format!("{:08}.eml", q.id));
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(|e| format!("mail folder: {e}"))
            }
            Delivery::Off => Err("email is off".to_owned()),
        }
    }
}

/// Delivers every due message (at most `limit`), one transaction each.
/// Returns how many were sent.
pub async fn deliver_due(pool: &PgPool, mailer: &Mailer, limit: usize) -> sqlx::Result<usize> {
    if mailer.is_off() {
        return Ok(0);
    }
    let mut sent = 0;
    for _ in 0..limit {
        let mut tx = pool.begin().await?;
        let Some(q) = outbox::claim(&mut tx).await? else {
            break;
        };
        match mailer.send(&q).await {
            Ok(()) => {
                outbox::sent(&mut tx, q.id).await?;
                sent += 1;
            }
            Err(why) => {
                tracing::warn!(message = q.id, attempts = q.attempts + 1, error = %why, "could not send a message; will retry");
                outbox::failed(&mut tx, &q, &why).await?;
            }
        }
        tx.commit().await?;
    }
    Ok(sent)
}

/// The background sender: every few seconds, delivers what is due.
pub async fn run(pool: PgPool, mailer: Mailer) {
    if mailer.is_off() {
        return;
    }
    let mut tick = tokio::time::interval(Duration::from_secs(3));
    loop {
        tick.tick().await;
        if let Err(e) = deliver_due(&pool, &mailer, 50).await {
            tracing::warn!(error = %e, "the mail sender could not reach the database; will retry");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked() {
        assert!(
            Mailer::from_settings(None, None, None)
                .expect("off")
                .is_off()
        );
        assert!(
            !Mailer::from_settings(None, None, Some("/tmp/mail"))
                .expect("folder")
                .is_off()
        );
        let err = Mailer::from_settings(Some("smtp://127.0.0.1:2525"), None, None)
            .expect_err("needs MAIL_FROM");
        assert!(err.contains("MAIL_FROM"));
        assert!(Mailer::from_settings(Some("ftp://x"), Some("A <a@example.org>"), None).is_err());
        assert!(Mailer::from_settings(None, Some("not an address"), None).is_err());
        assert!(
            Mailer::from_settings(
                Some("smtp://127.0.0.1:2525"),
                Some("Catalogue <c@example.org>"),
                None
            )
            .is_ok()
        );
    }
}
