//! Groups across the store: a group and its branches, its profile (key facts, each line
//! cited) and its resurgence scorecard within a scope.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;
use vigil_assess::Groups;
use vigil_assess::scorecard::{Evidence, LinkShare, Scorecard, scorecard};
use vigil_extract::{Designation, Group, Knowledge};
use vigil_store::{
    Backend, Citation, CitedFigure, CitedQuote, Coverage, DocFilter, IncidentFilter, IncidentRecord, Judgment,
};

use crate::{AppError, Result, Settings};

/// The groups file as resolution and assessment see it: parent and name by id.
pub struct KnowledgeGroups<'k> {
    by_id: std::collections::HashMap<&'k str, &'k vigil_extract::Group>,
}

impl<'k> KnowledgeGroups<'k> {
    pub fn new(knowledge: &'k Knowledge) -> KnowledgeGroups<'k> {
        KnowledgeGroups { by_id: knowledge.groups.iter().map(|g| (g.id.as_str(), g)).collect() }
    }
}

impl Groups for KnowledgeGroups<'_> {
    fn parent(&self, id: &str) -> Option<&str> {
        self.by_id.get(id)?.parent.as_deref()
    }
    fn name(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(|g| g.name.as_str())
    }
}

/// A group and all its branches, by id.
pub fn group_and_branches(knowledge: &Knowledge, name: &str) -> Result<Vec<String>> {
    let Some(group) = knowledge.resolve(name) else {
        return Err(AppError::UnknownGroup(name.to_string()));
    };
    let groups = KnowledgeGroups::new(knowledge);
    Ok(knowledge
        .groups
        .iter()
        .filter(|g| vigil_assess::kin::descends(&groups, &g.id, &group.id))
        .map(|g| g.id.clone())
        .collect())
}

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hotspot {
    pub place: String,
    pub country: Option<String>,
    pub incidents: Vec<i64>,
    /// Killed, summed over the incidents that give a figure; `killed_unknown` give none.
    pub killed: u64,
    pub killed_unknown: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outlet {
    pub name: String,
    pub mentions: usize,
    pub documents: usize,
    pub cite: Citation,
}

#[derive(Debug, Clone, Serialize)]
pub struct Year {
    pub year: String,
    pub incidents: Vec<i64>,
    /// Tolls summed over the incidents that give a figure; the `_unknown` counts give none.
    pub killed: u64,
    pub injured: u64,
    pub killed_unknown: usize,
    pub injured_unknown: usize,
    pub links: LinkShare,
}

/// An incident with the citations of its sources (the first evidence sentence of each).
#[derive(Debug, Clone, Serialize)]
pub struct CitedIncident {
    #[serde(flatten)]
    pub record: IncidentRecord,
    pub sources: Vec<Citation>,
    /// The killed field's credibility and flags, from the assessment.
    pub killed_credibility: Option<u8>,
    pub flags: Vec<String>,
    /// Toll changes: (published, value, citation index into `sources`).
    pub killed_history: Vec<(Option<String>, String, Option<usize>)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub aliases: Vec<String>,
    pub parent: Option<Named>,
    pub branches: Vec<Named>,
    pub regions: Vec<String>,
    pub designations: Vec<Designation>,
    pub note: Option<String>,
    pub coverage: Coverage,
    pub hotspots: Vec<Hotspot>,
    pub strength: Vec<CitedFigure>,
    pub outlets: Vec<Outlet>,
    pub years: Vec<Year>,
    pub incidents: Vec<CitedIncident>,
    /// The latest quotations that name the group, newest first.
    pub quotes: Vec<CitedQuote>,
}

pub fn lookup<'k>(settings: &'k Settings, name: &str) -> Result<&'k Group> {
    settings.knowledge.resolve(name).ok_or_else(|| AppError::UnknownGroup(name.to_string()))
}

/// An incident's sources as citations, from its stored assessment.
pub fn cite_incident(store: &dyn Backend, record: IncidentRecord) -> Result<CitedIncident> {
    let assessment = crate::incidents::assessment(store, &record)?;
    let mut sources = Vec::new();
    let mut by_report = BTreeMap::new();
    for s in &assessment.sources {
        let Some(span) = s.evidence.first() else { continue };
        let Some(doc) = vigil_core::DocId::parse(&s.doc) else { continue };
        if let Some(c) = store.citation(&doc, span.start, span.end)? {
            s.reports.iter().for_each(|r| {
                by_report.insert(*r, sources.len());
            });
            sources.push(c);
        }
    }
    let killed = assessment.fields.iter().find(|f| f.field == "killed");
    Ok(CitedIncident {
        record,
        sources,
        killed_credibility: killed.and_then(|f| f.credibility),
        flags: assessment.flags.clone(),
        killed_history: killed
            .map(|f| {
                f.history
                    .iter()
                    .map(|h| (h.published.clone(), h.value.clone(), by_report.get(&h.report).copied()))
                    .collect()
            })
            .unwrap_or_default(),
    })
}

pub fn profile(store: &dyn Backend, settings: &Settings, group: &Group) -> Result<Profile> {
    profile_citing(store, settings, group, usize::MAX)
}

/// A group's profile with its `cited` latest incidents (and only those) in `incidents`, with
/// their citations; hotspots and years still count every incident. The dashboard shows the
/// latest few, and citing thousands would cost it seconds on a large store.
pub fn profile_citing(
    store: &dyn Backend,
    settings: &Settings,
    group: &Group,
    cited: usize,
) -> Result<Profile> {
    let k = &settings.knowledge;
    let ids = group_and_branches(k, &group.id)?;
    let named =
        |id: &str| Named { id: id.to_string(), name: k.group(id).map_or(id.to_string(), |g| g.name.clone()) };
    let records = store.incidents(&IncidentFilter { groups: ids.clone(), ..IncidentFilter::default() })?;
    let mut hotspots: BTreeMap<(String, Option<String>), Hotspot> = BTreeMap::new();
    let mut years: BTreeMap<String, Year> = BTreeMap::new();
    for r in &records {
        let id = r.id.unwrap_or_default();
        let place = r
            .place
            .clone()
            .or_else(|| r.country.as_deref().map(vigil_extract::places::country_label))
            .unwrap_or_else(|| "unknown".into());
        let h = hotspots.entry((place.clone(), r.country.clone())).or_insert_with(|| Hotspot {
            place,
            country: r.country.clone(),
            incidents: Vec::new(),
            killed: 0,
            killed_unknown: 0,
        });
        h.incidents.push(id);
        h.killed += r.killed.unwrap_or(0);
        h.killed_unknown += usize::from(r.killed.is_none());
        let year = r.date.as_deref().and_then(|d| d.get(..4)).unwrap_or("undated").to_string();
        let y = years.entry(year.clone()).or_insert_with(|| Year {
            year,
            incidents: Vec::new(),
            killed: 0,
            injured: 0,
            killed_unknown: 0,
            injured_unknown: 0,
            links: LinkShare::default(),
        });
        y.incidents.push(id);
        y.killed += r.killed.unwrap_or(0);
        y.injured += r.injured.unwrap_or(0);
        y.killed_unknown += usize::from(r.killed.is_none());
        y.injured_unknown += usize::from(r.injured.is_none());
        y.links.add(r.link);
    }
    let mut incidents = Vec::with_capacity(records.len().min(cited));
    for r in records.into_iter().take(cited) {
        incidents.push(cite_incident(store, r)?);
    }
    let mut hotspots: Vec<Hotspot> = hotspots.into_values().collect();
    hotspots.sort_by(|a, b| b.incidents.len().cmp(&a.incidents.len()).then(b.killed.cmp(&a.killed)));
    let mut outlets: BTreeMap<String, (usize, BTreeSet<String>, Citation)> = BTreeMap::new();
    for o in store.group_organizations(&ids, "propaganda_outlet")? {
        let e = outlets.entry(o.name.clone()).or_insert_with(|| (0, BTreeSet::new(), o.cite.clone()));
        e.0 += 1;
        e.1.insert(o.cite.doc.as_str().to_string());
    }
    let mut outlets: Vec<Outlet> = outlets
        .into_iter()
        .map(|(name, (mentions, docs, cite))| Outlet { name, mentions, documents: docs.len(), cite })
        .collect();
    outlets.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.name.cmp(&b.name)));
    let mut quotes = store.group_quotes(&ids)?;
    quotes.reverse();
    quotes.truncate(5);
    let mut seen = BTreeSet::new();
    let aliases: Vec<String> =
        group.aliases.iter().chain(&group.acronyms).filter(|a| seen.insert(a.as_str())).cloned().collect();
    Ok(Profile {
        id: group.id.clone(),
        name: group.name.clone(),
        kind: group.kind.clone(),
        aliases,
        parent: group.parent.as_deref().map(named),
        branches: k
            .groups
            .iter()
            .filter(|g| g.parent.as_deref() == Some(&group.id))
            .map(|g| named(&g.id))
            .collect(),
        regions: group.regions.clone(),
        designations: group.designations.clone(),
        note: group.note.clone(),
        coverage: store.group_coverage(&ids)?,
        hotspots,
        strength: store.group_figures(&ids, "fighters")?,
        outlets,
        years: years.into_values().rev().collect(),
        incidents,
        quotes,
    })
}

/// Where a scorecard looks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scope {
    pub region: Option<String>,
    pub countries: Vec<String>,
    pub since: Option<NaiveDate>,
}

impl Scope {
    pub fn new(region: Option<&str>, since: Option<NaiveDate>) -> Result<Scope> {
        let (region, countries) = match region {
            None => (None, Vec::new()),
            Some(name) => match vigil_extract::places::region_countries(name) {
                Some((name, codes)) => (Some(name), codes),
                None => return Err(AppError::UnknownRegion(name.to_string())),
            },
        };
        Ok(Scope { region, countries, since })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoredGroup {
    pub group: Named,
    pub scope: Scope,
    #[serde(flatten)]
    pub card: Scorecard,
}

/// The scorecard of a group (and its branches) within a scope.
pub fn score(
    store: &mut dyn Backend,
    settings: &Settings,
    group: &Group,
    scope: &Scope,
) -> Result<ScoredGroup> {
    let profiles = settings.sources(store)?;
    let ids = group_and_branches(&settings.knowledge, &group.id)?;
    let mut in_region: Option<BTreeSet<String>> = None;
    if !scope.countries.is_empty() {
        let mut docs = BTreeSet::new();
        for code in &scope.countries {
            let filter = DocFilter { country: Some(code.clone()), ..DocFilter::default() };
            docs.extend(store.documents(&filter)?.into_iter().map(|d| d.id.as_str().to_string()));
        }
        in_region = Some(docs);
    }
    let since = scope.since.map(|d| d.to_string());
    let evidence: Vec<Evidence> = store
        .group_indicators(&ids)?
        .into_iter()
        .filter(|e| in_region.as_ref().is_none_or(|docs| docs.contains(e.cite.doc.as_str())))
        .filter(|e| since.as_deref().is_none_or(|s| e.cite.published.as_deref().is_some_and(|p| p >= s)))
        .map(|e| Evidence {
            indicator: e.indicator,
            stance: e.stance,
            cue: e.cue,
            group_basis: e.group_basis,
            doc: e.cite.doc.as_str().to_string(),
            source: e.cite.source,
            url: e.cite.url,
            published: e.cite.published,
            counts_as: e.cite.counts_as,
            start: e.cite.start,
            end: e.cite.end,
            sentence: e.cite.sentence,
        })
        .collect();
    let mut links = LinkShare::default();
    let filter = IncidentFilter { groups: ids, since: scope.since, ..IncidentFilter::default() };
    for i in store.incidents(&filter)? {
        if scope.countries.is_empty() || i.country.as_ref().is_some_and(|c| scope.countries.contains(c)) {
            links.add(i.link);
        }
    }
    Ok(ScoredGroup {
        group: Named { id: group.id.clone(), name: group.name.clone() },
        scope: scope.clone(),
        card: scorecard(&evidence, links, &profiles),
    })
}

/// Keeps a scorecard's reading as a judgment, with its reasons, apart from the facts; returns
/// the judgment's id. `made_at` is the caller's clock (RFC 3339).
pub fn keep_scorecard(store: &mut dyn Backend, scored: &ScoredGroup, made_at: &str) -> Result<i64> {
    Ok(store.save_judgment(&Judgment {
        id: None,
        kind: "scorecard".into(),
        subject: scored.group.id.clone(),
        scope: serde_json::to_string(&scored.scope).map_err(AppError::Judgment)?,
        made_at: made_at.to_string(),
        reading: scored.card.reading.clone(),
        body: serde_json::to_string(scored).map_err(AppError::Judgment)?,
    })?)
}
