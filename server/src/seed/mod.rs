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
    /// `--if-changed` was given and the files are the ones last loaded.
    Unchanged(SeedCounts),
}

/// When a seed run loads the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Every time.
    Always,
    /// Only into an empty catalogue.
    IfEmpty,
    /// Into an empty catalogue, or when the files differ from the ones the
    /// last import loaded (the run command: a changed copy of the data is
    /// re-imported, leaving rows edited in the app alone).
    IfChanged,
}

/// SHA-256 of the reference files the loader reads, in a fixed order, each
/// with its name and length so no two sets of files share a hash.
pub fn files_sha256(dir: &Path) -> anyhow::Result<String> {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for name in REFERENCE_FILES {
        let path = dir.join(name);
        let bytes = std::fs::read(&path)
            .with_context(|| format!("{}: cannot read the file", path.display()))?;
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    Ok(hex::encode(hash.finalize()))
}

/// The files the loader reads.
const REFERENCE_FILES: [&str; 7] = [
    "regions.csv",
    "icbs.csv",
    "taxonomies.json",
    "regulatory_essentials.json",
    "icb_contacts.csv",
    "icb_changes_2026.csv",
    "technologies.json",
];

impl fmt::Display for SeedOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (verb, c) = match self {
            Self::Loaded(c, _) => ("seed loaded; the catalogue now holds", c),
            Self::Skipped(c) => ("seed skipped (catalogue not empty); it holds", c),
            Self::Unchanged(c) => (
                "seed skipped (the reference files are the ones last loaded); the catalogue holds",
                c,
            ),
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
    run_when(
        pool,
        dir,
        if if_empty {
            When::IfEmpty
        } else {
            When::Always
        },
    )
    .await
}

/// Loads the reference data in `dir` when `when` says so.
pub async fn run_when(pool: &PgPool, dir: &Path, when: When) -> anyhow::Result<SeedOutcome> {
    let mut tx = pool.begin().await?;
    if when == When::IfEmpty {
        let counts = db_seed::counts(&mut tx).await?;
        if counts.technologies > 0 {
            return Ok(SeedOutcome::Skipped(counts));
        }
    }
    let hash = files_sha256(dir)?;
    if when == When::IfChanged {
        let counts = db_seed::counts(&mut tx).await?;
        if counts.technologies > 0
            && db_seed::last_import(&mut tx).await?.as_deref() == Some(hash.as_str())
        {
            return Ok(SeedOutcome::Unchanged(counts));
        }
    }
    let data = read_reference_data(dir)?;
    let before = db_seed::fingerprint(&mut tx).await?;
    let kept = write(&mut tx, &data)
        .await
        .context("could not write the seed data")?;
    let after = db_seed::fingerprint(&mut tx).await?;
    let mut changes = ChangeReport::between(&before, &after, db_seed::edited_rows(&mut tx).await?);
    changes.not_applied = kept;
    let counts = db_seed::counts(&mut tx).await?;
    db_seed::record_import(&mut tx, &hash).await?;
    tx.commit().await?;
    Ok(SeedOutcome::Loaded(counts, changes))
}

/// Writes validated data in dependency order; returns the reference records
/// not applied because they met an in-app edit.
async fn write(tx: &mut sqlx::PgConnection, data: &ReferenceData) -> sqlx::Result<Vec<String>> {
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
    let mut kept = Vec::new();
    for r in &data.technologies {
        kept.extend(db_seed::upsert_technology(tx, r).await?);
    }
    app::db::search::refresh(tx).await?;
    Ok(kept)
}
