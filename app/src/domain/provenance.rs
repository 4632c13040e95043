//! The provenance policy, in one place: when a claim was verified, when it is due
//! a re-check, and how fresh it is today.
//!
//! - `verified_on`: for a claim marked verified in the reference data, the date the
//!   reference data was compiled; for an unverified claim, none (shown as "not
//!   independently verified").
//! - `recheck_by`: `verified_on` + 12 months; + 6 months for regulatory status and
//!   NICE status, which change faster.
//! - A verified claim is "due" from 30 days before `recheck_by`, and "overdue"
//!   after it.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How long a claim stays fresh depends on what it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// Benefits, costs, requirements, deployments, pilot results…
    General,
    /// A regulatory status (device class, DTAC, DSPT…).
    RegulatoryStatus,
    /// NICE guidance and its status.
    NiceStatus,
}

impl ClaimKind {
    /// Months from verification to the re-check date.
    pub fn recheck_months(self) -> u32 {
        match self {
            Self::General => 12,
            Self::RegulatoryStatus | Self::NiceStatus => 6,
        }
    }
}

/// Days before `recheck_by` from which a claim counts as due.
pub const DUE_WINDOW_DAYS: u64 = 30;

/// The verification dates of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// When it was verified; `None` when it is not verified.
    pub verified_on: Option<NaiveDate>,
    /// When it is due a re-check; `None` when it is not verified.
    pub recheck_by: Option<NaiveDate>,
}

impl Stamp {
    /// The stamp the policy gives a claim imported from reference data compiled
    /// on `compiled_on`.
    pub fn for_import(verified: bool, compiled_on: NaiveDate, kind: ClaimKind) -> Self {
        if !verified {
            return Self {
                verified_on: None,
                recheck_by: None,
            };
        }
        Self::verified(compiled_on, kind)
    }

    /// The stamp of a claim of `kind` verified on `on` (by a curator, or in the
    /// reference data compiled that day).
    pub fn verified(on: NaiveDate, kind: ClaimKind) -> Self {
        Self {
            verified_on: Some(on),
            recheck_by: on.checked_add_months(Months::new(kind.recheck_months())),
        }
    }

    /// How fresh the claim is on `today`.
    pub fn freshness(&self, today: NaiveDate) -> Freshness {
        match self.recheck_by {
            None => Freshness::Unverified,
            Some(by) if today > by => Freshness::Overdue,
            Some(by)
                if by
                    .checked_sub_days(Days::new(DUE_WINDOW_DAYS))
                    .is_some_and(|from| today >= from) =>
            {
                Freshness::Due
            }
            Some(_) => Freshness::Current,
        }
    }
}

/// The re-check state of a claim, shown as a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Freshness {
    /// Verified and not yet near its re-check date.
    Current,
    /// Within 30 days of its re-check date.
    Due,
    /// Past its re-check date.
    Overdue,
    /// Never verified: there is nothing to re-check, only to verify.
    Unverified,
}

impl Freshness {
    /// Badge text.
    pub fn label(self) -> &'static str {
        match self {
            Self::Current => "Verified",
            Self::Due => "Re-check due",
            Self::Overdue => "Re-check overdue",
            Self::Unverified => "Not independently verified",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    const COMPILED: (i32, u32, u32) = (2026, 11, 25);

    fn compiled() -> NaiveDate {
        date(COMPILED.0, COMPILED.1, COMPILED.2)
    }

    #[test]
    fn verified_claims_are_stamped_with_the_compilation_date() {
        let s = Stamp::for_import(true, compiled(), ClaimKind::General);
        assert_eq!(s.verified_on, Some(compiled()));
        assert_eq!(s.recheck_by, Some(date(2027, 11, 25)));
    }

    #[test]
    fn regulatory_and_nice_status_are_rechecked_after_six_months() {
        for kind in [ClaimKind::RegulatoryStatus, ClaimKind::NiceStatus] {
            assert_eq!(
                Stamp::for_import(true, compiled(), kind).recheck_by,
                Some(date(2027, 5, 25))
            );
        }
    }

    #[test]
    fn unverified_claims_get_no_dates() {
        let s = Stamp::for_import(false, compiled(), ClaimKind::NiceStatus);
        assert_eq!((s.verified_on, s.recheck_by), (None, None));
        assert_eq!(s.freshness(compiled()), Freshness::Unverified);
    }

    #[test]
    fn month_ends_clamp_rather_than_overflow() {
        let s = Stamp::for_import(true, date(2026, 8, 31), ClaimKind::RegulatoryStatus);
        assert_eq!(s.recheck_by, Some(date(2027, 2, 28)));
    }

    #[test]
    fn freshness_moves_from_current_to_due_to_overdue() {
        let s = Stamp::for_import(true, compiled(), ClaimKind::General); // re-check 2027-11-25
        assert_eq!(s.freshness(compiled()), Freshness::Current);
        assert_eq!(s.freshness(date(2027, 10, 25)), Freshness::Current);
        assert_eq!(s.freshness(date(2027, 10, 26)), Freshness::Due); // 30 days before
        assert_eq!(s.freshness(date(2027, 11, 25)), Freshness::Due); // the day itself
        assert_eq!(s.freshness(date(2027, 11, 26)), Freshness::Overdue);
    }
}
