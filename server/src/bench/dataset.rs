//! The synthetic scale dataset: 10,000 (or 100,000) technologies spread evenly
//! over the 12 types with 1–3 care settings each, and 200,000 (or 2,000,000)
//! NHS deployments spread
//! Zipf-like over technologies (log-uniform rank: a few have thousands, most
//! have a handful) and evenly over the 42 ICBs. Every row says it is synthetic.
//! The reference tables (types, settings, ICBs…) come from the real seed; the 57
//! real technologies are removed so only synthetic ones remain.

use sqlx::PgPool;

const SOURCE: &str = "SYNTHETIC BENCHMARK DATA: not a real product, organisation or claim";

/// Builds the dataset; returns (technologies, deployments, NICE records).
pub async fn build(pool: &PgPool, size: super::Size) -> anyhow::Result<(i64, i64, i64)> {
    let (techs, deployments) = size.counts();
    crate::seed::run(pool, std::path::Path::new("data/reference"), false).await?;
    let mut tx = pool.begin().await?;
    sqlx::query("select setseed(0.42)")
        .execute(&mut *tx)
        .await?;
    for statement in STATEMENTS {
        // The sizes are numbers from `Size`, never input.
        let statement = statement
            .replace("{TECHS}", &techs.to_string())
            .replace("{DEPLOYMENTS}", &deployments.to_string());
        let query = sqlx::query(&statement);
        let query = if statement.contains("$1") {
            query.bind(SOURCE)
        } else {
            query
        };
        query.execute(&mut *tx).await?;
    }
    app::db::search::refresh(&mut tx).await?;
    tx.commit().await?;
    sqlx::query("analyze").execute(pool).await?;
    let counts: (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from technology), (select count(*) from deployment),
                (select count(*) from nice_guidance)",
    )
    .fetch_one(pool)
    .await?;
    Ok(counts)
}

/// `$1`, where a statement has it, is the synthetic-source label.
const STATEMENTS: [&str; 7] = [
    "delete from technology where $1::text is not null",
    "insert into supplier (name)
     select 'Synthetic supplier ' || lpad(g::text, 3, '0') || ' (' || $1 || ')' from generate_series(1, 400) g
     on conflict (name) do nothing",
    "with words as (select array['remote', 'monitoring', 'dermatology', 'stroke', 'imaging', 'triage',
                                  'virtual', 'ward', 'therapy', 'digital', 'respiratory', 'cardiac',
                                  'diabetes', 'mental', 'health', 'pathway', 'referral', 'screening',
                                  'ambient', 'documentation', 'fracture', 'oncology', 'sleep', 'anxiety'] as w),
          types as (select array_agg(id order by id) as t, array_agg(label order by id) as l from technology_type),
          suppliers as (select array_agg(id order by id) as s, array_agg(name order by id) as n from supplier where name like 'Synthetic supplier%')
     insert into technology (slug, name, supplier, supplier_id, supplier_verified, technology_type_id, summary,
                             summary_verified, sources, clinical_area, clinical_area_verified, ai_enabled,
                             inclusion_basis, care_setting_text, imported_at)
     select 'synthetic-' || lpad(g::text, 6, '0'),
            'Synthetic ' || initcap(w[1 + (g * 7) % 24]) || ' ' || initcap(w[1 + (g * 11) % 24]) || ' ' || g,
            n[1 + g % 400], s[1 + g % 400], true, t[1 + g % 12],
            'Synthetic benchmark record: ' || w[1 + g % 24] || ' ' || w[1 + (g * 5) % 24] || ' for '
                || w[1 + (g * 13) % 24] || ' ' || w[1 + (g * 17) % 24] || '.',
            random() < 0.7, array[$1], initcap(w[1 + (g * 3) % 24]) || ' - synthetic', random() < 0.7,
            l[1 + g % 12] ~ '\\mAI\\M', '{nhs_deployment}', 'synthetic', now()
     from generate_series(1, {TECHS}) g, words, types, suppliers",
    "with settings as (select array_agg(id order by id) as s, count(*)::int as n from care_setting)
     insert into technology_care_setting (technology_id, care_setting_id)
     select t.id, s[1 + (t.id::int + k * 3) % n]
     from technology t, settings, generate_series(0, 2) k
     where k <= t.id % 3",
    "with groups as (select array_agg(id order by position) as g, count(*)::int as n from specialty_group)
     insert into technology_specialty_group (technology_id, specialty_group_id)
     select t.id, g[1 + t.id::int % n] from technology t, groups",
    "insert into nice_guidance (technology_id, position, guidance_ref, guidance_type, title, recommendation,
                                source, verified, verified_on, recheck_by)
     select t.id, 0, 'SYN' || t.id, (array['MTG', 'DG', 'HTE', 'HTE', 'MIB', 'HTG'])[1 + t.id % 6],
            'Synthetic guidance for ' || t.name,
            (array['Recommended as an option', 'Can be used while more evidence is generated'])[1 + t.id % 2],
            $1, true, current_date - 30, current_date + 335
     from technology t where t.id % 5 < 2",
    "with techs as (select array_agg(id order by id) as t from technology),
          icbs as (select array_agg(ods_code order by ods_code) as i from icb),
          draws as (select g, least({TECHS}, greatest(1, floor(exp(random() * ln({TECHS})))::int)) as rank
                    from generate_series(1, {DEPLOYMENTS}) g)
     insert into deployment (technology_id, position, site, kind, icb_ods_code, icb_verified, stage_id, status,
                             source, verified, verified_on, recheck_by)
     select t[rank], g, 'Synthetic site ' || g, 'nhs_deployment', i[1 + g % 42], false,
            (array['pilot', 'evaluation', 'scaling', 'business_as_usual'])[1 + g % 4], 'live',
            $1, g % 3 = 0,
            case when g % 3 = 0 then current_date - (g % 300) end,
            case when g % 3 = 0 then current_date - (g % 300) + 365 end
     from draws, techs, icbs",
];
