//! Reading a stated price: the `£` amounts in a cost claim's words, whether
//! they are one price or a range, and what they are per (a unit, a year, once).
//! A reading is used in a total only when it is unambiguous; otherwise it says
//! why not. Also what a benefit statement's words say (a saving, a figure).

use super::Category;
use serde::{Deserialize, Serialize};

/// An amount in pence, or a range of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Lowest.
    pub low: u64,
    /// Highest.
    pub high: u64,
}

impl Money {
    pub(super) fn exact(pence: u64) -> Self {
        Self {
            low: pence,
            high: pence,
        }
    }

    pub(super) fn times(self, n: u64) -> Option<Self> {
        Some(Self {
            low: self.low.checked_mul(n)?,
            high: self.high.checked_mul(n)?,
        })
    }

    pub(super) fn plus(self, other: Self) -> Option<Self> {
        Some(Self {
            low: self.low.checked_add(other.low)?,
            high: self.high.checked_add(other.high)?,
        })
    }

    /// "£45,000", "£5 to £7.50".
    pub fn text(self) -> String {
        if self.low == self.high {
            pounds(self.low)
        } else {
            format!("{} to {}", pounds(self.low), pounds(self.high))
        }
    }
}

/// Pence as "£1,234" or "£7.50".
pub fn pounds(pence: u64) -> String {
    let (whole, part) = (pence / 100, pence % 100);
    if part == 0 {
        format!("£{}", thousands(whole))
    } else {
        format!("£{}.{part:02}", thousands(whole))
    }
}

pub(super) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How a cost claim reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reading {
    /// A price for each unit used ("£700 per test").
    PerUnit {
        /// The price.
        price: Money,
        /// What it is per ("test").
        unit: String,
    },
    /// A price a year ("£30,000 a year").
    PerYear {
        /// The price.
        price: Money,
    },
    /// A one-off price.
    OneOff {
        /// The price.
        price: Money,
    },
    /// A saving stated among the costs (shown with the benefits).
    Saving,
    /// Shown as stated, not totalled, for this reason.
    Unclear(String),
}

/// Every `£` amount in `text` with its byte span.
fn amounts(text: &str) -> Vec<(u64, usize, usize)> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('£') {
        let start = i + '£'.len_utf8();
        let rest = &text[start..];
        let len = rest
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
            .map_or(rest.len(), |(j, _)| j);
        let number = rest[..len].trim_end_matches(['.', ',']);
        let (whole, part) = number.split_once('.').unwrap_or((number, ""));
        let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
        let Ok(w) = whole.parse::<u64>() else {
            continue;
        };
        let p = match part.len() {
            0 => 0,
            1 => part.parse::<u64>().unwrap_or(0) * 10,
            _ => part[..2].parse::<u64>().unwrap_or(0),
        };
        if let Some(pence) = w.checked_mul(100).and_then(|x| x.checked_add(p)) {
            out.push((pence, i, start + number.len()));
        }
    }
    out
}

/// Reads one cost claim.
pub fn read_cost(text: &str) -> Reading {
    let lower = text.to_lowercase();
    if lower.contains("saving") || lower.contains("saved") {
        return Reading::Saving;
    }
    let found = amounts(text);
    let price = match found.as_slice() {
        [] => return Reading::Unclear("no amount in pounds is stated".to_owned()),
        [(p, _, _)] => Money::exact(*p),
        [(a, _, end), (b, start, _)]
            if matches!(text[*end..*start].trim(), "to" | "-" | "–") && a <= b =>
        {
            Money { low: *a, high: *b }
        }
        _ => {
            return Reading::Unclear(
                "more than one amount is stated, and how they combine needs a curator to confirm"
                    .to_owned(),
            );
        }
    };
    let after = text[found.last().map_or(0, |f| f.2)..].to_lowercase();
    if ["a year", "per year", "per annum", "annual", "each year"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return Reading::PerYear { price };
    }
    if ["one-off", "one off", "set-up", "setup"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return Reading::OneOff { price };
    }
    if let Some(rest) = after.trim_start().strip_prefix("per ") {
        let unit: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        if matches!(unit.as_str(), "centre" | "site" | "trust" | "hospital") {
            return Reading::Unclear(format!(
                "it is a price per {unit}, but whether it is one-off or yearly is not stated"
            ));
        }
        if !unit.is_empty() {
            return Reading::PerUnit { price, unit };
        }
    }
    Reading::Unclear("what the amount is per is not stated".to_owned())
}

/// Which category a cost claim's words put it in; a plain price is the
/// licence or price per unit.
pub(super) fn category_of(text: &str) -> Category {
    let lower = text.to_lowercase();
    let rules = [
        ("set-up", Category::LicenceSetup),
        ("setup", Category::LicenceSetup),
        ("implementation", Category::Implementation),
        ("integration", Category::Integration),
        ("hardware", Category::Hardware),
        ("equipment", Category::Hardware),
        ("building works", Category::EstatesWorks),
        ("training", Category::TrainingBackfill),
        ("support", Category::Support),
        ("maintenance", Category::Support),
    ];
    rules
        .iter()
        .find(|(w, _)| lower.contains(w))
        .map_or(Category::LicencePerUnit, |(_, c)| *c)
}

/// Whether a statement is about money saved or time released (not, say, how
/// long a programme's sessions last).
pub fn states_saving(text: &str) -> bool {
    let lower = text.to_lowercase();
    text.contains('£')
        || [
            "sav",
            "releas",
            "freed",
            "reduc",
            "fewer",
            "less time",
            "time per",
        ]
        .iter()
        .any(|w| lower.contains(w))
}

/// Whether a statement gives a figure for money or time: a `£` amount, or a
/// number with a unit of time.
pub fn has_figure(text: &str) -> bool {
    if text.contains('£') {
        return true;
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '.' && c != ',')
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).any(|w| {
        w[0].chars().next().is_some_and(|c| c.is_ascii_digit())
            && [
                "hour", "hours", "minute", "minutes", "min", "mins", "day", "days", "fte",
            ]
            .contains(&w[1].trim_end_matches([',', '.']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_real_cost_claims_read_as_expected() {
        let per = |p: u64, unit: &str| Reading::PerUnit {
            price: Money::exact(p),
            unit: unit.to_owned(),
        };
        assert_eq!(
            read_cost("£700 per test (NICE MTG32 section 2.5)"),
            per(70_000, "test")
        );
        assert_eq!(
            read_cost("£45 per person (NICE MTG70)"),
            per(4_500, "person")
        );
        assert_eq!(
            read_cost(
                "Veye Chest £5 to £7.50 per output depending on features and volume (MIB243)"
            ),
            Reading::PerUnit {
                price: Money {
                    low: 500,
                    high: 750
                },
                unit: "output".to_owned()
            }
        );
        assert_eq!(
            read_cost("NICE estimated cost saving of £214 per patient"),
            Reading::Saving
        );
        assert!(matches!(
            read_cost("Licence about £30,000 a year for a comprehensive stroke centre and £15,000 for an acute centre"),
            Reading::Unclear(why) if why.contains("more than one amount")
        ));
        assert!(
            matches!(read_cost("Average about £20,000 per centre"), Reading::Unclear(why) if why.contains("one-off or yearly"))
        );
        assert!(matches!(
            read_cost(
                "£30 per referral for a DERM assessment, plus £8.20 if NHS teledermatology staff review the case"
            ),
            Reading::Unclear(_)
        ));
        assert_eq!(
            read_cost("£12,000 a year"),
            Reading::PerYear {
                price: Money::exact(1_200_000)
            }
        );
        assert_eq!(
            read_cost("One-off set-up fee £2,500"),
            Reading::OneOff {
                price: Money::exact(250_000)
            }
        );
        assert_eq!(pounds(123_456_789), "£1,234,567.89");
    }
}
