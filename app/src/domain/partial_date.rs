//! A date known only as precisely as its source states it: a year ("2021"), a
//! month ("April 2021") or a day ("3 April 2021"). Used for deployment starts
//! from the reference data and the go-live dates members submit, so both are
//! stored, compared and shown the same way; a day is never invented.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// How precise a [`PartialDate`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatePrecision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// A full date.
    Day,
}

impl DatePrecision {
    /// The id stored in the database.
    pub fn id(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::Month => "month",
            Self::Day => "day",
        }
    }

    /// The precision with this id.
    pub fn parse(id: &str) -> Option<Self> {
        match id {
            "year" => Some(Self::Year),
            "month" => Some(Self::Month),
            "day" => Some(Self::Day),
            _ => None,
        }
    }
}

/// A date with its precision. `date` is the first day of the year or month when
/// the precision is coarser than a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    date: NaiveDate,
    precision: DatePrecision,
}

/// Why a partial date was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialDateError(pub String);

impl fmt::Display for PartialDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PartialDateError {}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "25 November 2026". Written out by hand: chrono's formatter would add its
/// whole formatting machinery to the WASM bundle.
pub fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

impl PartialDate {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; anything else, or an impossible
    /// date, is refused.
    pub fn parse(text: &str) -> Result<Self, PartialDateError> {
        let t = text.trim();
        let bad = || {
            PartialDateError(format!(
                "{t:?} is not a date written as YYYY, YYYY-MM or YYYY-MM-DD"
            ))
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = t.split('-').collect();
        let (year, month, day, precision) = match parts.as_slice() {
            [y] if digits(y, 4) => (*y, "01", "01", DatePrecision::Year),
            [y, m] if digits(y, 4) && digits(m, 2) => (*y, *m, "01", DatePrecision::Month),
            [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
                (*y, *m, *d, DatePrecision::Day)
            }
            _ => return Err(bad()),
        };
        let date = NaiveDate::from_ymd_opt(
            year.parse().map_err(|_| bad())?,
            month.parse().map_err(|_| bad())?,
            day.parse().map_err(|_| bad())?,
        )
        .ok_or_else(bad)?;
        Ok(Self { date, precision })
    }

    /// From a stored date and precision id; `None` when they disagree (a
    /// month-precise date that is not the 1st, an unknown id).
    pub fn from_parts(date: NaiveDate, precision: &str) -> Option<Self> {
        let precision = DatePrecision::parse(precision)?;
        let ok = match precision {
            DatePrecision::Day => true,
            DatePrecision::Month => date.day() == 1,
            DatePrecision::Year => date.day() == 1 && date.month() == 1,
        };
        ok.then_some(Self { date, precision })
    }

    /// The first day it can mean.
    pub fn date(self) -> NaiveDate {
        self.date
    }

    /// How precise it is.
    pub fn precision(self) -> DatePrecision {
        self.precision
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.date.year()
    }

    /// The form it was written in: `2021`, `2021-04`, `2021-04-03`.
    pub fn iso(self) -> String {
        match self.precision {
            DatePrecision::Year => format!("{:04}", self.date.year()),
            DatePrecision::Month => format!("{:04}-{:02}", self.date.year(), self.date.month()),
            DatePrecision::Day => self.date.format("%Y-%m-%d").to_string(),
        }
    }

    /// As people read it: "2021", "April 2021", "3 April 2021".
    pub fn long(self) -> String {
        let month = MONTHS[self.date.month0() as usize];
        match self.precision {
            DatePrecision::Year => self.date.year().to_string(),
            DatePrecision::Month => format!("{month} {}", self.date.year()),
            DatePrecision::Day => long_date(self.date),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.long())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_day_month_year() {
        let d = NaiveDate::from_ymd_opt(2027, 5, 5).expect("valid");
        assert_eq!(long_date(d), "5 May 2027");
    }

    #[test]
    fn reads_each_precision_and_shows_it_as_written() {
        let y = PartialDate::parse("2021").expect("year");
        assert_eq!((y.iso(), y.long()), ("2021".to_owned(), "2021".to_owned()));
        let m = PartialDate::parse("2021-04").expect("month");
        assert_eq!(
            (m.iso(), m.long()),
            ("2021-04".to_owned(), "April 2021".to_owned())
        );
        let d = PartialDate::parse(" 2021-04-03 ").expect("day");
        assert_eq!(d.long(), "3 April 2021");
        assert_eq!(d.precision(), DatePrecision::Day);
    }

    #[test]
    fn refuses_impossible_or_other_forms() {
        for bad in [
            "",
            "21",
            "2021-4",
            "2021-13",
            "2021-02-30",
            "April 2021",
            "2021/04",
            "2021-04-03-01",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn stored_parts_must_agree() {
        let first = NaiveDate::from_ymd_opt(2021, 4, 1).expect("date");
        let third = NaiveDate::from_ymd_opt(2021, 4, 3).expect("date");
        assert_eq!(
            PartialDate::from_parts(first, "month").map(PartialDate::iso),
            Some("2021-04".to_owned())
        );
        assert!(PartialDate::from_parts(third, "month").is_none());
        assert!(PartialDate::from_parts(first, "year").is_none());
        assert!(PartialDate::from_parts(first, "week").is_none());
    }

    #[test]
    fn serialises_as_the_written_form() {
        let m = PartialDate::parse("2024-05").expect("month");
        let json = serde_json::to_string(&m).expect("json");
        assert_eq!(json, "\"2024-05\"");
        assert_eq!(serde_json::from_str::<PartialDate>(&json).expect("back"), m);
    }
}
