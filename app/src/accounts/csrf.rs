//! The CSRF check every state-changing form passes: the token in the form must
//! equal the visitor's (the session's for a signed-in account, the cookie's
//! otherwise), compared in constant time.

use crate::domain::Visitor;
use subtle::ConstantTimeEq;

/// Whether the form's `token` is the visitor's.
pub fn token_matches(visitor: &Visitor, token: &str) -> bool {
    !visitor.csrf_token.is_empty()
        && visitor.csrf_token.len() == token.len()
        && bool::from(visitor.csrf_token.as_bytes().ct_eq(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_token_passes() {
        let v = Visitor {
            account: None,
            csrf_token: "a".repeat(64),
        };
        assert!(token_matches(&v, &"a".repeat(64)));
        assert!(!token_matches(&v, &"b".repeat(64)));
        assert!(!token_matches(&v, ""));
        assert!(!token_matches(&Visitor::default(), ""));
    }
}
