//! What the readiness filter needs for every technology at once: the IT,
//! estates and workforce requirements and the requirement-stating evidence,
//! in one query (the same claims the technology page reads one by one).

use super::rows::ProvenanceRow;
use crate::domain::{
    Claim, DataLocation, EvidenceItem, Hosting, InfraItem, OrgContext, ReadyFilter,
    RequirementSources, Tally, WorkforceItem, assess,
};
use sqlx::PgConnection;
use std::collections::BTreeMap;

#[derive(sqlx::FromRow)]
struct RequirementRow {
    technology_id: i64,
    part: String,
    kind: Option<String>,
    role: Option<String>,
    training_hours: Option<String>,
    statement: String,
    standards: Vec<String>,
    standards_stated: bool,
    hosting: Option<String>,
    data_location: Option<String>,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

const SQL: &str = "
    select technology_id, kind as part, null::text as kind, null::text as role,
           null::text as training_hours, statement, source, verified, verified_on, recheck_by, note,
           source_kinds, source_kinds_derived, position, null::text as claim_block, null::bigint as claim_id,
           standards, standards_stated, hosting, data_location
    from infrastructure_requirement where withdrawn_on is null
    union all
    select technology_id, 'workforce', null, role, trim_scale(training_hours)::text, statement,
           source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived, position, null, null,
           '{}', false, null, null
    from workforce_requirement where withdrawn_on is null
    union all
    select technology_id, 'evidence', kind, null, null, statement,
           source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived, position, null, null,
           '{}', false, null, null
    from evidence_item where kind = any($1) and withdrawn_on is null
    order by technology_id, part, position";

/// Every technology's requirement sources, by technology id.
pub async fn all_sources(db: &mut PgConnection) -> sqlx::Result<BTreeMap<i64, RequirementSources>> {
    let (rows, today): (Vec<RequirementRow>, chrono::NaiveDate) = {
        let rows = sqlx::query_as(SQL)
            .bind(&RequirementSources::EVIDENCE_KINDS[..])
            .fetch_all(&mut *db)
            .await?;
        let today = super::today(&mut *db).await?;
        (rows, today)
    };
    let ids: Vec<i64> = sqlx::query_scalar("select id from technology")
        .fetch_all(&mut *db)
        .await?;
    let mut out: BTreeMap<i64, RequirementSources> = ids
        .into_iter()
        .map(|id| (id, RequirementSources::default()))
        .collect();
    for r in rows {
        let src = out.entry(r.technology_id).or_default();
        let provenance = r.p.into_provenance(today);
        let infra = |statement: String| InfraItem {
            statement,
            standards: r.standards.clone(),
            standards_stated: r.standards_stated,
            hosting: r.hosting.as_deref().and_then(Hosting::parse),
            data_location: r.data_location.as_deref().and_then(DataLocation::parse),
        };
        match r.part.as_str() {
            "it" => src.it.push(Claim {
                value: infra(r.statement),
                provenance,
            }),
            "estates" => src.estates.push(Claim {
                value: infra(r.statement),
                provenance,
            }),
            "workforce" => src.workforce.push(Claim {
                value: WorkforceItem {
                    role: r.role,
                    training_hours: r.training_hours,
                    statement: r.statement,
                },
                provenance,
            }),
            _ => src.evidence.push(Claim {
                value: EvidenceItem {
                    kind: r.kind.unwrap_or_default(),
                    statement: r.statement,
                },
                provenance,
            }),
        }
    }
    Ok(out)
}

/// Every technology's readiness tally for `ctx`, by id.
pub async fn tallies(
    db: &mut PgConnection,
    ctx: &OrgContext,
) -> sqlx::Result<BTreeMap<i64, Tally>> {
    Ok(all_sources(db)
        .await?
        .into_iter()
        .map(|(id, src)| (id, assess(&src, ctx).tally()))
        .collect())
}

/// The ids of the technologies `filter` accepts.
pub fn accepted(tallies: &BTreeMap<i64, Tally>, filter: ReadyFilter) -> Vec<i64> {
    tallies
        .iter()
        .filter(|(_, t)| filter.accepts(**t))
        .map(|(id, _)| *id)
        .collect()
}
