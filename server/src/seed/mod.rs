//! The seed loader: reads the project's copy of the reference data, validates all
//! of it, then writes it in one transaction. Re-running it is safe (upserts keyed
//! on the reference data's own ids); a malformed file names the file, record and
//! field and writes nothing.

mod changes;
mod files;
mod reference;
mod technologies;

pub use changes::{ChangeReport, TableChanges};
pub use files::{ReferenceData, SeedError, read_reference_data};

use anyhow::Context;
use app::db::seed::{self as db_seed, SeedCounts, Taxonomy};
use sqlx::PgPool;
use std::{fmt, path::Path};

/// What a seed run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedOutcome {
    /// Data was loaded; the counts are what the tables hold afterwards, and the
    /// report says what changed.
    Loaded(SeedCounts, ChangeReport),
    /// `--if-empty` was given and the catalogue already had technologies.
    Skipped(SeedCounts),
}

impl fmt::Display for SeedOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (verb, c) = match self {
            Self::Loaded(c, _) => ("seed loaded; the catalogue now holds", c),
            Self::Skipped(c) => ("seed skipped (catalogue not empty); it holds", c),
        };
        write!(
            f,
            "{verb} {} regions, {} ICBs, {} care settings, {} technology types, {} technologies",
            c.regions, c.icbs, c.care_settings, c.technology_types, c.technologies
        )?;
        if let Self::Loaded(_, changes) = self {
            write!(f, "\nchanges: {changes}")?;
        }
        Ok(())
    }
}

/// Loads the reference data in `dir` (all files validated before any write).
/// With `if_empty`, does nothing when the catalogue already has technologies.
pub async fn run(pool: &PgPool, dir: &Path, if_empty: bool) -> anyhow::Result<SeedOutcome> {
    let mut tx = pool.begin().await?;
    if if_empty {
        let counts = db_seed::counts(&mut tx).await?;
        if counts.technologies > 0 {
            return Ok(SeedOutcome::Skipped(counts));
        }
    }
    let data = read_reference_data(dir)?;
    let before = db_seed::fingerprint(&mut tx).await?;
    write(&mut tx, &data)
        .await
        .context("could not write the seed data")?;
    let after = db_seed::fingerprint(&mut tx).await?;
    let changes = ChangeReport::between(&before, &after, db_seed::edited_rows(&mut tx).await?);
    let counts = db_seed::counts(&mut tx).await?;
    tx.commit().await?;
    Ok(SeedOutcome::Loaded(counts, changes))
}

/// Writes validated data in dependency order.
async fn write(tx: &mut sqlx::PgConnection, data: &ReferenceData) -> sqlx::Result<()> {
    for r in &data.regions {
        db_seed::upsert_region(tx, r).await?;
    }
    for r in &data.icbs {
        db_seed::upsert_icb(tx, r).await?;
    }
    for r in &data.care_settings {
        db_seed::upsert_taxonomy(tx, Taxonomy::CareSetting, r).await?;
    }
    for r in &data.technology_types {
        db_seed::upsert_taxonomy(tx, Taxonomy::TechnologyType, r).await?;
    }
    for r in &data.contact_routes {
        db_seed::upsert_contact_route(tx, r).await?;
    }
    for r in &data.icb_changes {
        db_seed::upsert_icb_change(tx, r).await?;
    }
    for r in &data.specialties {
        db_seed::upsert_specialty(tx, r).await?;
    }
    for r in &data.specialty_groups {
        db_seed::upsert_specialty_group(tx, r).await?;
    }
    for r in &data.stages {
        db_seed::upsert_stage(tx, r).await?;
    }
    for r in &data.essentials {
        db_seed::upsert_essential(tx, r).await?;
    }
    for r in &data.technologies {
        db_seed::upsert_technology(tx, r).await?;
    }
    app::db::search::refresh(tx).await
}
