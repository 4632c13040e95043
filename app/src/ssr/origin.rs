//! The public origin of the service, for links meant to be shared.

/// The origin the public reaches the service at (`https://host`), for links
/// meant to be shared; from the `PUBLIC_ORIGIN` setting, never from a request's
/// `Host` header, which the client writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicOrigin(std::sync::Arc<str>);

impl PublicOrigin {
    /// Checks `value`: `http` or `https`, a host (letters, digits, `.`, `-`, or
    /// an IPv6 address in brackets), an optional port, nothing after; one
    /// trailing `/` is dropped.
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.strip_suffix('/').unwrap_or(value);
        let rest = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"))
            .ok_or("it must start with https:// or http://")?;
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(':') && !p.contains(']') => (h, Some(p)),
            _ => (rest, None),
        };
        let host_ok = if let Some(ip6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            !ip6.is_empty() && ip6.chars().all(|c| c.is_ascii_hexdigit() || c == ':')
        } else {
            !host.is_empty()
                && host.len() <= 253
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        };
        if !host_ok {
            return Err("its host is not a plain host name or address".into());
        }
        if port.is_some_and(|p| p.parse::<u16>().map_or(true, |n| n == 0)) {
            return Err("its port is not a number from 1 to 65535".into());
        }
        Ok(Self(value.into()))
    }

    /// `http://ADDRESS`, for a server without the setting.
    pub fn for_address(addr: std::net::SocketAddr) -> Self {
        Self(format!("http://{addr}").into())
    }

    /// The origin, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the public reaches the service over https.
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::PublicOrigin;

    #[test]
    fn public_origins_are_plain_origins() {
        for ok in [
            "https://catalogue.example.nhs.uk",
            "https://catalogue.example.nhs.uk/",
            "http://127.0.0.1:3000",
            "http://[::1]:8080",
        ] {
            assert!(PublicOrigin::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            PublicOrigin::parse("https://a.example/")
                .expect("an origin")
                .as_str(),
            "https://a.example"
        );
        for bad in [
            "catalogue.example",
            "ftp://a.example",
            "https://",
            "https://a.example/path",
            "https://a.example:0",
            "https://a.example:99999",
            "https://user@a.example",
            "javascript:alert(1)",
            "https://a.example?x",
        ] {
            assert!(PublicOrigin::parse(bad).is_err(), "{bad}");
        }
        assert!(
            PublicOrigin::parse("https://a.example")
                .expect("an origin")
                .is_https()
        );
        assert!(
            !PublicOrigin::parse("http://a.example")
                .expect("an origin")
                .is_https()
        );
    }
}
