//! Writes for the seed loader: idempotent upserts keyed on the reference data's own
//! identifiers. The caller parses and validates the files, opens one transaction,
//! calls these in dependency order, and commits.

use sqlx::PgConnection;

/// An NHS England region (`regions.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionRecord {
    /// ODS code, e.g. `Y56`.
    pub ods_code: String,
    /// ONS code, e.g. `E40000003`.
    pub ons_code: String,
    /// Name, e.g. `London`.
    pub name: String,
    /// Where the row comes from.
    pub source: String,
}

/// An integrated care board of 2023–26 (`icbs.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcbRecord {
    /// ODS code, e.g. `QRV`.
    pub ods_code: String,
    /// Full name.
    pub name: String,
    /// ODS code of its region (the loader resolves the CSV's region name).
    pub region_ods_code: String,
    /// Where the row comes from.
    pub source: String,
}

/// A taxonomy entry (care setting or technology type, `taxonomies.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyRecord {
    /// Stable id used in URLs and the data, e.g. `primary_care`.
    pub id: String,
    /// Label shown to users.
    pub label: String,
    /// Whether the label was seen in the cited source.
    pub verified: bool,
    /// Where the taxonomy comes from.
    pub source: String,
}

/// A text field of a technology with its provenance flag.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FlaggedText {
    /// The value, if documented.
    pub value: Option<String>,
    /// Seen in the cited source.
    pub verified: bool,
    /// Qualification from the reference data.
    pub note: Option<String>,
}

/// A technology (`technologies.json`), first slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TechnologyRecord {
    /// Slug (the reference data's `id`).
    pub slug: String,
    /// Product name.
    pub name: String,
    /// Supplier.
    pub supplier: FlaggedText,
    /// Technology type id.
    pub technology_type_id: String,
    /// One-line summary.
    pub summary: FlaggedText,
    /// Sources listed for the technology.
    pub sources: Vec<String>,
}

/// Inserts or updates a region by ODS code.
pub async fn upsert_region(db: &mut PgConnection, r: &RegionRecord) -> sqlx::Result<()> {
    sqlx::query(
        "insert into region (ods_code, ons_code, name, source) values ($1, $2, $3, $4)
         on conflict (ods_code) do update
         set ons_code = excluded.ons_code, name = excluded.name, source = excluded.source",
    )
    .bind(&r.ods_code)
    .bind(&r.ons_code)
    .bind(&r.name)
    .bind(&r.source)
    .execute(db)
    .await
    .map(|_| ())
}

/// Inserts or updates an ICB by ODS code. Fails (foreign key) if its region is unknown.
pub async fn upsert_icb(db: &mut PgConnection, r: &IcbRecord) -> sqlx::Result<()> {
    sqlx::query(
        "insert into icb (ods_code, name, region_ods_code, source) values ($1, $2, $3, $4)
         on conflict (ods_code) do update
         set name = excluded.name, region_ods_code = excluded.region_ods_code, source = excluded.source",
    )
    .bind(&r.ods_code)
    .bind(&r.name)
    .bind(&r.region_ods_code)
    .bind(&r.source)
    .execute(db)
    .await
    .map(|_| ())
}

/// The taxonomy tables the loader fills, which share one shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taxonomy {
    /// `care_setting`
    CareSetting,
    /// `technology_type`
    TechnologyType,
}

/// Inserts or updates an entry of `taxonomy` by id.
pub async fn upsert_taxonomy(
    db: &mut PgConnection,
    taxonomy: Taxonomy,
    r: &TaxonomyRecord,
) -> sqlx::Result<()> {
    /// The upsert for a table of the shared taxonomy shape (a static string per table).
    macro_rules! upsert {
        ($table:literal) => {
            concat!(
                "insert into ", $table, " (id, label, verified, source) values ($1, $2, $3, $4)
                 on conflict (id) do update
                 set label = excluded.label, verified = excluded.verified, source = excluded.source"
            )
        };
    }
    let sql = match taxonomy {
        Taxonomy::CareSetting => upsert!("care_setting"),
        Taxonomy::TechnologyType => upsert!("technology_type"),
    };
    sqlx::query(sql)
        .bind(&r.id)
        .bind(&r.label)
        .bind(r.verified)
        .bind(&r.source)
        .execute(db)
        .await
        .map(|_| ())
}

/// Inserts or updates a technology by slug.
pub async fn upsert_technology(db: &mut PgConnection, r: &TechnologyRecord) -> sqlx::Result<()> {
    sqlx::query(
        "insert into technology (slug, name, supplier, supplier_verified, supplier_note,
                                 technology_type_id, summary, summary_verified, summary_note, sources)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (slug) do update
         set name = excluded.name, supplier = excluded.supplier,
             supplier_verified = excluded.supplier_verified, supplier_note = excluded.supplier_note,
             technology_type_id = excluded.technology_type_id, summary = excluded.summary,
             summary_verified = excluded.summary_verified, summary_note = excluded.summary_note,
             sources = excluded.sources, updated_at = now()",
    )
    .bind(&r.slug)
    .bind(&r.name)
    .bind(&r.supplier.value)
    .bind(r.supplier.verified)
    .bind(&r.supplier.note)
    .bind(&r.technology_type_id)
    .bind(&r.summary.value)
    .bind(r.summary.verified)
    .bind(&r.summary.note)
    .bind(&r.sources)
    .execute(db)
    .await
    .map(|_| ())
}

/// Row counts of the seeded tables, in the order the loader prints them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SeedCounts {
    /// Regions.
    pub regions: i64,
    /// ICBs.
    pub icbs: i64,
    /// Care settings.
    pub care_settings: i64,
    /// Technology types.
    pub technology_types: i64,
    /// Technologies.
    pub technologies: i64,
}

/// Counts what the seeded tables hold now.
pub async fn counts(db: &mut PgConnection) -> sqlx::Result<SeedCounts> {
    let (regions, icbs, care_settings, technology_types, technologies) =
        sqlx::query_as::<_, (i64, i64, i64, i64, i64)>(
            "select (select count(*) from region), (select count(*) from icb),
                    (select count(*) from care_setting), (select count(*) from technology_type),
                    (select count(*) from technology)",
        )
        .fetch_one(db)
        .await?;
    Ok(SeedCounts {
        regions,
        icbs,
        care_settings,
        technology_types,
        technologies,
    })
}
