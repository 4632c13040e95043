//! The one reading and writing of `application/x-www-form-urlencoded` text,
//! as a browser sends a GET form's query or a POST form's body, on the
//! `form_urlencoded` crate. Every query type (the catalogue's, the comparison's,
//! the organisation's context, the cost view's assumptions) reads its pairs here.

/// Splits and decodes form-encoded text into pairs (a leading `?` is ignored).
/// Malformed escapes are kept as written and invalid UTF-8 is replaced, as
/// browsers do. Control characters mean nothing in a link, so they never reach
/// a query or a page: tabs and line breaks become spaces, the rest (`%00`,
/// `%7F`, …) are left out.
pub fn form_pairs(raw: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.trim_start_matches('?').as_bytes())
        .map(|(k, v)| (without_controls(&k), without_controls(&v)))
        .collect()
}

/// Form-encodes one value (a space is `+`; letters, digits and `*-._` stay).
pub fn encode(v: &str) -> String {
    form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

fn without_controls(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            c if c.is_whitespace() && c.is_control() => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn decoding_handles_plus_escapes_and_bad_escapes() {
        assert_eq!(
            form_pairs("?q=caf%C3%A9+bar&x=%ZZ&y=%E2&&flag"),
            pairs(&[
                ("q", "café bar"),
                ("x", "%ZZ"),
                ("y", "\u{FFFD}"),
                ("flag", "")
            ])
        );
    }

    #[test]
    fn control_characters_never_reach_a_query() {
        assert_eq!(
            form_pairs("ctx=v1%00.x%0D%0A&q=a%09b%7F"),
            pairs(&[("ctx", "v1.x  "), ("q", "a b")])
        );
    }

    #[test]
    fn encoding_round_trips_through_decoding() {
        for v in ["café & co", "a+b=c", "100% / 50%", "€\u{1F600}", "x~y*z"] {
            let encoded = encode(v);
            assert!(
                encoded
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"%+*-._".contains(&b)),
                "{encoded}"
            );
            assert_eq!(form_pairs(&format!("k={encoded}")), pairs(&[("k", v)]));
        }
        assert_eq!(encode("skin lesion"), "skin+lesion");
    }
}
