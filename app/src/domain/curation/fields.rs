//! A field of an edit form: what it accepts, how a typed value is read (with
//! bounds, in linear time), and how a stored value is written back into the
//! form and shown in plain words in the history.

use crate::domain::{FieldError, PartialDate, is_icb_code, pounds};
use chrono::NaiveDate;

/// What a field accepts.
#[derive(Debug, Clone, Copy)]
pub enum Input {
    /// One line of text, at most this many characters.
    Text(usize),
    /// Several lines of text, at most this many characters.
    Long(usize),
    /// One of a list of (id, label).
    Choice(fn() -> Vec<(&'static str, &'static str)>),
    /// An amount in pounds, stored in pence (more than zero).
    Pounds,
    /// A year, 1990 to 2100.
    Year,
    /// A number from 0 to this bound, at most two decimal places.
    Decimal(f64),
    /// Yes or no (a checkbox).
    Flag,
    /// A comma-separated list of short names.
    List,
    /// A lower-case key like `workforce_time`.
    Key,
    /// A NICE reference like `MTG32`.
    NiceRef,
    /// A month or a day: `YYYY-MM` or `YYYY-MM-DD`, kept as text.
    Month,
    /// An ICB's ODS code.
    Icb,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, stored as a date plus its precision
    /// in the named column.
    PartialDate(&'static str),
}

/// One field of a block.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The column, and the form field's name.
    pub name: &'static str,
    /// The label.
    pub label: &'static str,
    /// What it accepts.
    pub input: Input,
    /// It cannot be left empty.
    pub required: bool,
    /// Set when a claim is added, never changed afterwards (the record's key).
    pub fixed: bool,
    /// A column saying this part was seen in the source: kept true only while
    /// the part has a value and the claim is verified.
    pub companion: Option<&'static str>,
}

/// A check across two fields of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// `high`, when given, needs `low` and must be more than it.
    Above {
        /// The upper value.
        high: &'static str,
        /// The lower value.
        low: &'static str,
    },
    /// `field` may be given only when `other` is `value`.
    OnlyWhen {
        /// The dependent field.
        field: &'static str,
        /// The field it depends on.
        other: &'static str,
        /// The value that allows it.
        value: &'static str,
    },
}

impl Check {
    /// The fields it names.
    pub fn fields(&self) -> [&'static str; 2] {
        match *self {
            Self::Above { high, low } => [high, low],
            Self::OnlyWhen { field, other, .. } => [field, other],
        }
    }
}

/// A field's value, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Not given.
    Null,
    /// Text (also choices, keys and references).
    Text(String),
    /// A whole number (pence, years).
    Int(i64),
    /// A decimal, as its canonical text (`1.5`).
    Decimal(String),
    /// Yes or no.
    Bool(bool),
    /// A list of short names.
    List(Vec<String>),
    /// A date with its precision.
    Date(PartialDate),
}

impl Value {
    /// Nothing given.
    pub fn is_null(&self) -> bool {
        match self {
            Self::Null => true,
            Self::List(items) => items.is_empty(),
            _ => false,
        }
    }
}

/// Characters in a list item.
const MAX_ITEM: usize = 60;
/// Items in a list.
const MAX_ITEMS: usize = 30;
/// The largest amount accepted, in pence (£100 million).
const MAX_PENCE: i64 = 10_000_000_000;

impl FieldSpec {
    /// Reads what was typed into this field. `Ok(Value::Null)` for an empty
    /// optional field.
    pub fn read(&self, raw: &str) -> Result<Value, FieldError> {
        let text = raw.trim();
        let err = |m: String| FieldError::new(self.name, m);
        let what = self.label.to_lowercase();
        if text.is_empty() {
            return match self.input {
                Input::Flag => Ok(Value::Bool(false)),
                _ if self.required => Err(err(match self.input {
                    Input::Choice(_) => format!("Select {what}"),
                    _ => format!("Enter {what}"),
                })),
                _ => Ok(Value::Null),
            };
        }
        match self.input {
            Input::Text(max) | Input::Long(max) => {
                if text.chars().count() > max {
                    Err(err(format!(
                        "{} must be {max} characters or fewer",
                        self.label
                    )))
                } else {
                    Ok(Value::Text(text.to_owned()))
                }
            }
            Input::Choice(options) => options()
                .iter()
                .find(|(id, _)| *id == text)
                .map(|(id, _)| Value::Text((*id).to_owned()))
                .ok_or_else(|| err(format!("Select {what} from the list"))),
            Input::Pounds => read_pounds(text).map(Value::Int).ok_or_else(|| {
                err(format!(
                    "Enter {what} as an amount more than £0, like 24 or 1,250.50"
                ))
            }),
            Input::Year => text
                .parse::<i64>()
                .ok()
                .filter(|y| (1990..=2100).contains(y))
                .map(Value::Int)
                .ok_or_else(|| err(format!("Enter {what} as a year from 1990 to 2100"))),
            Input::Decimal(max) => read_decimal(text, max).map(Value::Decimal).ok_or_else(|| {
                err(format!(
                    "Enter {what} as a number from 0 to {max}, with at most two decimal places"
                ))
            }),
            Input::Flag => Ok(Value::Bool(matches!(text, "yes" | "true" | "on"))),
            Input::List => {
                let items: Vec<String> = text
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                if items.len() > MAX_ITEMS || items.iter().any(|i| i.chars().count() > MAX_ITEM) {
                    Err(err(format!(
                        "Enter at most {MAX_ITEMS} names of at most {MAX_ITEM} characters, separated by commas"
                    )))
                } else {
                    Ok(Value::List(items))
                }
            }
            Input::Key => {
                let ok = text.len() <= 60
                    && text.starts_with(|c: char| c.is_ascii_lowercase())
                    && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
                if ok {
                    Ok(Value::Text(text.to_owned()))
                } else {
                    Err(err(format!(
                        "Enter {what} in lower-case letters and underscores, like workforce_time"
                    )))
                }
            }
            Input::NiceRef => {
                let letters = text.bytes().take_while(u8::is_ascii_uppercase).count();
                let digits = &text[letters..];
                let ok = (2..=4).contains(&letters)
                    && !digits.is_empty()
                    && digits.len() <= 6
                    && digits.bytes().all(|b| b.is_ascii_digit());
                if ok {
                    Ok(Value::Text(text.to_owned()))
                } else {
                    Err(err("Enter the NICE reference like MTG32 or DG10".to_owned()))
                }
            }
            Input::Month => match PartialDate::parse(text) {
                Ok(d) if d.precision() != crate::domain::DatePrecision::Year => {
                    Ok(Value::Text(d.iso()))
                }
                _ => Err(err(format!(
                    "Enter {what} as YYYY-MM or YYYY-MM-DD, like 2021-04"
                ))),
            },
            Input::Icb => {
                let code = text.to_ascii_uppercase();
                if is_icb_code(&code) {
                    Ok(Value::Text(code))
                } else {
                    Err(err(
                        "Enter an ICB code of 3 characters starting with Q, like QWE".to_owned(),
                    ))
                }
            }
            Input::PartialDate(_) => PartialDate::parse(text)
                .map(Value::Date)
                .map_err(|_| err(format!("Enter {what} as YYYY, YYYY-MM or YYYY-MM-DD"))),
        }
    }

    /// The value as the form shows it for editing.
    pub fn form_text(&self, value: &Value) -> String {
        match (value, self.input) {
            (Value::Null, _) => String::new(),
            (Value::Int(p), Input::Pounds) => pounds_plain(*p),
            (Value::Bool(b), _) => if *b { "yes" } else { "" }.to_owned(),
            (Value::List(items), _) => items.join(", "),
            (Value::Date(d), _) => d.iso(),
            (Value::Int(n), _) => n.to_string(),
            (Value::Text(t) | Value::Decimal(t), _) => t.clone(),
        }
    }

    /// The value in plain words, for pages and the history; `None` when empty.
    pub fn show(&self, value: &Value) -> Option<String> {
        if value.is_null() {
            return None;
        }
        Some(match (value, self.input) {
            (Value::Int(p), Input::Pounds) => pounds(u64::try_from(*p).unwrap_or(0)),
            (Value::Text(t), Input::Choice(options)) => options()
                .iter()
                .find(|(id, _)| id == t)
                .map_or_else(|| t.clone(), |(_, label)| (*label).to_owned()),
            (Value::Bool(b), _) => if *b { "yes" } else { "no" }.to_owned(),
            (Value::Date(d), _) => d.long(),
            _ => self.form_text(value),
        })
    }
}

/// `1,250.50` → 125050 pence; more than zero, at most two decimals, bounded.
pub fn read_pounds(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches('£').replace(',', "");
    if t.len() > 16 {
        return None;
    }
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    let pence = whole.checked_mul(100)?.checked_add(frac)?;
    (pence > 0 && pence <= MAX_PENCE).then_some(pence)
}

/// Pence as the form shows them: `24`, `24.50`.
fn pounds_plain(pence: i64) -> String {
    if pence % 100 == 0 {
        (pence / 100).to_string()
    } else {
        format!("{}.{:02}", pence / 100, pence % 100)
    }
}

/// A non-negative decimal with at most two places, at most `max`, as
/// canonical text (no leading zeros, no trailing `.0`).
fn read_decimal(text: &str, max: f64) -> Option<String> {
    if text.len() > 12 {
        return None;
    }
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
    {
        return None;
    }
    let n: f64 = text.parse().ok()?;
    if !(0.0..=max).contains(&n) {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let frac = frac.trim_end_matches('0');
    Some(if frac.is_empty() {
        whole.to_owned()
    } else {
        format!("{whole}.{frac}")
    })
}

/// A date of the form `YYYY-MM-DD`, for the verified-on dates.
pub fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(input: Input, required: bool) -> FieldSpec {
        FieldSpec {
            name: "f",
            label: "Amount",
            input,
            required,
            fixed: false,
            companion: None,
        }
    }

    #[test]
    fn pounds_are_read_into_pence_and_bad_amounts_refused() {
        assert_eq!(read_pounds("24"), Some(2400));
        assert_eq!(read_pounds("£1,250.5"), Some(125_050));
        assert_eq!(read_pounds("0.99"), Some(99));
        for bad in ["-24", "0", "1.234", "abc", "1e5", "", ".", "99999999999999"] {
            assert_eq!(read_pounds(bad), None, "{bad}");
        }
        let f = spec(Input::Pounds, false);
        assert_eq!(f.form_text(&Value::Int(2450)), "24.50");
        assert_eq!(f.show(&Value::Int(2400)).as_deref(), Some("£24"));
        assert!(f.read("-5").is_err());
    }

    #[test]
    fn required_fields_say_what_to_enter() {
        let e = spec(Input::Text(10), true).read("  ").expect_err("empty");
        assert_eq!(e.message, "Enter amount");
        assert_eq!(spec(Input::Text(10), false).read(""), Ok(Value::Null));
        assert!(spec(Input::Text(3), false).read("abcd").is_err());
        assert_eq!(spec(Input::Flag, true).read(""), Ok(Value::Bool(false)));
    }

    #[test]
    fn structured_inputs_check_their_format() {
        assert_eq!(spec(Input::Year, false).read("2024"), Ok(Value::Int(2024)));
        assert!(spec(Input::Year, false).read("1890").is_err());
        assert_eq!(
            spec(Input::Decimal(100.0), false).read("01.50"),
            Ok(Value::Decimal("1.5".into()))
        );
        assert!(spec(Input::Decimal(100.0), false).read("-1").is_err());
        assert!(spec(Input::Decimal(100.0), false).read("101").is_err());
        assert_eq!(
            spec(Input::List, false).read("FHIR, ,DICOM"),
            Ok(Value::List(vec!["FHIR".into(), "DICOM".into()]))
        );
        assert!(spec(Input::Key, true).read("Workforce time").is_err());
        assert!(spec(Input::NiceRef, true).read("MTG32").is_ok());
        assert!(spec(Input::NiceRef, true).read("mtg32").is_err());
        assert!(spec(Input::Month, false).read("2021").is_err());
        assert_eq!(
            spec(Input::Month, false).read("2021-04"),
            Ok(Value::Text("2021-04".into()))
        );
        assert!(spec(Input::Icb, false).read("qwe").is_ok());
        assert!(spec(Input::Icb, false).read("XYZ1").is_err());
        let d = spec(Input::PartialDate("p"), false)
            .read("2021-04")
            .expect("a month");
        assert_eq!(
            spec(Input::PartialDate("p"), false).show(&d).as_deref(),
            Some("April 2021")
        );
        assert!(
            spec(Input::PartialDate("p"), false)
                .read("2021-13")
                .is_err()
        );
    }
}
