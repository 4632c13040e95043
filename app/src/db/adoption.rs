//! Adoption roll-ups: the ICB directory, one ICB's or one region's documented
//! NHS deployments, and the 2026 ICB changes. Only `nhs_deployment` records
//! count, whatever their stage or status: stopped and paused ones are kept.

use crate::domain::{
    AdoptionRecord, ContactRoutes, IcbChange, IcbDirectory, IcbProfile, IcbSummary, PartialDate,
    Predecessor, RegionIcbs, RegionProfile,
};
use chrono::NaiveDate;
use sqlx::PgConnection;

#[derive(sqlx::FromRow)]
struct IcbRow {
    region_code: String,
    region_name: String,
    ods_code: String,
    name: String,
    technologies: i64,
    deployments: i64,
}

/// Every ICB with its roll-up; `$1` limits to one region (null for all).
const ICBS_SQL: &str = "
    select r.ods_code as region_code, r.name as region_name, i.ods_code, i.name,
           count(distinct d.technology_id) as technologies, count(d.id) as deployments
    from icb i
    join region r on r.ods_code = i.region_ods_code
    left join (deployment d join technology t on t.id = d.technology_id and is_listed(t.catalogue_status))
        on d.icb_ods_code = i.ods_code and d.kind = 'nhs_deployment' and d.withdrawn_on is null
    where $1::text is null or r.ods_code = $1
    group by r.ods_code, r.name, i.ods_code, i.name
    order by r.name, i.name";

async fn regions(db: &mut PgConnection, only: Option<&str>) -> sqlx::Result<Vec<RegionIcbs>> {
    let rows: Vec<IcbRow> = sqlx::query_as(ICBS_SQL).bind(only).fetch_all(db).await?;
    let mut out: Vec<RegionIcbs> = Vec::new();
    for r in rows {
        let icb = IcbSummary {
            ods_code: r.ods_code,
            name: r.name,
            technologies: r.technologies,
            deployments: r.deployments,
        };
        match out.last_mut() {
            Some(g) if g.ods_code == r.region_code => g.icbs.push(icb),
            _ => out.push(RegionIcbs {
                ods_code: r.region_code,
                name: r.region_name,
                icbs: vec![icb],
            }),
        }
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    id: i64,
    successor_name: String,
    change_type: String,
    region_name: Option<String>,
    source: String,
    description: Option<String>,
    icb_ods_code: Option<String>,
}

/// `/icbs`: all regions' ICBs and the April 2026 changes.
pub async fn directory(db: &mut PgConnection) -> sqlx::Result<IcbDirectory> {
    let regions = regions(&mut *db, None).await?;
    let rows: Vec<ChangeRow> = sqlx::query_as(
        "select c.id, c.successor_name, c.change_type, c.region_name, c.source,
                p.description, p.icb_ods_code
         from icb_change c left join icb_change_predecessor p on p.icb_change_id = c.id
         order by c.successor_name, p.position",
    )
    .fetch_all(db)
    .await?;
    let mut changes: Vec<(i64, IcbChange)> = Vec::new();
    for r in rows {
        let predecessor = r.description.map(|description| Predecessor {
            description,
            ods_code: r.icb_ods_code,
        });
        match changes.last_mut() {
            Some((id, c)) if *id == r.id => c.predecessors.extend(predecessor),
            _ => changes.push((
                r.id,
                IcbChange {
                    successor: r.successor_name,
                    change_type: r.change_type,
                    region: r.region_name,
                    predecessors: predecessor.into_iter().collect(),
                    source: r.source,
                },
            )),
        }
    }
    Ok(IcbDirectory {
        regions,
        changes: changes.into_iter().map(|(_, c)| c).collect(),
    })
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    slug: String,
    technology: String,
    technology_type: String,
    site: String,
    icb_code: Option<String>,
    icb_name: Option<String>,
    stage: Option<String>,
    status: Option<String>,
    stop_reason: Option<String>,
    go_live_on: Option<NaiveDate>,
    go_live_precision: String,
    stage_status_inferred: bool,
    icb_verified: bool,
    scale: Option<String>,
    result: Option<String>,
    source: String,
    verified: bool,
    verified_on: Option<NaiveDate>,
}

/// Documented deployments in ICB `$1` or in region `$2`.
async fn records(
    db: &mut PgConnection,
    icb: Option<&str>,
    region: Option<&str>,
) -> sqlx::Result<Vec<AdoptionRecord>> {
    let rows: Vec<RecordRow> = sqlx::query_as(
        "select t.slug, t.name as technology, tt.label as technology_type, d.site,
                i.ods_code as icb_code, i.name as icb_name, s.label as stage, d.status,
                d.stop_reason, d.go_live_on, d.go_live_precision, d.stage_status_inferred,
                d.icb_verified, d.scale, d.result, d.source, d.verified, d.verified_on
         from deployment d
         join technology t on t.id = d.technology_id and is_listed(t.catalogue_status)
         join technology_type tt on tt.id = t.technology_type_id
         left join deployment_stage s on s.id = d.stage_id
         left join icb i on i.ods_code = d.icb_ods_code
         where d.kind = 'nhs_deployment' and d.withdrawn_on is null
           and (d.icb_ods_code = $1 or i.region_ods_code = $2)
         order by tt.label, lower(t.name), i.name, d.position",
    )
    .bind(icb)
    .bind(region)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AdoptionRecord {
            slug: r.slug,
            technology: r.technology,
            technology_type: r.technology_type,
            site: r.site,
            icb: r.icb_code.zip(r.icb_name),
            stage: r.stage,
            status: r.status,
            stop_reason: r.stop_reason,
            go_live: r
                .go_live_on
                .and_then(|d| PartialDate::from_parts(d, &r.go_live_precision)),
            stage_status_inferred: r.stage_status_inferred,
            icb_inferred: !r.icb_verified,
            scale: r.scale,
            result: r.result,
            source: r.source,
            verified: r.verified,
            verified_on: r.verified_on,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    ods_code: String,
    name: String,
    region_code: String,
    region_name: String,
    website: Option<String>,
    contact_page: Option<String>,
    enquiries_email: Option<String>,
    route_verified: Option<bool>,
    route_source: Option<String>,
    route_note: Option<String>,
}

/// `/icbs/{code}`, or `None` for an unknown code.
pub async fn icb(db: &mut PgConnection, code: &str) -> sqlx::Result<Option<IcbProfile>> {
    let Some(row) = sqlx::query_as::<_, ProfileRow>(
        "select i.ods_code, i.name, r.ods_code as region_code, r.name as region_name,
                c.website, c.contact_page, c.enquiries_email, c.verified as route_verified,
                c.source as route_source, c.note as route_note
         from icb i join region r on r.ods_code = i.region_ods_code
         left join icb_contact_route c on c.icb_ods_code = i.ods_code
         where i.ods_code = $1",
    )
    .bind(code)
    .fetch_optional(&mut *db)
    .await?
    else {
        return Ok(None);
    };
    let deployments = records(&mut *db, Some(code), None).await?;
    Ok(Some(IcbProfile {
        contact: row.route_verified.map(|verified| ContactRoutes {
            website: row.website,
            contact_page: row.contact_page,
            enquiries_email: row.enquiries_email,
            verified,
            source: row.route_source,
            note: row.route_note,
        }),
        ods_code: row.ods_code,
        name: row.name,
        region: (row.region_code, row.region_name),
        deployments,
    }))
}

/// `/regions/{code}`, or `None` for an unknown code.
pub async fn region(db: &mut PgConnection, code: &str) -> sqlx::Result<Option<RegionProfile>> {
    let Some(region) = regions(&mut *db, Some(code)).await?.into_iter().next() else {
        return Ok(None);
    };
    let deployments = records(&mut *db, None, Some(code)).await?;
    Ok(Some(RegionProfile {
        region,
        deployments,
    }))
}
