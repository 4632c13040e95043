//! Which source texts a curator may save. A source is one or more entries
//! separated by ` ; `; each starts with an address and may go on with words
//! ("www.example.org copy of MIB318"). An address is a full `http(s)://`
//! address, the stored notation without a scheme (`www.nice.org.uk/guidance/MTG32`,
//! `host:443/path`), or `github:owner/repo path`. Any other scheme
//! (`javascript:`, `data:`, `mailto:`, …) is refused.

/// The longest source text accepted.
pub const MAX_SOURCE: usize = 1000;

/// Why a source was refused, in words for the form.
pub fn check_source(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter the source: the address where this can be checked".to_owned());
    }
    if text.chars().count() > MAX_SOURCE {
        return Err(format!(
            "The source must be {MAX_SOURCE} characters or fewer"
        ));
    }
    if text.chars().any(char::is_control) {
        return Err("The source must be on one line".to_owned());
    }
    for entry in text.split(';').map(str::trim) {
        let address = entry.split_whitespace().next().unwrap_or("");
        if !is_address(address) {
            return Err(format!(
                "{:?} is not a web address: start each source with https://, a site's address like www.nice.org.uk/guidance/MTG32, or github:owner/repository",
                shorten(address)
            ));
        }
    }
    Ok(text.to_owned())
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// One address: `http(s)://host/...`, `host[:port][/...]` or `github:owner/repo`.
fn is_address(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("github:") {
        let mut parts = rest.splitn(3, '/');
        let owner = parts.next().unwrap_or("");
        let repo = parts.next().unwrap_or("");
        return is_name(owner) && is_name(repo);
    }
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok && is_host(host)
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A DNS name with at least one dot and a top-level label of letters (a
/// trailing dot allowed, as in the stored data).
fn is_host(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.len() > 253 || !host.contains('.') {
        return false;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_notations_and_full_addresses_are_accepted() {
        for ok in [
            "https://www.nice.org.uk/guidance/MTG32",
            "http://example.org",
            "www.nice.org.uk/guidance/MTG32 ; cdn-corpweb.heartflow.com copy of MTG32 ('Published: 13 February 2017')",
            "forum.reanfoundation.org:443/topic/3720/virtual-reality",
            "slideplayer.com./amp/14357967",
            "www.wired-gov.net (NICE press release, 2 Dec 2020)",
            "github:owner/repo path/to/file.md",
            "HTTPS://WWW.NHS.UK/conditions",
        ] {
            assert_eq!(check_source(ok).as_deref(), Ok(ok), "{ok}");
        }
    }

    #[test]
    fn other_schemes_and_non_addresses_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "mailto:someone@example.org",
            "ftp://example.org/file",
            "vbscript:msgbox",
            "the supplier told me",
            "https://",
            "https://localhost/x",
            "www.nice.org.uk ; javascript:alert(1)",
            "github:owner",
            "",
            "   ",
            "www.example.org/a\nb",
        ] {
            assert!(check_source(bad).is_err(), "{bad:?}");
        }
        assert!(check_source(&format!("www.example.org/{}", "a".repeat(MAX_SOURCE))).is_err());
    }
}
