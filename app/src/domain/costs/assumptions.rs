//! The user's assumptions for the cost view (units a year, sites, years,
//! staff, hourly rate): read from the page's query with bounds, each error
//! beside its field, and written back into the page's links.

use super::reading::thousands;
use crate::domain::{FieldError, org_context::read_number};
use serde::{Deserialize, Serialize};

/// One assumption the user can change: (key, label, hint, min, max).
pub type AssumptionField = (&'static str, &'static str, &'static str, u32, u32);

/// The assumptions, in form order.
pub const ASSUMPTIONS: [AssumptionField; 5] = [
    (
        "units",
        "Units a year",
        "Patients, tests, referrals or studies a year: whatever the price is per. From 0 to 1,000,000.",
        0,
        1_000_000,
    ),
    (
        "sites",
        "Sites or centres",
        "For prices stated per site, centre or year. From 0 to 50.",
        0,
        50,
    ),
    ("years", "Years", "From 1 to 10. The default is 5.", 1, 10),
    (
        "rate",
        "Staff hourly cost for backfill (£)",
        "Whole pounds an hour, from 0 to 500.",
        0,
        500,
    ),
    ("staff", "Staff to train", "From 0 to 10,000.", 0, 10_000),
];

/// Years shown when not chosen.
pub const DEFAULT_YEARS: u32 = 5;

/// The user's assumptions; `None` when not given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostAssumptions {
    /// Units (patients, tests…) a year.
    pub units: Option<u32>,
    /// Sites or centres.
    pub sites: Option<u32>,
    /// Years to show (1–10); `None` means the default.
    pub years: Option<u32>,
    /// Staff hourly cost in whole pounds.
    pub rate: Option<u32>,
    /// Staff to train.
    pub staff: Option<u32>,
}

impl CostAssumptions {
    /// Reads the assumptions from query pairs. A bad value is left out and
    /// reported beside its field (never clamped).
    pub fn from_pairs(pairs: &[(String, String)]) -> (Self, Vec<FieldError>) {
        let mut a = Self::default();
        let mut errors = Vec::new();
        for (key, label, _, min, max) in ASSUMPTIONS {
            let Some(raw) = pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()) else {
                continue;
            };
            if raw.is_empty() {
                continue;
            }
            match read_number(raw, min, max) {
                Some(n) => *a.slot(key) = Some(n),
                None => errors.push(FieldError::new(
                    key,
                    format!(
                        "{label} must be a whole number from {} to {}",
                        thousands(u64::from(min)),
                        thousands(u64::from(max))
                    ),
                )),
            }
        }
        (a, errors)
    }

    fn slot(&mut self, key: &str) -> &mut Option<u32> {
        match key {
            "units" => &mut self.units,
            "sites" => &mut self.sites,
            "years" => &mut self.years,
            "rate" => &mut self.rate,
            _ => &mut self.staff,
        }
    }

    /// The value given for `key`.
    pub fn get(&self, key: &str) -> Option<u32> {
        match key {
            "units" => self.units,
            "sites" => self.sites,
            "years" => self.years,
            "rate" => self.rate,
            _ => self.staff,
        }
    }

    /// Years to show.
    pub fn years(&self) -> u32 {
        self.years.unwrap_or(DEFAULT_YEARS)
    }

    /// `units=…&years=…` for the values given, in form order.
    pub fn to_query_string(&self) -> String {
        ASSUMPTIONS
            .iter()
            .filter_map(|(k, ..)| self.get(k).map(|v| format!("{k}={v}")))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assumptions_are_bounded_and_reported_beside_the_field() {
        let (a, errors) = CostAssumptions::from_pairs(&crate::domain::form_pairs(
            "units=-5&sites=51&years=0&rate=abc&staff=1000000000000",
        ));
        assert_eq!(a, CostAssumptions::default());
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["units", "sites", "years", "rate", "staff"]);
        assert_eq!(
            errors[0].message,
            "Units a year must be a whole number from 0 to 1,000,000"
        );
        let (a, errors) =
            CostAssumptions::from_pairs(&crate::domain::form_pairs("units=1000&years=7&rate="));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(a.to_query_string(), "units=1000&years=7");
        assert_eq!(a.years(), 7);
    }
}
