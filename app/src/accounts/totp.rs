//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second
//! steps) and recovery codes: the arithmetic only. What is stored, and the
//! rule that a code works once, live in `db::two_factor`.

use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Seconds per time step.
pub const STEP_SECONDS: u64 = 30;
/// Bytes of secret (160 bits, as RFC 4226 recommends).
pub const SECRET_BYTES: usize = 20;
/// Recovery codes made at a time.
pub const RECOVERY_CODES: usize = 10;
/// The name authenticator apps show beside the account.
pub const ISSUER: &str = "Proven health technologies catalogue";

/// A new random secret.
pub fn new_secret() -> [u8; SECRET_BYTES] {
    let mut secret = [0u8; SECRET_BYTES];
    getrandom::fill(&mut secret).unwrap_or_else(|e| panic!("no OS randomness: {e}"));
    secret
}

/// The time step of `unix_seconds`.
pub fn step_at(unix_seconds: u64) -> u64 {
    unix_seconds / STEP_SECONDS
}

/// The step now.
pub fn step_now() -> u64 {
    step_at(u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0))
}

/// The 6-digit code for `step` (RFC 4226's dynamic truncation).
pub fn code_at(secret: &[u8], step: u64) -> String {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        unreachable!("HMAC takes a key of any length")
    };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let word = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:06}", word % 1_000_000)
}

/// The code now (what an authenticator shows; tests use it).
pub fn code_now(secret: &[u8]) -> String {
    code_at(secret, step_now())
}

/// What was typed, as six digits (spaces and dashes allowed between them).
pub fn typed_code(typed: &str) -> Option<String> {
    if typed.len() > 20 {
        return None;
    }
    let digits: String = typed.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The step `code` belongs to, among the one before `now`, `now` and the one
/// after (clocks drift), and only if later than `after` (the last step
/// accepted: so a code works once). Compared in constant time.
pub fn matching_step(secret: &[u8], code: &str, now: u64, after: u64) -> Option<u64> {
    let mut found = None;
    for step in now.saturating_sub(1)..=now + 1 {
        let same: bool = code_at(secret, step)
            .as_bytes()
            .ct_eq(code.as_bytes())
            .into();
        if same && step > after && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// RFC 4648 base32 without padding: the secret as people type it.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The secret in groups of four, for typing into an app by hand.
pub fn grouped(secret: &[u8]) -> String {
    let text = base32(secret);
    text.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_uri(secret: &[u8], account: &str) -> String {
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    // Labels use %20, not +, for spaces.
    let issuer = enc(ISSUER).replace('+', "%20");
    format!(
        "otpauth://totp/{issuer}:{}?secret={}&issuer={issuer}&algorithm=SHA1&digits=6&period={STEP_SECONDS}",
        enc(account).replace('+', "%20"),
        base32(secret)
    )
}

/// The QR code of `text` as an SVG (dark modules on white, with the quiet zone).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .dark_color(qrcode::render::svg::Color("#000000"))
            .light_color(qrcode::render::svg::Color("#ffffff"))
            .build(),
    )
}

/// New recovery codes: 12 characters from an alphabet without look-alikes
/// (60 bits each), shown as `xxxx-xxxx-xxxx`.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8; 32] = b"abcdefghjkmnpqrstuvwxyz023456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 12];
            getrandom::fill(&mut bytes).unwrap_or_else(|e| panic!("no OS randomness: {e}"));
            let chars: Vec<char> = bytes
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
                .collect();
            chars
                .chunks(4)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// A typed recovery code as stored (lower case, no dashes or spaces), if it
/// has the shape of one.
pub fn typed_recovery_code(typed: &str) -> Option<String> {
    if typed.len() > 40 {
        return None;
    }
    let plain: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (plain.len() == 12 && plain.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(plain)
}

/// SHA-256 of a recovery code as stored (see [`typed_recovery_code`]).
pub fn recovery_hash(code: &str) -> Vec<u8> {
    let plain = typed_recovery_code(code).unwrap_or_default();
    Sha256::digest(plain.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (the last 6 of the 8 digits).
    #[test]
    fn matches_the_rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, expected) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(code_at(secret, step_at(time)), expected, "time {time}");
        }
    }

    #[test]
    fn a_code_is_accepted_once_within_one_step_of_drift() {
        let secret = b"12345678901234567890";
        let now = 1000;
        let code = code_at(secret, now);
        assert_eq!(matching_step(secret, &code, now, 0), Some(now));
        // A code already used (its step accepted) is refused.
        assert_eq!(matching_step(secret, &code, now, now), None);
        // One step either side is allowed; two are not.
        assert_eq!(
            matching_step(secret, &code_at(secret, now - 1), now, 0),
            Some(now - 1)
        );
        assert_eq!(
            matching_step(secret, &code_at(secret, now + 1), now, 0),
            Some(now + 1)
        );
        assert_eq!(
            matching_step(secret, &code_at(secret, now - 2), now, 0),
            None
        );
        assert_eq!(
            matching_step(secret, &code_at(secret, now + 2), now, 0),
            None
        );
        // The code of the step before is refused once the current one was used.
        assert_eq!(
            matching_step(secret, &code_at(secret, now - 1), now, now),
            None
        );
    }

    #[test]
    fn typed_codes_allow_spaces_but_nothing_else() {
        assert_eq!(typed_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(typed_code("123-456").as_deref(), Some("123456"));
        assert_eq!(typed_code("12345"), None);
        assert_eq!(typed_code("12345a"), None);
        assert_eq!(typed_code(&"1".repeat(1000)), None);
    }

    #[test]
    fn base32_matches_rfc_4648() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        assert_eq!(grouped(b"foobar"), "MZXW 6YTB OI");
    }

    #[test]
    fn the_otpauth_address_and_its_qr_code() {
        let uri = otpauth_uri(b"12345678901234567890", "a.b+c@example.nhs.uk");
        assert!(uri.starts_with(
            "otpauth://totp/Proven%20health%20technologies%20catalogue:a.b%2Bc%40example.nhs.uk?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Proven%20health"
        ));
        assert!(uri.ends_with("&algorithm=SHA1&digits=6&period=30"));
        let svg = qr_svg(&uri).expect("svg");
        assert!(svg.contains("<svg") && svg.contains("#000000"));
    }

    #[test]
    fn recovery_codes_are_distinct_and_read_back_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        let code = &codes[0];
        assert_eq!(code.len(), 14);
        assert_eq!(
            recovery_hash(code),
            recovery_hash(&code.to_uppercase().replace('-', " "))
        );
        assert_eq!(typed_recovery_code("abc"), None);
        assert_eq!(typed_recovery_code("123456"), None);
    }
}
