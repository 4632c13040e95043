//! Accounts as the pages see them: roles, who is visiting, and the forms that
//! create and open accounts, with their validation. Password strength (a word
//! list check) and hashing happen on the server; everything here is plain.

use serde::{Deserialize, Serialize};

/// What an approved account may do. Member, curator and admin each include
/// the ones before them; a supplier account is none of those: it proposes
/// evidence for its own supplier's technologies and nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Sees consented contacts and can submit deployments.
    Member,
    /// Also reviews submissions and edits catalogue content.
    Curator,
    /// Also approves accounts and grants roles.
    Admin,
    /// Speaks for one supplier: proposes evidence about its technologies.
    Supplier,
}

impl Role {
    /// All roles, the staff ladder lowest first, then the supplier.
    pub const ALL: [Self; 4] = [Self::Member, Self::Curator, Self::Admin, Self::Supplier];

    /// Whether this role may do what `required` may.
    pub fn includes(self, required: Self) -> bool {
        let rank = |r: Self| match r {
            Self::Member => Some(1),
            Self::Curator => Some(2),
            Self::Admin => Some(3),
            Self::Supplier => None,
        };
        match (rank(self), rank(required)) {
            (Some(have), Some(need)) => have >= need,
            _ => self == required,
        }
    }

    /// Curators and admins: they must sign in with two factors.
    pub fn is_staff(self) -> bool {
        matches!(self, Self::Curator | Self::Admin)
    }

    /// The stored id.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Curator => "curator",
            Self::Admin => "admin",
            Self::Supplier => "supplier",
        }
    }

    /// From the stored id.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Member => "Member",
            Self::Curator => "Curator",
            Self::Admin => "Admin",
            Self::Supplier => "Supplier",
        }
    }
}

/// Where an account is in its approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountStatus {
    /// Waiting for an admin.
    Pending,
    /// Can use its role.
    Approved,
    /// Refused by an admin.
    Rejected,
    /// Stopped by an admin: cannot sign in; its sessions ended.
    Suspended,
}

impl AccountStatus {
    /// Every status, in the admin's select order.
    pub const ALL: [Self; 4] = [
        Self::Pending,
        Self::Approved,
        Self::Rejected,
        Self::Suspended,
    ];

    /// Whether an account in this status may sign in (pending accounts may,
    /// to see where they stand; rejected and suspended ones may not).
    pub fn may_sign_in(self) -> bool {
        matches!(self, Self::Pending | Self::Approved)
    }

    /// The stored id.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Suspended => "suspended",
        }
    }

    /// From the stored id.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Waiting for approval",
            Self::Approved => "Approved",
            Self::Rejected => "Not approved",
            Self::Suspended => "Suspended",
        }
    }
}

/// A signed-in account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    /// Account id.
    pub id: i64,
    /// Name shown in the header.
    pub display_name: String,
    /// E-mail address.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Approval.
    pub status: AccountStatus,
    /// The organisation's details saved for the readiness check (a `ctx` value).
    #[serde(default)]
    pub org_context: Option<String>,
    /// Whether the account signs in with an authenticator code too.
    #[serde(default)]
    pub two_factor: bool,
}

impl SignedIn {
    /// A curator or admin who has not yet set up two-factor sign-in: their
    /// staff powers wait until they have.
    pub fn needs_two_factor(&self) -> bool {
        self.role.is_staff() && !self.two_factor
    }
}

/// The cookie holding the CSRF token of a visitor who is not signed in
/// (double-submit: the form carries the same token).
pub const CSRF_COOKIE: &str = "techcat_csrf";

/// The CSRF cookie's name: with the `__Host-` prefix when the site is served
/// over https (the server and the page's script agree on it).
pub fn csrf_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-techcat_csrf"
    } else {
        CSRF_COOKIE
    }
}

/// Who is making this request: the server's session middleware works it out
/// from the cookies and every page and server function reads it from there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visitor {
    /// The account, when signed in (pending accounts included).
    pub account: Option<SignedIn>,
    /// The token every state-changing form must send back.
    pub csrf_token: String,
}

impl Visitor {
    /// Whether the visitor is an approved account with at least `role`; for a
    /// staff role, one that signs in with two factors.
    pub fn has(&self, role: Role) -> bool {
        self.account.as_ref().is_some_and(|a| {
            a.status == AccountStatus::Approved
                && a.role.includes(role)
                && (!role.is_staff() || a.two_factor)
        })
    }
}

/// An account as the admin page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    /// Id.
    pub id: i64,
    /// E-mail address.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Organisation.
    pub organisation: String,
    /// Role.
    pub role: Role,
    /// Approval.
    pub status: AccountStatus,
    /// When it signed up.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The supplier a supplier account speaks for.
    #[serde(default)]
    pub supplier_id: Option<i64>,
}

/// One audit-log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Who ("name <email>"); `None` for a command-line action.
    pub actor: Option<String>,
    /// What was done.
    pub action: String,
    /// The kind of thing changed.
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// The names of the fields it changed (never their values).
    pub fields: Vec<String>,
    /// Related records' ids, as `name: id` pairs.
    pub ids: Vec<(String, i64)>,
}

/// One field's error, shown beside the field and in the error summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's `name` (its input has id `field-{name}`).
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl FieldError {
    /// An error for `field`.
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// A refused form coming back: what was typed (never passwords) and what is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormEcho {
    /// Which form (so one page with two forms knows which was sent).
    pub form: String,
    /// The submitted values, by field name.
    pub values: Vec<(String, String)>,
    /// Field errors, in form order.
    pub errors: Vec<FieldError>,
}

impl FormEcho {
    /// What was typed in `field`, or "".
    pub fn value(&self, field: &str) -> String {
        self.values
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// The error beside `field`, if any.
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    }
}

/// Longest e-mail address accepted (RFC 5321 path limit).
pub const MAX_EMAIL: usize = 254;
/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 12;
/// Longest password accepted (hashing cost stays bounded).
pub const MAX_PASSWORD: usize = 128;
/// Longest name accepted.
pub const MAX_NAME: usize = 100;
/// Longest organisation accepted.
pub const MAX_ORGANISATION: usize = 200;

/// The sign-up form as posted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpForm {
    /// Name.
    pub display_name: String,
    /// Organisation (ICB, trust, practice…).
    pub organisation: String,
    /// E-mail address.
    pub email: String,
    /// Password.
    pub password: String,
    /// Password again.
    pub confirm: String,
}

impl SignUpForm {
    /// Checks every field; returns the cleaned values or every error at once.
    /// (The server adds the password-strength check.)
    pub fn validate(&self) -> Result<NewAccount, Vec<FieldError>> {
        let mut errors = Vec::new();
        let display_name = required_text(
            &mut errors,
            "display_name",
            &self.display_name,
            "your name",
            MAX_NAME,
        );
        let organisation = required_text(
            &mut errors,
            "organisation",
            &self.organisation,
            "your organisation",
            MAX_ORGANISATION,
        );
        let email = check_email(&mut errors, &self.email);
        check_new_password(&mut errors, "password", &self.password, &self.confirm);
        if errors.is_empty() {
            Ok(NewAccount {
                display_name,
                organisation,
                email,
                password: self.password.clone(),
            })
        } else {
            Err(errors)
        }
    }

    /// What to show again (never the passwords).
    pub fn echo(&self, errors: Vec<FieldError>) -> FormEcho {
        FormEcho {
            form: "sign-up".into(),
            values: vec![
                ("display_name".into(), self.display_name.clone()),
                ("organisation".into(), self.organisation.clone()),
                ("email".into(), self.email.clone()),
            ],
            errors,
        }
    }
}

/// A valid sign-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Trimmed name.
    pub display_name: String,
    /// Trimmed organisation.
    pub organisation: String,
    /// Lower-cased, trimmed e-mail.
    pub email: String,
    /// The password as typed.
    pub password: String,
}

/// The sign-in form as posted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInForm {
    /// E-mail address.
    pub email: String,
    /// Password.
    pub password: String,
}

impl SignInForm {
    /// Both fields present and not absurdly long; returns the normalised e-mail.
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = normalise_email(&self.email);
        if email.is_empty() {
            errors.push(FieldError::new("email", "Enter your email address"));
        } else if email.chars().count() > MAX_EMAIL {
            errors.push(FieldError::new(
                "email",
                format!("Email address must be {MAX_EMAIL} characters or fewer"),
            ));
        }
        if self.password.is_empty() {
            errors.push(FieldError::new("password", "Enter your password"));
        } else if self.password.chars().count() > MAX_PASSWORD {
            errors.push(FieldError::new(
                "password",
                format!("Password must be {MAX_PASSWORD} characters or fewer"),
            ));
        }
        if errors.is_empty() {
            Ok(email)
        } else {
            Err(errors)
        }
    }

    /// What to show again (the e-mail only).
    pub fn echo(&self, errors: Vec<FieldError>) -> FormEcho {
        FormEcho {
            form: "sign-in".into(),
            values: vec![("email".into(), self.email.clone())],
            errors,
        }
    }
}

/// The one message for every failed sign-in, so it never tells whether an
/// account exists.
pub const SIGN_IN_FAILED: &str =
    "The email address or password is not right. Check them and try again.";
/// The start of every "too many attempts" message (the same for every address).
pub const SIGN_IN_LOCKED: &str = "Too many attempts to sign in.";
/// The message for a rejected or suspended account, shown only once the
/// password was right.
pub const SIGN_IN_BARRED: &str = "This account cannot sign in: it was not approved or has been suspended. Contact the catalogue team if you think this is wrong.";

/// How long to wait, in words, rounded up: "30 seconds", "1 minute", "15 minutes".
pub fn wait_words(seconds: i64) -> String {
    let seconds = seconds.max(1);
    if seconds < 60 {
        let n = seconds;
        format!("{n} second{}", if n == 1 { "" } else { "s" })
    } else {
        let n = (seconds + 59) / 60;
        format!("{n} minute{}", if n == 1 { "" } else { "s" })
    }
}

/// The refusal after too many attempts, stating the wait (never a sleep on
/// the server).
pub fn sign_in_wait(seconds: i64) -> String {
    format!("{SIGN_IN_LOCKED} Try again in {}.", wait_words(seconds))
}

/// Checks a new password typed in `field` and its confirmation (`confirm`):
/// present, between the length bounds, and the same twice. (The server adds
/// the strength check.)
pub fn check_new_password(
    errors: &mut Vec<FieldError>,
    field: &str,
    password: &str,
    confirm: &str,
) {
    let chars = password.chars().count();
    if chars == 0 {
        errors.push(FieldError::new(field, "Enter a password"));
    } else if chars < MIN_PASSWORD {
        errors.push(FieldError::new(
            field,
            format!("Password must be {MIN_PASSWORD} characters or more"),
        ));
    } else if chars > MAX_PASSWORD {
        errors.push(FieldError::new(
            field,
            format!("Password must be {MAX_PASSWORD} characters or fewer"),
        ));
    } else if confirm != password {
        errors.push(FieldError::new("confirm", "Passwords do not match"));
    }
}

/// Lower-case and trim an e-mail address.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn check_email(errors: &mut Vec<FieldError>, raw: &str) -> String {
    check_email_field(errors, "email", raw)
}

/// Checks an email address typed into `field`: the address normalised, and
/// any error pushed.
pub fn check_email_field(errors: &mut Vec<FieldError>, field: &str, raw: &str) -> String {
    let email = normalise_email(raw);
    let well_formed = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if email.is_empty() {
        errors.push(FieldError::new(field, "Enter your email address"));
    } else if email.chars().count() > MAX_EMAIL {
        errors.push(FieldError::new(
            field,
            format!("Email address must be {MAX_EMAIL} characters or fewer"),
        ));
    } else if !well_formed {
        errors.push(FieldError::new(
            field,
            "Enter an email address in the correct format, like name@example.nhs.uk",
        ));
    }
    email
}

/// A required, trimmed text field of at most `max` characters.
pub fn required_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    raw: &str,
    what: &str,
    max: usize,
) -> String {
    let value = raw.trim().to_owned();
    if value.is_empty() {
        errors.push(FieldError::new(field, format!("Enter {what}")));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!("{} must be {max} characters or fewer", capitalise(what)),
        ));
    }
    value
}

fn capitalise(what: &str) -> String {
    let what = what.strip_prefix("your ").unwrap_or(what);
    let mut chars = what.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_stated_in_whole_units_rounded_up() {
        assert_eq!(wait_words(0), "1 second");
        assert_eq!(wait_words(30), "30 seconds");
        assert_eq!(wait_words(60), "1 minute");
        assert_eq!(wait_words(61), "2 minutes");
        assert_eq!(wait_words(900), "15 minutes");
        assert_eq!(
            sign_in_wait(119),
            "Too many attempts to sign in. Try again in 2 minutes."
        );
    }

    #[test]
    fn only_pending_and_approved_accounts_sign_in() {
        assert!(AccountStatus::Approved.may_sign_in() && AccountStatus::Pending.may_sign_in());
        assert!(!AccountStatus::Rejected.may_sign_in() && !AccountStatus::Suspended.may_sign_in());
        for s in AccountStatus::ALL {
            assert_eq!(AccountStatus::parse(s.as_str()), Some(s));
        }
    }

    fn good() -> SignUpForm {
        SignUpForm {
            display_name: " Alex Example ".into(),
            organisation: "NHS Example ICB".into(),
            email: " Alex@Example.NHS.uk ".into(),
            password: "correct horse battery staple".into(),
            confirm: "correct horse battery staple".into(),
        }
    }

    #[test]
    fn a_good_sign_up_is_cleaned() {
        let ok = good().validate().expect("valid");
        assert_eq!(ok.email, "alex@example.nhs.uk");
        assert_eq!(ok.display_name, "Alex Example");
    }

    #[test]
    fn every_field_error_is_reported_at_once() {
        let form = SignUpForm {
            display_name: "  ".into(),
            organisation: "x".repeat(MAX_ORGANISATION + 1),
            email: "not-an-email".into(),
            password: "short".into(),
            confirm: "short".into(),
        };
        let errors = form.validate().expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["display_name", "organisation", "email", "password"]
        );
        assert_eq!(errors[0].message, "Enter your name");
        assert_eq!(
            errors[1].message,
            "Organisation must be 200 characters or fewer"
        );
    }

    #[test]
    fn passwords_must_match_and_be_bounded() {
        let mut form = good();
        form.confirm = "something else entirely".into();
        assert_eq!(form.validate().expect_err("mismatch")[0].field, "confirm");
        form.password = "a".repeat(MAX_PASSWORD + 1);
        form.confirm = form.password.clone();
        assert!(
            form.validate().expect_err("long")[0]
                .message
                .contains("128")
        );
    }

    #[test]
    fn echo_never_carries_passwords() {
        let echo = good().echo(vec![]);
        assert!(
            echo.values
                .iter()
                .all(|(k, _)| !k.contains("password") && k != "confirm")
        );
        assert_eq!(echo.value("email"), " Alex@Example.NHS.uk ");
        let echo = SignInForm {
            email: "a@b.cd".into(),
            password: "secret".into(),
        }
        .echo(vec![]);
        assert_eq!(echo.values.len(), 1);
    }

    #[test]
    fn email_formats() {
        for bad in [
            "a@b",
            "@b.com",
            "a b@c.com",
            "a@.com",
            "a@b.com.",
            "a@@b.com",
        ] {
            let mut errors = Vec::new();
            check_email(&mut errors, bad);
            assert_eq!(errors.len(), 1, "{bad}");
        }
        let mut errors = Vec::new();
        check_email(&mut errors, "first.last+tag@nhs.net");
        assert!(errors.is_empty());
    }

    #[test]
    fn roles_nest_and_only_approved_accounts_use_them() {
        let mut v = Visitor {
            account: Some(SignedIn {
                id: 1,
                display_name: "A".into(),
                email: "a@b.cd".into(),
                role: Role::Curator,
                status: AccountStatus::Approved,
                org_context: None,
                two_factor: false,
            }),
            csrf_token: String::new(),
        };
        // Staff powers wait for two-factor sign-in; a member's do not.
        assert!(v.has(Role::Member) && !v.has(Role::Curator));
        assert!(v.account.as_ref().is_some_and(SignedIn::needs_two_factor));
        if let Some(a) = v.account.as_mut() {
            a.two_factor = true;
        }
        assert!(v.has(Role::Member) && v.has(Role::Curator) && !v.has(Role::Admin));
        assert!(!v.account.as_ref().is_some_and(SignedIn::needs_two_factor));
        if let Some(a) = v.account.as_mut() {
            a.status = AccountStatus::Pending;
        }
        assert!(!v.has(Role::Member));
        assert!(!Visitor::default().has(Role::Member));
        assert_eq!(Role::parse("admin"), Some(Role::Admin));
        assert_eq!(Role::parse("root"), None);
        // A supplier account is not a member: no contacts, no submissions.
        assert!(Role::Supplier.includes(Role::Supplier));
        assert!(!Role::Supplier.includes(Role::Member));
        assert!(!Role::Admin.includes(Role::Supplier));
        assert!(Role::Admin.includes(Role::Member));
    }
}
