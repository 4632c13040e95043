//! Writes for the seed loader: idempotent upserts keyed on the reference data's own
//! identifiers. The caller parses and validates the files, opens one transaction,
//! calls these in dependency order, and commits.

use super::claims::{self, TechnologyClaims};
use crate::domain::specialty_groups;
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

/// A technology (`technologies.json`) with all its claims.
#[derive(Debug, Clone, PartialEq)]
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
    /// Clinical area.
    pub clinical_area: FlaggedText,
    /// Care setting ids.
    pub care_setting_ids: Vec<String>,
    /// The care setting as the source describes it.
    pub care_setting_text: Option<String>,
    /// Derived from the technology type (see `domain::ai_enabled_from_type_label`).
    pub ai_enabled: bool,
    /// Why it is in the catalogue: `nice_guidance`, `nhs_deployment`.
    pub inclusion_basis: Vec<&'static str>,
    /// Every claim about it.
    pub claims: TechnologyClaims,
}

/// A deployment stage (`taxonomies.json` → `deployment_maturity_catalogue`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageRecord {
    /// e.g. `pilot`.
    pub id: String,
    /// Label.
    pub label: String,
    /// What it means.
    pub meaning: String,
    /// Order from pilot to business as usual.
    pub ordinal: i32,
    /// Whether the scale is an official one (it is not).
    pub verified: bool,
    /// Source.
    pub source: String,
}

/// A regulatory or assurance essential (`regulatory_essentials.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EssentialRecord {
    /// e.g. `dtac`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Category id.
    pub category: String,
    /// Owner.
    pub owner: FlaggedText,
    /// Description.
    pub description: FlaggedText,
    /// Sources.
    pub sources: Vec<String>,
}

/// A treatment function code (`taxonomies.json` → `clinical_specialties`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialtyRecord {
    /// Three digits.
    pub code: String,
    /// Name.
    pub name: String,
    /// Seen on the NHS Data Dictionary page.
    pub verified: bool,
    /// Source.
    pub source: String,
}

/// A catalogue specialty group (`taxonomies.json` → `clinical_specialties.catalogue_groups`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialtyGroupRecord {
    /// The slug of the label.
    pub id: String,
    /// As the file writes it.
    pub label: String,
    /// Order in the file.
    pub position: i32,
}

/// An ICB's public organisational contact routes (`icb_contacts.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRouteRecord {
    /// ICB.
    pub icb_ods_code: String,
    /// Website (no scheme).
    pub website: Option<String>,
    /// Contact page.
    pub contact_page: Option<String>,
    /// Organisational enquiries mailbox.
    pub enquiries_email: Option<String>,
    /// Seen in the source.
    pub verified: bool,
    /// Source (may be missing only when not verified).
    pub source: Option<String>,
    /// Note.
    pub note: Option<String>,
}

/// An April 2026 ICB merger (`icb_changes_2026.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcbChangeRecord {
    /// Successor name as announced.
    pub successor_name: String,
    /// e.g. `new`.
    pub change_type: String,
    /// Region name.
    pub region_name: Option<String>,
    /// Predecessors as written.
    pub predecessors: String,
    /// Each predecessor part with its code where one is given.
    pub parts: Vec<(String, Option<String>)>,
    /// Source.
    pub source: String,
}

/// Inserts or updates a deployment stage.
pub async fn upsert_stage(db: &mut PgConnection, r: &StageRecord) -> sqlx::Result<()> {
    sqlx::query(
        "insert into deployment_stage (id, label, meaning, ordinal, verified, source) values ($1, $2, $3, $4, $5, $6)
         on conflict (id) do update set label = excluded.label, meaning = excluded.meaning,
             ordinal = excluded.ordinal, verified = excluded.verified, source = excluded.source",
    )
    .bind(&r.id).bind(&r.label).bind(&r.meaning).bind(r.ordinal).bind(r.verified).bind(&r.source)
    .execute(db)
    .await
    .map(|_| ())
}

/// Inserts or updates a regulatory essential.
pub async fn upsert_essential(db: &mut PgConnection, r: &EssentialRecord) -> sqlx::Result<()> {
    sqlx::query(
        "insert into regulatory_essential (id, name, category, owner, owner_verified, description, description_verified, sources)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (id) do update set name = excluded.name, category = excluded.category,
             owner = excluded.owner, owner_verified = excluded.owner_verified,
             description = excluded.description, description_verified = excluded.description_verified,
             sources = excluded.sources",
    )
    .bind(&r.id).bind(&r.name).bind(&r.category)
    .bind(&r.owner.value).bind(r.owner.verified)
    .bind(&r.description.value).bind(r.description.verified)
    .bind(&r.sources)
    .execute(db)
    .await
    .map(|_| ())
}

/// Inserts or updates a specialty.
pub async fn upsert_specialty(db: &mut PgConnection, r: &SpecialtyRecord) -> sqlx::Result<()> {
    sqlx::query(
        "insert into specialty (code, name, verified, source) values ($1, $2, $3, $4)
         on conflict (code) do update set name = excluded.name, verified = excluded.verified, source = excluded.source",
    )
    .bind(&r.code).bind(&r.name).bind(r.verified).bind(&r.source)
    .execute(db)
    .await
    .map(|_| ())
}

/// Inserts or updates a catalogue specialty group.
pub async fn upsert_specialty_group(
    db: &mut PgConnection,
    r: &SpecialtyGroupRecord,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into specialty_group (id, label, position, source) values ($1, $2, $3, $4)
         on conflict (id) do update set label = excluded.label, position = excluded.position, source = excluded.source",
    )
    .bind(&r.id)
    .bind(&r.label)
    .bind(r.position)
    .bind("Catalogue grouping in taxonomies.json (clinical_specialties.catalogue_groups); not an NHS list")
    .execute(db)
    .await
    .map(|_| ())
}

/// Inserts or updates an ICB's contact routes.
pub async fn upsert_contact_route(
    db: &mut PgConnection,
    r: &ContactRouteRecord,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into icb_contact_route (icb_ods_code, website, contact_page, enquiries_email, verified, source, note)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (icb_ods_code) do update set website = excluded.website, contact_page = excluded.contact_page,
             enquiries_email = excluded.enquiries_email, verified = excluded.verified,
             source = excluded.source, note = excluded.note",
    )
    .bind(&r.icb_ods_code).bind(&r.website).bind(&r.contact_page).bind(&r.enquiries_email)
    .bind(r.verified).bind(&r.source).bind(&r.note)
    .execute(db)
    .await
    .map(|_| ())
}

/// Inserts or updates an ICB change and replaces its predecessor parts.
pub async fn upsert_icb_change(db: &mut PgConnection, r: &IcbChangeRecord) -> sqlx::Result<()> {
    let id: i64 = sqlx::query_scalar(
        "insert into icb_change (successor_name, change_type, region_name, predecessors, source)
         values ($1, $2, $3, $4, $5)
         on conflict (successor_name) do update set change_type = excluded.change_type,
             region_name = excluded.region_name, predecessors = excluded.predecessors, source = excluded.source
         returning id",
    )
    .bind(&r.successor_name).bind(&r.change_type).bind(&r.region_name).bind(&r.predecessors).bind(&r.source)
    .fetch_one(&mut *db)
    .await?;
    sqlx::query("delete from icb_change_predecessor where icb_change_id = $1")
        .bind(id)
        .execute(&mut *db)
        .await?;
    for (i, (description, code)) in r.parts.iter().enumerate() {
        sqlx::query(
            "insert into icb_change_predecessor (icb_change_id, position, description, icb_ods_code) values ($1, $2, $3, $4)",
        )
        .bind(id).bind(i as i32).bind(description).bind(code)
        .execute(&mut *db)
        .await?;
    }
    Ok(())
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

/// Inserts or updates a technology by slug with its supplier, care settings and
/// claims. A technology edited in the app keeps its own fields; its claims are
/// still refreshed where they were not edited themselves. Returns what the
/// reference data had that was not applied because it met an in-app edit.
pub async fn upsert_technology(
    db: &mut PgConnection,
    r: &TechnologyRecord,
) -> sqlx::Result<Vec<String>> {
    let supplier_id: Option<i64> = match &r.supplier.value {
        Some(name) => Some(
            sqlx::query_scalar(
                "insert into supplier (name) values ($1)
                 on conflict (name) do update set name = excluded.name returning id",
            )
            .bind(name)
            .fetch_one(&mut *db)
            .await?,
        ),
        None => None,
    };
    let updated: Option<i64> = sqlx::query_scalar(
        "insert into technology (slug, name, supplier, supplier_id, supplier_verified, supplier_note,
                                 technology_type_id, summary, summary_verified, summary_note, sources,
                                 clinical_area, clinical_area_verified, ai_enabled, inclusion_basis, care_setting_text, imported_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, now())
         on conflict (slug) do update
         set name = excluded.name, supplier = excluded.supplier, supplier_id = excluded.supplier_id,
             supplier_verified = excluded.supplier_verified, supplier_note = excluded.supplier_note,
             technology_type_id = excluded.technology_type_id, summary = excluded.summary,
             summary_verified = excluded.summary_verified, summary_note = excluded.summary_note,
             sources = excluded.sources, clinical_area = excluded.clinical_area,
             clinical_area_verified = excluded.clinical_area_verified, ai_enabled = excluded.ai_enabled,
             inclusion_basis = excluded.inclusion_basis, care_setting_text = excluded.care_setting_text,
             imported_at = now(), updated_at = now()
         where not technology.edited_in_app
         returning id",
    )
    .bind(&r.slug)
    .bind(&r.name)
    .bind(&r.supplier.value)
    .bind(supplier_id)
    .bind(r.supplier.verified)
    .bind(&r.supplier.note)
    .bind(&r.technology_type_id)
    .bind(&r.summary.value)
    .bind(r.summary.verified)
    .bind(&r.summary.note)
    .bind(&r.sources)
    .bind(&r.clinical_area.value)
    .bind(r.clinical_area.verified)
    .bind(r.ai_enabled)
    .bind(&r.inclusion_basis)
    .bind(&r.care_setting_text)
    .fetch_optional(&mut *db)
    .await?;
    let id = match updated {
        Some(id) => {
            replace_links(db, CARE_SETTING_LINKS, id, &r.care_setting_ids).await?;
            let groups = specialty_groups(r.clinical_area.value.as_deref(), &r.technology_type_id);
            replace_links(db, SPECIALTY_LINKS, id, &groups).await?;
            id
        }
        // Edited in the app: keep its fields and care settings.
        None => {
            sqlx::query_scalar("select id from technology where slug = $1")
                .bind(&r.slug)
                .fetch_one(&mut *db)
                .await?
        }
    };
    let mut kept = Vec::new();
    if updated.is_none() {
        kept.push("its own fields".to_owned());
    }
    kept.extend(claims::write_all(db, id, &r.claims).await?);
    Ok(kept
        .into_iter()
        .map(|k| format!("{}: {k}", r.slug))
        .collect())
}

/// A link table's two statements: delete the technology's links (`$1`), then insert
/// one per value of `$2`.
type LinkStatements = [&'static str; 2];

const CARE_SETTING_LINKS: LinkStatements = [
    "delete from technology_care_setting where technology_id = $1",
    "insert into technology_care_setting (technology_id, care_setting_id) select $1, unnest($2::text[])",
];

const SPECIALTY_LINKS: LinkStatements = [
    "delete from technology_specialty_group where technology_id = $1",
    "insert into technology_specialty_group (technology_id, specialty_group_id) select $1, unnest($2::text[])",
];

/// Replaces technology `id`'s rows in a link table with `values`.
async fn replace_links<S: AsRef<str>>(
    db: &mut PgConnection,
    [delete, insert]: LinkStatements,
    id: i64,
    values: &[S],
) -> sqlx::Result<()> {
    let values: Vec<&str> = values.iter().map(AsRef::as_ref).collect();
    sqlx::query(delete).bind(id).execute(&mut *db).await?;
    sqlx::query(insert)
        .bind(id)
        .bind(values)
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

/// A content hash of every imported row, keyed by table and id, to report what a
/// re-import changed. Technology rows hash their imported fields only (not the
/// import timestamps).
pub async fn fingerprint(db: &mut PgConnection) -> sqlx::Result<Vec<(String, i64, String)>> {
    sqlx::query_as(
        "select 'technology', id, md5(row(slug, name, supplier, supplier_verified, supplier_note,
                    technology_type_id, summary, summary_verified, summary_note, sources, clinical_area,
                    clinical_area_verified, ai_enabled, inclusion_basis, care_setting_text)::text) from technology
         union all select 'benefit', id, md5(x::text) from benefit x
         union all select 'cost_item', id, md5(x::text) from cost_item x
         union all select 'regulatory_record', id, md5(x::text) from regulatory_record x
         union all select 'nice_guidance', id, md5(x::text) from nice_guidance x
         union all select 'workforce_requirement', id, md5(x::text) from workforce_requirement x
         union all select 'infrastructure_requirement', id, md5(x::text) from infrastructure_requirement x
         union all select 'evidence_item', id, md5(x::text) from evidence_item x
         union all select 'deployment', id, md5(x::text) from deployment x
         union all select 'pilot_result', id, md5(x::text) from pilot_result x
         union all select 'saving', id, md5(x::text) from saving x
         union all select 'regulatory_evidence', id, md5(x::text) from regulatory_evidence x
         union all select 'funding_route', id, md5(x::text) from funding_route x
         union all select 'search_record', id, md5(row(technology_id, block, searched_on, detail)::text) from search_record x",
    )
    .fetch_all(db)
    .await
}

/// How many imported rows are marked as edited in the app (and so left alone).
pub async fn edited_rows(db: &mut PgConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "select (select count(*) from technology where edited_in_app)
              + (select count(*) from benefit where edited_in_app)
              + (select count(*) from cost_item where edited_in_app)
              + (select count(*) from regulatory_record where edited_in_app)
              + (select count(*) from nice_guidance where edited_in_app)
              + (select count(*) from workforce_requirement where edited_in_app)
              + (select count(*) from infrastructure_requirement where edited_in_app)
              + (select count(*) from evidence_item where edited_in_app)
              + (select count(*) from deployment where edited_in_app)
              + (select count(*) from pilot_result where edited_in_app)
              + (select count(*) from saving where edited_in_app)
              + (select count(*) from regulatory_evidence where edited_in_app)
              + (select count(*) from funding_route where edited_in_app)",
    )
    .fetch_one(db)
    .await
}

/// The content hash of the reference files the last import loaded, if any.
pub async fn last_import(db: &mut PgConnection) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("select files_sha256 from reference_import")
        .fetch_optional(db)
        .await
}

/// Records the content hash of the reference files just loaded.
pub async fn record_import(db: &mut PgConnection, files_sha256: &str) -> sqlx::Result<()> {
    sqlx::query(
        "insert into reference_import (id, files_sha256) values (1, $1)
         on conflict (id) do update set files_sha256 = excluded.files_sha256, imported_at = now()",
    )
    .bind(files_sha256)
    .execute(db)
    .await
    .map(|_| ())
}
