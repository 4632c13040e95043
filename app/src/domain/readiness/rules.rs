//! The readiness rules, by area: integration, identity, hosting, estates,
//! workforce and the deployer's own duties. Each reads the technology's
//! requirement texts and the organisation's answers and adds its lines.

use super::{
    Area, Quote, Readiness, RequirementSources, Status,
    matcher::{Lines, Rule, Text, has_word, has_word_ci, infra_texts, matching, texts},
};
use crate::domain::{Claim, OrgContext, WorkforceItem, hours_label};

/// Checks `src` against `ctx`.
pub fn assess(src: &RequirementSources, ctx: &OrgContext) -> Readiness {
    let mut it = infra_texts(&src.it);
    it.extend(
        texts(&src.evidence, |e| e.statement.as_str())
            .into_iter()
            .zip(&src.evidence)
            .filter(|(_, e)| e.value.kind == "infrastructure")
            .map(|(t, _)| t),
    );
    let estates = texts(&src.estates, |i| i.statement.as_str());
    let duties = texts(&src.evidence, |e| e.statement.as_str());
    let mut l = Lines {
        ctx,
        out: Vec::new(),
    };
    integration(&mut l, &it);
    identity(&mut l, &it);
    hosting(&mut l, &it);
    estates_lines(&mut l, &estates, &it);
    workforce(&mut l, src);
    deployer_duties(&mut l, &duties);
    l.out.sort_by_key(|line| line.area);
    Readiness { lines: l.out }
}

fn integration(l: &mut Lines<'_>, it: &[Text<'_>]) {
    let mut any = false;
    let standards: [(&str, &str, &str); 5] = [
        ("DICOM", "dicom", "DICOM"),
        ("FHIR", "fhir", "FHIR"),
        ("HL7", "hl7v2", "HL7 v2"),
        ("IM1", "im1", "IM1"),
        ("GP Connect", "gpconnect", "GP Connect"),
    ];
    for (word, value, name) in standards {
        if let Some(ev) = matching(it, |t| has_word(t, word)) {
            any = true;
            let status = l.list_has("int", &[value], Status::MajorGap);
            l.push(
                Area::Integration,
                &format!("Exchange data using {name}"),
                Some(ev),
                Some("int"),
                status,
                &format!("Ask your integration team or system supplier to add {name} exchange with this product; the cost of that work is not documented."),
            );
        }
    }
    let pacs = matching(it, |t| {
        has_word(t, "PACS")
            || t.contains("imaging IT provider")
            || t.contains("local imaging system")
            || t.contains("reporting worklist")
    });
    if let Some(ev) = pacs {
        any = true;
        let status = match l.ctx.list("pacs") {
            None => Status::Unknown,
            Some([]) => Status::MajorGap,
            Some(_) => Status::Met,
        };
        l.push(
            Area::Integration,
            "A link to your imaging system (PACS) and reporting worklist",
            Some(ev),
            Some("pacs"),
            status,
            "It needs a PACS to send studies from and return results to. Ask your PACS supplier whether it can route studies to this product.",
        );
    }
    if let Some(ev) = matching(it, |t| has_word(t, "EMIS") || has_word(t, "SystmOne")) {
        any = true;
        let status = l.list_has("gp", &["emis", "tpp"], Status::MajorGap);
        l.push(
            Area::Integration,
            "Works with the GP systems named in the source (EMIS, SystmOne)",
            Some(ev),
            Some("gp"),
            status,
            "The documented integration is with EMIS and SystmOne only. Ask the supplier whether your GP system is supported; otherwise clinicians use the supplier's portal.",
        );
    }
    if let Some(ev) = matching(it, |t| {
        has_word(t, "EPR") || has_word(t, "EMR") || t.contains("patient management system")
    }) {
        any = true;
        let status = match l.ctx.list("epr") {
            Some([]) => Status::MajorGap,
            _ => Status::Unknown,
        };
        l.push(
            Area::Integration,
            "A link to your electronic patient record",
            Some(ev),
            Some("epr"),
            status,
            "The source does not say which standard the link uses or which EPRs are supported. Ask the supplier, and check against your integration capability.",
        );
    }
    if let Some(ev) = matching(it, |t| {
        t.contains("NHS API")
            || t.contains("able to interact")
            || t.contains("images shared")
            || t.contains("scans be shared")
    }) {
        any = true;
        l.push(
            Area::Integration,
            "Integration with existing NHS systems (standard not stated)",
            Some(ev),
            Some("int"),
            Status::Unknown,
            "The source does not name the standard. Ask the supplier which of FHIR, HL7 v2, DICOM, IM1 or GP Connect it uses.",
        );
    }
    if any {
        let status = match l.ctx.number("team") {
            None => Status::Unknown,
            Some(0) => Status::MajorGap,
            Some(_) => Status::Met,
        };
        l.push(
            Area::Integration,
            "People to set up and run the integration",
            None,
            Some("team"),
            status,
            "With no digital team, plan supplier-led integration work or shared ICS capacity, and budget for it.",
        );
    } else {
        l.push(
            Area::Integration,
            "Integration with your systems",
            None,
            Some("int"),
            Status::Unknown,
            "Not yet documented. Ask the supplier how it exchanges data with your systems (DTAC section C4 covers interoperability).",
        );
    }
}

fn identity(l: &mut Lines<'_>, it: &[Text<'_>]) {
    let rules: [(&str, &str, Rule); 3] = [
        (
            "cis2",
            "Staff sign in with NHS Care Identity Service 2 (smartcard)",
            |t| has_word_ci(t, "smartcard") || has_word(t, "CIS2"),
        ),
        ("nhslogin", "Patients sign in with NHS login", |t| {
            t.contains("NHS login")
        }),
        ("sso", "Staff sign in with your single sign-on", |t| {
            has_word(t, "SSO") || t.to_lowercase().contains("single sign")
        }),
    ];
    let mut any = false;
    for (value, requirement, pred) in rules {
        if let Some(ev) = matching(it, pred) {
            any = true;
            let status = l.list_has("id", &[value], Status::MajorGap);
            l.push(
                Area::Identity,
                requirement,
                Some(ev),
                Some("id"),
                status,
                "Ask your identity team to set this up; the supplier's integration guide gives the steps.",
            );
        }
    }
    if !any {
        l.push(
            Area::Identity,
            "How staff and patients sign in",
            None,
            Some("id"),
            Status::Unknown,
            "Not yet documented. Ask whether staff sign in with NHS CIS2 or your local single sign-on, and whether patients use NHS login.",
        );
    }
}

fn hosting(l: &mut Lines<'_>, it: &[Text<'_>]) {
    let mut any = false;
    let uk_data = it.iter().any(|t| t.facts.contains("data held in the UK"));
    if uk_data && let Some(ev) = matching(it, |t| t.contains("data held in the UK")) {
        any = true;
        let status = match l.ctx.choice("cloud") {
            Some("y" | "uk") => Status::Met,
            Some(_) => Status::MinorGap,
            None => Status::Unknown,
        };
        l.push(
            Area::Hosting,
            "Data are held in the UK",
            Some(ev),
            Some("cloud"),
            status,
            "Your policy does not allow cloud hosting: ask the supplier whether it can run on your premises.",
        );
    }
    if let Some(ev) = matching(it, |t| t.contains("in the US")) {
        any = true;
        let status = match l.ctx.choice("cloud") {
            Some("y") => Status::Met,
            Some(_) => Status::MajorGap,
            None => Status::Unknown,
        };
        l.push(
            Area::Hosting,
            "Data are processed outside the UK",
            Some(ev),
            Some("cloud"),
            status,
            "Your DPIA must cover the international transfer and your SIRO must accept it; under your policy it cannot be used without that.",
        );
    }
    let cloud = |t: &str| {
        t.split(';')
            .any(|clause| has_word_ci(clause, "cloud") && !clause.contains("optional"))
    };
    if let Some(ev) = matching(it, cloud) {
        any = true;
        let status = match l.ctx.choice("cloud") {
            Some("y") => Status::Met,
            // A UK-only cloud policy is met when the source says the data stay in the UK.
            Some("uk") if uk_data => Status::Met,
            Some("n") => Status::MajorGap,
            _ => Status::Unknown,
        };
        l.push(
            Area::Hosting,
            "Runs in a public cloud",
            Some(ev),
            Some("cloud"),
            status,
            "It needs a policy exception signed off by your SIRO and DPO, backed by a DPIA; no on-premises option is documented. Where the cloud is hosted is not documented: ask the supplier.",
        );
    }
    if !any {
        l.push(
            Area::Hosting,
            "Where the data are hosted",
            None,
            Some("cloud"),
            Status::Unknown,
            "Not yet documented. Ask the supplier where data are stored and processed (DTAC section C2 asks for the data location).",
        );
    }
}

fn estates_lines(l: &mut Lines<'_>, estates: &[Text<'_>], it: &[Text<'_>]) {
    let none = |t: &str| {
        t.starts_with("No clinic room needed") || t.contains("little change to current facilities")
    };
    let mut any = false;
    if let Some(ev) = matching(estates, none) {
        any = true;
        l.push(
            Area::Estates,
            "No new space or works",
            Some(ev),
            None,
            Status::Met,
            "",
        );
    }
    let room = |t: &str| !none(t) && (has_word_ci(t, "room") || has_word_ci(t, "bedroom"));
    if let Some(ev) = matching(estates, room) {
        any = true;
        let status = l.yes_no("space", Status::MinorGap);
        l.push(
            Area::Estates,
            "Space for the equipment or sessions",
            Some(ev),
            Some("space"),
            status,
            "Find the space the source describes before go-live, and book it for each session or ward.",
        );
    }
    let installed = |t: &str| t.contains("must be installed") || t.contains("installed in each");
    if let Some(ev) = matching(estates, installed) {
        any = true;
        let status = match l.ctx.number("works") {
            Some(0) => Status::MajorGap,
            _ => Status::Unknown,
        };
        l.push(
            Area::Estates,
            "Installation works",
            Some(ev),
            Some("works"),
            status,
            "Installation works are needed. How long they take is not documented: get the supplier's programme and check it fits your estates plan.",
        );
    }
    let power = |t: &str| has_word_ci(t, "power") || t.to_lowercase().contains("electric");
    if let Some(ev) = matching(estates, power) {
        any = true;
        let status = l.yes_no("power", Status::MinorGap);
        l.push(
            Area::Estates,
            "Power and data points",
            Some(ev),
            Some("power"),
            status,
            "Ask your estates team to add power and data points where the equipment goes.",
        );
    }
    let kit: [(&str, Rule); 2] = [
        ("A CT scanner of at least 64 slices", |t| {
            t.contains("64 slice") || t.contains("64-slice")
        }),
        ("A digital pathology workflow (whole-slide imaging)", |t| {
            t.to_lowercase().contains("whole slide") || t.to_lowercase().contains("whole-slide")
        }),
    ];
    for (requirement, pred) in kit {
        if let Some(ev) = matching(it, pred) {
            any = true;
            l.push(
                Area::Estates,
                requirement,
                Some(ev),
                None,
                Status::Unknown,
                "This form does not ask about equipment: check you have it, or plan and budget for it.",
            );
        }
    }
    if !any {
        l.push(
            Area::Estates,
            "Space, power and works",
            None,
            None,
            Status::Unknown,
            "Not yet documented. Ask the supplier what space, power and building works it needs.",
        );
    }
}

fn workforce(l: &mut Lines<'_>, src: &RequirementSources) {
    let mut roles: Vec<(&str, Vec<&Claim<WorkforceItem>>)> = Vec::new();
    for c in &src.workforce {
        if let Some(role) = c.value.role.as_deref().filter(|r| !r.trim().is_empty()) {
            match roles.iter_mut().find(|(r, _)| *r == role) {
                Some((_, cs)) => cs.push(c),
                None => roles.push((role, vec![c])),
            }
        }
    }
    let quotes = |cs: &[&Claim<WorkforceItem>]| {
        (
            cs.iter()
                .map(|c| Quote {
                    text: c.value.statement.clone(),
                    source: c.provenance.source.clone(),
                    verified: c.provenance.verified,
                })
                .collect::<Vec<_>>(),
            cs.iter().all(|c| c.provenance.verified),
        )
    };
    for (role, cs) in &roles {
        if has_word_ci(role, "company") {
            l.push(
                Area::Workforce,
                &format!("{role} (provided by the supplier)"),
                Some(quotes(cs)),
                None,
                Status::Met,
                "",
            );
        } else {
            l.push(
                Area::Workforce,
                role,
                Some(quotes(cs)),
                None,
                Status::Unknown,
                "Check you have these staff with time for this work (the time needed is not documented); plan recruitment or a rota change if not.",
            );
        }
    }
    if roles.is_empty() {
        l.push(
            Area::Workforce,
            "Roles needed",
            None,
            None,
            Status::Unknown,
            "Not yet documented. Ask the supplier and an adopting site which staff run it day to day.",
        );
    }
    // Training: a stated number of hours beats a mention.
    let hours = src
        .workforce
        .iter()
        .find_map(|c| Some((c.value.training_centihours()?, c)));
    let mentions: Vec<&Claim<WorkforceItem>> = src
        .workforce
        .iter()
        .filter(|c| {
            ["train", "trained", "training"].iter().any(|w| {
                has_word_ci(&c.value.statement, w)
                    || c.value.role.as_deref().is_some_and(|r| has_word_ci(r, w))
            })
        })
        .collect();
    if let Some((n, c)) = hours {
        let status = match l.ctx.number("train") {
            None => Status::Unknown,
            Some(cap) if u64::from(cap) * 100 >= n => Status::Met,
            Some(_) => Status::MinorGap,
        };
        l.push(
            Area::Training,
            &format!("About {} of training per person", hours_text(n)),
            Some(quotes(&[c])),
            Some("train"),
            status,
            &format!(
                "Release each person for {} more than your usual training capacity allows; the cost view can show the backfill at your hourly rate.",
                hours_text(n)
            ),
        );
    } else if !mentions.is_empty() {
        let status = match l.ctx.number("train") {
            Some(0) => Status::MinorGap,
            _ => Status::Unknown,
        };
        l.push(
            Area::Training,
            "Staff training (length not documented)",
            Some(quotes(&mentions)),
            Some("train"),
            status,
            "Training is needed but its length is not documented: ask the supplier for the training plan and make time for it.",
        );
    } else {
        l.push(
            Area::Training,
            "Staff training",
            None,
            Some("train"),
            Status::Unknown,
            "Not yet documented. Ask the supplier what training staff need and how long it takes.",
        );
    }
}

/// "1 hour", "1.5 hours" from hundredths of an hour.
fn hours_text(centihours: u64) -> String {
    match centihours {
        100 => "1 hour".to_owned(),
        n => format!("{} hours", hours_label(n)),
    }
}

fn deployer_duties(l: &mut Lines<'_>, evidence: &[Text<'_>]) {
    let named = |word: &'static str| matching(evidence, move |t| t.contains(word));
    let cso = l.yes_no("cso", Status::MinorGap);
    l.push(
        Area::Duties,
        "A Clinical Safety Officer for your deployment (DCB0160)",
        named("Clinical Safety Officer"),
        Some("cso"),
        cso,
        "Appoint or buy in a Clinical Safety Officer: a registered clinician trained in clinical risk management. It can be shared ICB capacity.",
    );
    let dspt = match l.ctx.choice("dspt") {
        None => Status::Unknown,
        Some("met" | "exceeded") => Status::Met,
        Some("approaching") => Status::MinorGap,
        Some(_) => Status::MajorGap,
    };
    l.push(
        Area::Duties,
        "Data Security and Protection Toolkit at Standards Met",
        None,
        Some("dspt"),
        dspt,
        "Complete and publish your DSPT at Standards Met: every organisation with access to NHS patient data must do so each year.",
    );
    l.push(
        Area::Duties,
        "A clinical safety case and hazard log for your set-up (DCB0160)",
        named("DCB0160"),
        None,
        Status::BeforeGoLive,
        "Your Clinical Safety Officer writes it before go-live; ask the supplier for its DCB0129 safety case to build on.",
    );
    l.push(
        Area::Duties,
        "A data protection impact assessment (DPIA)",
        named("DPIA"),
        None,
        Status::BeforeGoLive,
        "Your Data Protection Officer completes it before go-live (UK GDPR Article 35); ask the supplier for its product DPIA.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        DataLocation, Freshness, Hosting, InfraItem, Provenance, readiness::ReadinessLine,
    };

    fn claim<T>(value: T, verified: bool) -> Claim<T> {
        Claim {
            value,
            provenance: Provenance {
                source: "example.org/source".to_owned(),
                verified,
                verified_on: None,
                recheck_by: None,
                note: None,
                freshness: Freshness::Current,
                source_kinds: Vec::new(),
                kinds_derived: false,
                claim: None,
            },
        }
    }

    fn infra(text: &str, verified: bool) -> Claim<InfraItem> {
        claim(
            InfraItem {
                statement: text.to_owned(),
                ..InfraItem::default()
            },
            verified,
        )
    }

    fn ctx(raw: &str) -> OrgContext {
        let (c, n) = OrgContext::parse(raw);
        assert!(n.is_empty(), "{n:?}");
        c
    }

    fn line<'a>(r: &'a Readiness, requirement: &str) -> &'a ReadinessLine {
        r.lines
            .iter()
            .find(|l| l.requirement.starts_with(requirement))
            .unwrap_or_else(|| panic!("no line {requirement}: {:#?}", r.lines))
    }

    fn dicom_source() -> RequirementSources {
        RequirementSources {
            it: vec![infra(
                "Anonymised CT data sent from the local imaging system as DICOM to the supplier's centre in the US",
                true,
            )],
            ..Default::default()
        }
    }

    #[test]
    fn an_empty_context_makes_every_scored_line_unknown_never_met() {
        let r = assess(&dicom_source(), &OrgContext::default());
        let t = r.tally();
        assert_eq!((t.met, t.minor, t.major), (0, 0, 0));
        assert!(t.unknown >= 8, "{t:?}");
        assert!(
            r.lines
                .iter()
                .all(|l| matches!(l.status, Status::Unknown | Status::BeforeGoLive))
        );
        assert_eq!(line(&r, "Exchange data using DICOM").yours, "Not answered");
    }

    #[test]
    fn documented_requirements_are_met_or_gaps_against_the_answers() {
        let src = dicom_source();
        let good = assess(
            &src,
            &ctx("v1.pacs-sectra.cloud-y.int-dicom.cso-y.dspt-met.team-3"),
        );
        assert_eq!(line(&good, "Exchange data using DICOM").status, Status::Met);
        assert_eq!(line(&good, "A link to your imaging").status, Status::Met);
        assert_eq!(
            line(&good, "Data are processed outside").status,
            Status::Met
        );
        assert_eq!(line(&good, "People to set up").status, Status::Met);
        assert_eq!(line(&good, "A Clinical Safety").status, Status::Met);
        assert!(line(&good, "Exchange data using DICOM").action.is_empty());

        let bad = assess(
            &src,
            &ctx("v1.pacs-none.cloud-uk.int-fhir.cso-n.dspt-approaching.team-0"),
        );
        let dicom = line(&bad, "Exchange data using DICOM");
        assert_eq!(dicom.status, Status::MajorGap);
        assert!(dicom.action.contains("DICOM"));
        assert_eq!(dicom.evidence[0].source, "example.org/source");
        assert_eq!(
            line(&bad, "A link to your imaging").status,
            Status::MajorGap
        );
        assert_eq!(
            line(&bad, "Data are processed outside").status,
            Status::MajorGap
        );
        assert_eq!(line(&bad, "People to set up").status, Status::MajorGap);
        assert_eq!(line(&bad, "A Clinical Safety").status, Status::MinorGap);
        assert_eq!(line(&bad, "Data Security").status, Status::MinorGap);
        // Identity is not documented: unknown whatever was answered.
        let id = assess(&src, &ctx("v1.id-cis2+nhslogin+sso"));
        assert_eq!(
            line(&id, "How staff and patients sign in").status,
            Status::Unknown
        );
        assert_eq!(
            line(&id, "How staff and patients sign in").yours,
            "NHS Care Identity Service 2 (smartcard), NHS login (patients), Local single sign-on"
        );
    }

    #[test]
    fn structured_standards_hosting_and_data_location_are_facts_for_the_rules() {
        // The statement names no standard and no hosting: only the fields do.
        let mut claim = infra("Integrates with the hospital's systems", true);
        claim.value.standards = vec!["DICOM".to_owned(), "PACS".to_owned()];
        claim.value.standards_stated = true;
        claim.value.hosting = Some(Hosting::Cloud);
        claim.value.data_location = Some(DataLocation::Uk);
        let src = RequirementSources {
            it: vec![claim.clone()],
            ..Default::default()
        };
        let r = assess(&src, &ctx("v1.pacs-sectra.cloud-uk.int-fhir"));
        let dicom = line(&r, "Exchange data using DICOM");
        assert_eq!(dicom.status, Status::MajorGap);
        assert_eq!(
            dicom.evidence[0].text,
            "Integrates with the hospital's systems"
        );
        assert_eq!(line(&r, "A link to your imaging").status, Status::Met);
        // A UK-only cloud policy is met when the data are held in the UK.
        assert_eq!(line(&r, "Runs in a public cloud").status, Status::Met);
        assert_eq!(line(&r, "Data are held in the UK").status, Status::Met);
        // Standards merely found in other words are not treated as stated facts.
        claim.value.standards_stated = false;
        claim.value.data_location = Some(DataLocation::Us);
        let src = RequirementSources {
            it: vec![claim],
            ..Default::default()
        };
        let r = assess(&src, &ctx("v1.cloud-uk"));
        assert!(r.lines.iter().all(|l| !l.requirement.contains("DICOM")));
        assert_eq!(
            line(&r, "Data are processed outside").status,
            Status::MajorGap
        );
        assert_eq!(line(&r, "Runs in a public cloud").status, Status::Unknown);
    }

    #[test]
    fn an_unverified_claim_is_unknown_not_a_gap() {
        let src = RequirementSources {
            estates: vec![infra("A dedicated quiet room for each session", false)],
            ..Default::default()
        };
        let r = assess(&src, &ctx("v1.space-n"));
        let space = line(&r, "Space for");
        assert_eq!(space.status, Status::Unknown);
        assert!(space.action.contains("not yet verified"));
        let verified = RequirementSources {
            estates: vec![infra("A dedicated quiet room for each session", true)],
            ..Default::default()
        };
        assert_eq!(
            line(&assess(&verified, &ctx("v1.space-n")), "Space for").status,
            Status::MinorGap
        );
        assert_eq!(
            line(&assess(&verified, &ctx("v1.space-y")), "Space for").status,
            Status::Met
        );
    }

    #[test]
    fn negations_and_look_alikes_do_not_make_requirements() {
        let src = RequirementSources {
            estates: vec![infra(
                "No clinic room needed for home fitting: posted to the person",
                true,
            )],
            it: vec![
                infra("Cloud storage optional; US authorisation granted", true),
                infra("Uses a PACSMAN gateway and EMISSARY", true),
            ],
            ..Default::default()
        };
        let r = assess(&src, &ctx("v1.space-n.cloud-n"));
        assert_eq!(line(&r, "No new space").status, Status::Met);
        assert!(
            r.lines
                .iter()
                .all(|l| !l.requirement.starts_with("Space for"))
        );
        assert!(
            r.lines
                .iter()
                .all(|l| !l.requirement.starts_with("Runs in a public cloud"))
        );
        assert!(
            r.lines
                .iter()
                .all(|l| !l.requirement.starts_with("Data are processed outside"))
        );
        assert!(
            r.lines
                .iter()
                .all(|l| !l.requirement.starts_with("A link to your imaging"))
        );
        assert!(
            r.lines
                .iter()
                .all(|l| !l.requirement.starts_with("Works with the GP"))
        );
        assert_eq!(
            line(&r, "Integration with your systems").status,
            Status::Unknown
        );
    }

    #[test]
    fn training_hours_are_compared_with_capacity() {
        let src = RequirementSources {
            workforce: vec![claim(
                WorkforceItem {
                    role: Some("Healthcare professionals".to_owned()),
                    training_hours: Some("1".to_owned()),
                    statement: "Staff might need an hour to learn the app".to_owned(),
                },
                true,
            )],
            ..Default::default()
        };
        assert_eq!(
            line(&assess(&src, &ctx("v1.train-1")), "About 1 hour").status,
            Status::Met
        );
        assert_eq!(
            line(&assess(&src, &ctx("v1.train-0")), "About 1 hour").status,
            Status::MinorGap
        );
        assert_eq!(
            line(&assess(&src, &OrgContext::default()), "About 1 hour").status,
            Status::Unknown
        );
        assert_eq!(
            line(
                &assess(&src, &ctx("v1.train-5")),
                "Healthcare professionals"
            )
            .status,
            Status::Unknown
        );
    }

    #[test]
    fn deployer_duties_apply_to_every_technology() {
        let r = assess(
            &RequirementSources::default(),
            &ctx("v1.cso-y.dspt-exceeded"),
        );
        assert_eq!(r.area(Area::Duties).len(), 4);
        assert_eq!(r.tally().met, 2);
        assert_eq!(
            r.area(Area::Duties)
                .iter()
                .filter(|l| l.status == Status::BeforeGoLive)
                .count(),
            2
        );
        assert_eq!(r.area_summary(Area::Duties), "2 met, 2 before go-live");
    }
}
