//! Test data builders for narrow database tests: the real reference tables
//! (regions, ICBs, taxonomies, stages, essentials) without the real
//! technologies, and technologies built with just the claims a test needs.
//! What a test expects then follows from what it built.
//!
//! ```ignore
//! reference_only(&pool).await;
//! let id = TechnologyBuilder::new("alpha").ai(true).deployed_in("QRV").insert(&pool).await;
//! ```

use crate::helpers::seed_real_data;
use sqlx::PgPool;

/// Loads the project's reference files, then takes the real technologies out
/// again (the loader rightly refuses a file without any), leaving the
/// reference tables and an empty catalogue.
pub async fn reference_only(pool: &PgPool) {
    seed_real_data(pool).await;
    let mut tx = pool.begin().await.expect("transaction");
    sqlx::query("delete from technology")
        .execute(&mut *tx)
        .await
        .expect("no technologies");
    app::db::search::refresh(&mut tx).await.expect("refresh");
    tx.commit().await.expect("commit");
}

/// One documented deployment.
struct Deployment {
    icb: String,
    stage: &'static str,
}

/// A technology to insert, with defaults for everything a test does not set:
/// a workflow tool, not AI, listed, no claims.
pub struct TechnologyBuilder {
    slug: String,
    name: String,
    type_id: String,
    ai: bool,
    status: &'static str,
    settings: Vec<String>,
    deployments: Vec<Deployment>,
    benefits: Vec<(String, bool)>,
}

impl TechnologyBuilder {
    /// A technology called after its slug ("alpha-scan" → "Alpha scan").
    pub fn new(slug: &str) -> Self {
        let mut name: String = slug.replace('-', " ");
        if let Some(first) = name.get(..1) {
            name = first.to_uppercase() + &name[1..];
        }
        Self {
            slug: slug.to_owned(),
            name,
            type_id: "workflow_rpa".to_owned(),
            ai: false,
            status: "listed",
            settings: Vec::new(),
            deployments: Vec::new(),
            benefits: Vec::new(),
        }
    }

    /// Whether it uses AI.
    pub fn ai(mut self, ai: bool) -> Self {
        self.ai = ai;
        self
    }

    /// Withdrawn from the catalogue.
    pub fn withdrawn(mut self) -> Self {
        self.status = "withdrawn";
        self
    }

    /// Used in this care setting (an id of the reference taxonomy).
    pub fn setting(mut self, id: &str) -> Self {
        self.settings.push(id.to_owned());
        self
    }

    /// A verified NHS deployment in this ICB, live in routine use.
    pub fn deployed_in(mut self, icb: &str) -> Self {
        self.deployments.push(Deployment {
            icb: icb.to_owned(),
            stage: "business_as_usual",
        });
        self
    }

    /// A benefit claim, verified today or not yet.
    pub fn benefit(mut self, statement: &str, verified: bool) -> Self {
        self.benefits.push((statement.to_owned(), verified));
        self
    }

    /// Inserts it with its claims and refreshes the search views, in one
    /// transaction; returns its id.
    pub async fn insert(self, pool: &PgPool) -> i64 {
        let mut tx = pool.begin().await.expect("transaction");
        let id: i64 = sqlx::query_scalar(
            "insert into technology (slug, name, technology_type_id, ai_enabled, catalogue_status,
                 withdrawn_reason)
             values ($1, $2, $3, $4, $5,
                 case when $5 = 'withdrawn' then 'Withdrawn for the test' end) returning id",
        )
        .bind(&self.slug)
        .bind(&self.name)
        .bind(&self.type_id)
        .bind(self.ai)
        .bind(self.status)
        .fetch_one(&mut *tx)
        .await
        .expect("technology");
        for setting in &self.settings {
            sqlx::query(
                "insert into technology_care_setting (technology_id, care_setting_id) values ($1, $2)",
            )
            .bind(id)
            .bind(setting)
            .execute(&mut *tx)
            .await
            .expect("care setting");
        }
        for (position, d) in self.deployments.iter().enumerate() {
            sqlx::query(
                "insert into deployment (technology_id, position, site, kind, icb_ods_code,
                     icb_verified, stage_id, status, source, verified, verified_on, recheck_by)
                 values ($1, $2, 'Test site', 'nhs_deployment', $3, true, $4, 'live',
                     'example.org/deployment', true, current_date, current_date + 365)",
            )
            .bind(id)
            .bind(position as i32)
            .bind(&d.icb)
            .bind(d.stage)
            .execute(&mut *tx)
            .await
            .expect("deployment");
        }
        for (position, (statement, verified)) in self.benefits.iter().enumerate() {
            sqlx::query(
                "insert into benefit (technology_id, position, domain, statement, source, verified,
                     verified_on, recheck_by)
                 values ($1, $2, 'clinical', $3, 'example.org/benefit', $4,
                     case when $4 then current_date end, case when $4 then current_date + 365 end)",
            )
            .bind(id)
            .bind(position as i32)
            .bind(statement)
            .bind(*verified)
            .execute(&mut *tx)
            .await
            .expect("benefit");
        }
        app::db::search::refresh(&mut tx).await.expect("refresh");
        tx.commit().await.expect("commit");
        id
    }
}
