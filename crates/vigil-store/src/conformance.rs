//! The behaviour every [`Store`] must have, written against the trait so that each
//! implementation runs the same checks: `conformance::all(|| Box::new(MyStore::new()))`.

use chrono::{NaiveDate, TimeZone, Utc};
use vigil_core::{
    Count, DateMention, DateOrigin, DocId, Document, EvidenceRef, Facts, Fingerprint, Format, GroupMention,
    IncidentReading, Language, LinkLevel, PlaceMention, Precision, Published, Span,
};

use crate::{
    Added, BrowseStore, DocFilter, IncidentFilter, IncidentRecord, IncidentSort, IncidentStore, KeyCount,
    Membership, RunSummary, SearchQuery, Store, StoreError, add_document,
};

/// Runs every check, each on a fresh store from `make`.
pub fn all(make: &dyn Fn() -> Box<dyn Store>) {
    exact_duplicates_are_skipped(make().as_mut());
    near_duplicates_link_to_the_earliest_copy(make().as_mut());
    an_uncommitted_batch_leaves_nothing(make().as_mut());
    search_ranks_filters_and_highlights(make().as_mut());
    bad_queries_are_explained(make().as_mut());
    documents_list_and_show(make().as_mut());
    stats_count_by_source_language_and_month(make().as_mut());
    runs_are_recorded(make().as_mut());
    facts_are_stored_and_filter_documents(make().as_mut());
}

/// A document for tests. `published` is `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`.
pub fn doc(text: &str, source: &str, published: Option<&str>, lang: &str) -> Document {
    Document {
        id: DocId::for_text(text),
        title: text.split('.').next().map(str::to_string),
        source: source.to_string(),
        url: None,
        author: None,
        published: published
            .map(|p| Published::from_iso(p, DateOrigin::Metadata).expect("YYYY-MM-DD[THH:MM:SSZ]")),
        language: Language { code: lang.to_string(), confidence: 0.9 },
        format: Format::Text,
        origin: format!("{source}.txt"),
        text: text.to_string(),
        ingested_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
    }
}

/// A fingerprint whose first `shared` of 128 values come from `family`, the rest unique to
/// `member`: two members of a family with `shared = 96` have similarity 0.75.
pub fn fingerprint(family: u32, member: u32, shared: usize) -> Fingerprint {
    let minhash = (0..128u32)
        .map(|i| if (i as usize) < shared { family * 1000 + i } else { 1_000_000 + member * 1000 + i })
        .collect();
    Fingerprint { minhash }
}

fn add(store: &mut dyn Store, docs: &[(&Document, Fingerprint)]) -> Vec<Added> {
    let mut batch = store.batch().unwrap();
    let out = docs.iter().map(|(d, f)| add_document(batch.as_mut(), d, f, &mentions(d)).unwrap()).collect();
    batch.commit().unwrap();
    out
}

/// Test facts: "ISIS-K" and "Crocus" (standing in for a group id `iskp` and `crocus-cell`)
/// wherever they occur, each sentence being the whole text.
pub fn mentions(doc: &Document) -> Facts {
    let whole = Span::new(0, doc.text.chars().count());
    let mut groups = Vec::new();
    for (needle, group) in [("ISIS-K", "iskp"), ("Crocus", "crocus-cell")] {
        for (byte, _) in doc.text.match_indices(needle) {
            let start = doc.text[..byte].chars().count();
            let span = Span::new(start, start + needle.chars().count());
            groups.push(GroupMention { group: group.into(), text: needle.into(), span, sentence: whole });
        }
    }
    // And one date, "2024", wherever it occurs.
    let dates = doc
        .text
        .match_indices("2024")
        .map(|(byte, _)| {
            let start = doc.text[..byte].chars().count();
            let span = Span::new(start, start + 4);
            DateMention {
                text: "2024".into(),
                value: "2024".into(),
                precision: Precision::Year,
                span,
                sentence: whole,
            }
        })
        .collect();
    // "Moscow" is a city in Russia wherever it occurs; a document saying "attack" reports one.
    let places = doc
        .text
        .match_indices("Moscow")
        .map(|(byte, _)| {
            let start = doc.text[..byte].chars().count();
            PlaceMention {
                place: "Moscow".into(),
                kind: "city".into(),
                country: Some("RU".into()),
                lat: 55.75,
                lon: 37.62,
                text: "Moscow".into(),
                span: Span::new(start, start + 6),
                sentence: whole,
            }
        })
        .collect();
    let incidents = doc
        .text
        .contains("attack")
        .then(|| IncidentReading {
            date: Some("2024-03-22".into()),
            date_precision: Some(Precision::Day),
            place: Some("Moscow".into()),
            country: Some("RU".into()),
            lat: Some(55.75),
            lon: Some(37.62),
            attack_type: Some("armed_assault".into()),
            perpetrator: Some("iskp".into()),
            killed: Some(Count::exact(133)),
            link: LinkLevel::Claimed,
            evidence: vec![EvidenceRef { start: whole.start, end: whole.end, sentence: String::new() }],
            ..IncidentReading::default()
        })
        .into_iter()
        .collect();
    Facts { groups, places, dates, incidents, ..Facts::default() }
}

fn all_docs() -> DocFilter {
    DocFilter::default()
}

pub fn exact_duplicates_are_skipped(store: &mut dyn Store) {
    let a = doc("Gunmen attacked Crocus City Hall near Moscow.", "Wire", Some("2024-03-22"), "en");
    let out = add(store, &[(&a, fingerprint(1, 1, 0)), (&a, fingerprint(1, 1, 0))]);
    assert_eq!(out, vec![Added::New, Added::Duplicate]);
    assert_eq!(add(store, &[(&a, fingerprint(1, 1, 0))]), vec![Added::Duplicate], "across batches too");
    assert_eq!(store.documents(&all_docs()).unwrap().len(), 1);
}

pub fn near_duplicates_link_to_the_earliest_copy(store: &mut dyn Store) {
    let late = doc("Copy published later.", "Gazette", Some("2024-08-09"), "en");
    let first = doc("Wire story first.", "Wire", Some("2024-08-08"), "en");
    let middle = doc("Copy in between.", "Courier", Some("2024-08-08T12:00:00Z"), "en");
    let other = doc("Unrelated story.", "Wire", Some("2024-08-07"), "en");
    let out = add(store, &[(&late, fingerprint(7, 1, 100)), (&other, fingerprint(8, 2, 128))]);
    assert_eq!(out, vec![Added::New, Added::New]);
    // The wire story was published first, so it becomes the original of the cluster.
    let out = add(store, &[(&first, fingerprint(7, 3, 110))]);
    assert!(matches!(&out[0], Added::NearDuplicate { original, .. } if *original == first.id), "{out:?}");
    let out = add(store, &[(&middle, fingerprint(7, 4, 120))]);
    assert!(matches!(&out[0], Added::NearDuplicate { original, .. } if *original == first.id), "{out:?}");
    let docs = store.documents(&all_docs()).unwrap();
    let of = |d: &Document| docs.iter().find(|s| s.id == d.id).unwrap().near_duplicate_of.clone();
    assert_eq!(
        (of(&first), of(&late), of(&middle), of(&other)),
        (None, Some(first.id.clone()), Some(first.id.clone()), None)
    );
    // Only the cluster's original stays in the band index.
    let mut batch = store.batch().unwrap();
    let found: Vec<DocId> =
        batch.candidates(&fingerprint(7, 9, 128)).unwrap().into_iter().map(|c| c.id).collect();
    drop(batch);
    assert_eq!(found, vec![first.id.clone()], "copies and former originals leave the index");
    let shown = store.document(&late.id.as_str()[..8]).unwrap();
    let cluster: Vec<&DocId> = shown.near_duplicates.iter().map(|d| &d.id).collect();
    assert_eq!(cluster, vec![&first.id, &middle.id], "the original first, then the other copies");
    let stats = store.stats(&all_docs()).unwrap();
    assert_eq!((stats.documents, stats.originals, stats.near_duplicates), (4, 2, 2));
}

pub fn an_uncommitted_batch_leaves_nothing(store: &mut dyn Store) {
    let a = doc("Dropped with its batch.", "Wire", None, "en");
    {
        let mut batch = store.batch().unwrap();
        add_document(batch.as_mut(), &a, &fingerprint(1, 1, 0), &Facts::default()).unwrap();
    }
    assert!(store.documents(&all_docs()).unwrap().is_empty());
}

fn corpus(store: &mut dyn Store) {
    let docs = [
        doc(
            "Crocus City Hall attack: the toll rose to 133, investigators said.",
            "Meridian Wire",
            Some("2024-03-23"),
            "en",
        ),
        doc(
            "Four suspects were detained in Bryansk after the Crocus attack near Moscow.",
            "Northern Ledger",
            Some("2024-03-24"),
            "en",
        ),
        doc(
            "Two explosions struck a memorial procession in Kerman.",
            "Meridian Wire",
            Some("2024-01-03"),
            "en",
        ),
        doc(
            "L'attaque du Crocus City Hall a fait 133 morts selon les enquêteurs.",
            "La Vigie",
            Some("2024-03-23"),
            "fr",
        ),
        doc("Undated note about ISIS-K recruitment in Central Asia in 2024.", "notes.txt", None, "en"),
        doc(
            "Взрыв у мемориала в Кермане: число погибших растёт.",
            "Новая газета",
            Some("2024-01-04T21:30:00Z"),
            "ru",
        ),
    ];
    let pairs: Vec<(&Document, Fingerprint)> =
        docs.iter().enumerate().map(|(i, d)| (d, fingerprint(i as u32, i as u32, 128))).collect();
    add(store, &pairs);
}

pub fn search_ranks_filters_and_highlights(store: &mut dyn Store) {
    corpus(store);
    let q = |text: &str, filter: DocFilter| store.search(&SearchQuery { text: text.into(), filter }).unwrap();
    let hits = q("Crocus", all_docs());
    assert_eq!(hits.len(), 3);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score), "best first");
    assert_eq!(hits[0].doc.source, "Meridian Wire", "a title match ranks first");
    for hit in &hits {
        let [s, e] = hit.highlights[0];
        let marked: String = hit.snippet.chars().skip(s).take(e - s).collect();
        assert_eq!(marked.to_lowercase(), "crocus");
    }
    let filtered = |f: DocFilter| q("Crocus", f).into_iter().map(|h| h.doc.source).collect::<Vec<_>>();
    assert_eq!(filtered(DocFilter { lang: Some("fr".into()), ..all_docs() }), vec!["La Vigie"]);
    assert_eq!(
        filtered(DocFilter { source: Some("northern ledger".into()), ..all_docs() }),
        vec!["Northern Ledger"]
    );
    let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    assert_eq!(filtered(DocFilter { since: day("2024-03-24"), ..all_docs() }), vec!["Northern Ledger"]);
    assert_eq!(filtered(DocFilter { until: day("2024-03-23"), ..all_docs() }).len(), 2);
    assert_eq!(filtered(DocFilter { limit: 1, ..all_docs() }).len(), 1);
    let all = filtered(all_docs());
    assert_eq!(
        filtered(DocFilter { limit: 1, offset: 1, ..all_docs() }),
        all[1..2].to_vec(),
        "the second page"
    );
    assert_eq!(q("ISIS-K", all_docs()).len(), 1, "hyphenated names match");
    assert_eq!(q("\"Crocus attack\"", all_docs()).len(), 1, "phrases match");
    assert_eq!(q("Kerman OR Bryansk", all_docs()).len(), 2);
    assert_eq!(q("Crocus NOT Bryansk", all_docs()).len(), 2);
    assert_eq!(q("Mosc*", all_docs()).len(), 1);
    assert_eq!(q("enqueteurs", all_docs()).len(), 1, "diacritics are folded");
    let kerman = |f: DocFilter| q("Кермане", f).len();
    assert_eq!(
        kerman(DocFilter { source: Some("новая газета".into()), ..all_docs() }),
        1,
        "sources match in any case"
    );
    assert_eq!(
        kerman(DocFilter { until: day("2024-01-04"), ..all_docs() }),
        1,
        "until includes the whole day"
    );
    assert_eq!(
        kerman(DocFilter { since: day("2024-01-04"), ..all_docs() }),
        1,
        "since includes the whole day"
    );
    assert_eq!(kerman(DocFilter { until: day("2024-01-03"), ..all_docs() }), 0);
}

pub fn bad_queries_are_explained(store: &mut dyn Store) {
    corpus(store);
    for bad in ["\"Crocus", "Crocus AND", "(Crocus", ""] {
        let err = store.search(&SearchQuery { text: bad.into(), filter: all_docs() }).unwrap_err();
        assert!(matches!(err, StoreError::Query(_)), "{bad:?}: {err}");
    }
}

pub fn documents_list_and_show(store: &mut dyn Store) {
    corpus(store);
    let docs = store.documents(&all_docs()).unwrap();
    let dates: Vec<Option<&str>> = docs.iter().map(|d| d.published.as_deref()).collect();
    assert_eq!(
        dates,
        vec![
            Some("2024-03-24"),
            Some("2024-03-23"),
            Some("2024-03-23"),
            Some("2024-01-04T21:30:00Z"),
            Some("2024-01-03"),
            None
        ],
        "newest first, undated last"
    );
    let first = &docs[0];
    let shown = store.document(first.id.as_str()).unwrap();
    assert_eq!(shown.doc, *first);
    assert!(shown.text.contains("Bryansk"));
    assert_eq!(store.document(&first.id.as_str()[..6]).unwrap().doc.id, first.id);
    assert!(matches!(store.document("ffffffff"), Err(StoreError::NotFound(_))));
    assert!(matches!(store.document("zz"), Err(StoreError::Query(_))));
    assert_eq!(
        store.documents(&DocFilter { source: Some("Meridian Wire".into()), ..all_docs() }).unwrap().len(),
        2
    );
}

pub fn stats_count_by_source_language_and_month(store: &mut dyn Store) {
    corpus(store);
    let s = store.stats(&all_docs()).unwrap();
    assert_eq!(s.documents, 6);
    assert_eq!((s.by_source[0].key.as_str(), s.by_source[0].documents), ("Meridian Wire", 2));
    assert_eq!((s.by_language[0].key.as_str(), s.by_language[0].documents), ("en", 4));
    let months: Vec<(&str, u64)> = s.by_month.iter().map(|c| (c.key.as_str(), c.documents)).collect();
    assert_eq!(months, vec![("2024-01", 2), ("2024-03", 3), ("undated", 1)]);
    let capped = store.stats(&DocFilter { limit: 1, ..all_docs() }).unwrap();
    assert_eq!((capped.by_source.len(), capped.by_month.len()), (1, 3), "the limit caps sources, not months");
    let fr = store.stats(&DocFilter { lang: Some("fr".into()), ..all_docs() }).unwrap();
    assert_eq!(fr.documents, 1);
}

pub fn runs_are_recorded(store: &mut dyn Store) {
    assert!(store.stats(&all_docs()).unwrap().last_run.is_none());
    let run = store.start_run("2026-01-01T00:00:00Z").unwrap();
    let summary = RunSummary {
        started_at: "2026-01-01T00:00:00Z".into(),
        finished_at: Some("2026-01-01T00:00:05Z".into()),
        ingested: 3,
        duplicates: 1,
        near_duplicates: 1,
        failed: 1,
        failures: vec![("bad.bin".into(), "binary file".into())],
    };
    store.finish_run(run, &summary).unwrap();
    assert_eq!(store.stats(&all_docs()).unwrap().last_run, Some(summary));
}

pub fn facts_are_stored_and_filter_documents(store: &mut dyn Store) {
    corpus(store);
    let with = |group: &str| DocFilter { group: Some(group.into()), limit: 0, ..all_docs() };
    let docs = store.documents(&with("crocus-cell")).unwrap();
    assert_eq!(docs.len(), 3, "documents mentioning the group");
    assert_eq!(store.documents(&with("iskp")).unwrap().len(), 1);
    assert!(store.documents(&with("nobody")).unwrap().is_empty());
    let hits = store.search(&SearchQuery { text: "133".into(), filter: with("crocus-cell") }).unwrap();
    assert_eq!(hits.len(), 2);
    let shown = store.document(docs[0].id.as_str()).unwrap();
    assert_eq!(shown.groups, vec![KeyCount { key: "crocus-cell".into(), documents: 1 }]);
    let dated = store.documents(&DocFilter { limit: 0, ..all_docs() }).unwrap();
    let with_date =
        dated.iter().find(|d| d.source == "notes.txt").map(|d| store.document(d.id.as_str()).unwrap());
    let dates = with_date.expect("the dated note").dates;
    assert_eq!(dates.len(), 1);
    assert_eq!(
        (dates[0].value.as_str(), dates[0].precision, dates[0].span.len()),
        ("2024", Precision::Year, 4)
    );
    let stats = store.stats(&all_docs()).unwrap();
    let by_group: Vec<(&str, u64)> = stats.by_group.iter().map(|c| (c.key.as_str(), c.documents)).collect();
    assert_eq!(by_group, vec![("crocus-cell", 3), ("iskp", 1)]);

    // Places filter by country; incidents come back with the document.
    let in_country = |code: &str| DocFilter { country: Some(code.into()), limit: 0, ..all_docs() };
    let russian = store.documents(&in_country("ru")).unwrap();
    let moscow =
        dated.iter().filter(|d| store.document(d.id.as_str()).unwrap().text.contains("Moscow")).count();
    assert!(moscow > 0, "the test corpus names Moscow");
    assert_eq!(russian.len(), moscow);
    assert!(store.documents(&in_country("FR")).unwrap().is_empty());
    let shown = store.document(russian[0].id.as_str()).unwrap();
    assert_eq!(shown.countries[0].key, "RU");
    let reported =
        dated.iter().map(|d| store.document(d.id.as_str()).unwrap()).find(|d| d.text.contains("attack"));
    let reported = reported.expect("the test corpus has an attack");
    assert_eq!(reported.incidents.len(), 1);
    let shown = &reported.incidents[0];
    assert_eq!((shown.killed.as_ref().map(|k| k.value), shown.link), (Some(133), LinkLevel::Claimed));
    assert_eq!(
        shown.sentence().end,
        reported.text.chars().count(),
        "the reading keeps its evidence sentence"
    );
    assert_eq!(store.stats(&all_docs()).unwrap().by_country[0].key, "RU");
}

fn count<S: IncidentStore>(store: &S, filter: IncidentFilter) -> usize {
    store.incidents(&filter).unwrap().len()
}

/// Incident reports come back with their provenance (a near-duplicate copy names its
/// original), incidents and memberships are written together, listed with filters, updated in
/// place, and forgotten without touching the reports.
pub fn incidents_are_resolved_listed_and_cleared<S: Store + IncidentStore + BrowseStore>(store: &mut S) {
    let wire =
        doc("Gunmen attack Crocus hall near Moscow, 2024.", "Wire", Some("2024-03-22T21:00:00Z"), "en");
    let copy = doc("Gunmen attack Crocus hall near Moscow, 2024!", "Gazette", Some("2024-03-23"), "en");
    let other = doc("A bomb attack in Moscow.", "Ledger", Some("2024-03-24"), "en");
    for (d, f) in
        [(&wire, fingerprint(3, 1, 120)), (&copy, fingerprint(3, 2, 120)), (&other, fingerprint(4, 1, 0))]
    {
        let mut batch = store.batch().unwrap();
        add_document(batch.as_mut(), d, &f, &mentions(d)).unwrap();
        batch.commit().unwrap();
    }
    let reports = store.incident_reports().unwrap();
    assert_eq!(reports.len(), 3);
    assert!(reports.iter().all(|r| r.incident.is_none() && r.unreadable.is_none()));
    assert!(reports.iter().all(|r| r.report.reading.link == LinkLevel::Claimed), "typed readings come back");
    let of = |d: &Document| reports.iter().find(|r| r.report.doc == d.id).unwrap().report.clone();
    let (w, c, o) = (of(&wire), of(&copy), of(&other));
    assert_eq!(
        (c.original, c.original_source.as_str()),
        (w.doc_seq, "Wire"),
        "a copy counts for its original"
    );
    assert_eq!((w.original, o.original), (w.doc_seq, o.doc_seq));
    assert_eq!(store.passages(w.doc_seq, &[(0, 6), (39, 43), (50, 60)]).unwrap(), vec!["Gunmen", "2024", ""]);

    let record = |id: Option<i64>, killed: u64| IncidentRecord {
        id,
        date: Some("2024-03".into()),
        date_precision: Some("month".into()),
        place: Some("Moscow".into()),
        city: Some("Moscow".into()),
        country: Some("RU".into()),
        lat: Some(55.75),
        lon: Some(37.62),
        attack_type: Some("armed_assault".into()),
        perpetrator: Some("iskp".into()),
        killed: Some(killed),
        killed_qualifier: Some("at least".into()),
        injured: None,
        injured_qualifier: None,
        link: LinkLevel::Claimed,
        sources: 2,
        reports: 3,
        flags: 0,
        first_reported: w.published.clone(),
        last_reported: o.published.clone(),
        assessment: "{\"note\":\"test\"}".into(),
    };
    let members: Vec<Membership> = [w.id, c.id, o.id]
        .into_iter()
        .map(|report| Membership { report, incident: 0, reason: "test".into() })
        .collect();
    let ids = store.save_incidents(&[record(None, 40)], &members).unwrap();
    assert_eq!(ids.len(), 1);
    assert!(store.incident_reports().unwrap().iter().all(|r| r.incident == Some(ids[0])));
    let shown = store.incident(ids[0]).unwrap();
    assert_eq!((shown.killed, shown.assessment.as_str()), (Some(40), "{\"note\":\"test\"}"));
    assert!(matches!(store.incident(ids[0] + 100), Err(StoreError::NoIncident(_))));

    assert_eq!(count(store, IncidentFilter::default()), 1);
    assert_eq!(count(store, IncidentFilter { country: Some("RU".into()), ..Default::default() }), 1);
    assert_eq!(count(store, IncidentFilter { country: Some("FR".into()), ..Default::default() }), 0);
    assert_eq!(
        count(store, IncidentFilter { groups: vec!["isis".into(), "iskp".into()], ..Default::default() }),
        1
    );
    assert_eq!(count(store, IncidentFilter { groups: vec!["isis".into()], ..Default::default() }), 0);
    assert_eq!(count(store, IncidentFilter { link: Some(LinkLevel::Inspired), ..Default::default() }), 0);
    assert_eq!(
        count(store, IncidentFilter { limit: 1, offset: 1, ..Default::default() }),
        0,
        "paged past the end"
    );
    assert_eq!(count(store, IncidentFilter { offset: 0, limit: 1, ..Default::default() }), 1);
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    // A month-precision date is within any bound its month reaches.
    assert_eq!(count(store, IncidentFilter { since: day("2024-03-15"), ..Default::default() }), 1);
    assert_eq!(count(store, IncidentFilter { until: day("2024-03-15"), ..Default::default() }), 1);
    assert_eq!(count(store, IncidentFilter { since: day("2024-04-01"), ..Default::default() }), 0);
    assert_eq!(count(store, IncidentFilter { until: day("2024-02-29"), ..Default::default() }), 0);
    assert!(
        store.incidents(&IncidentFilter::default()).unwrap()[0].assessment.is_empty(),
        "lists leave it out"
    );

    // What the dashboard asks: counts by month, facets over a search, a document's spans.
    assert_eq!(store.count_incidents(&IncidentFilter::default()).unwrap(), 1);
    let months = store.incident_months(&IncidentFilter::default(), "perpetrator").unwrap();
    assert_eq!(
        months.iter().map(|m| (m.month.as_str(), m.key.as_str(), m.incidents)).collect::<Vec<_>>(),
        vec![("2024-03", "iskp", 1)]
    );
    assert_eq!(store.incident_months(&IncidentFilter::default(), "link").unwrap()[0].key, "claimed");
    assert!(matches!(
        store.incident_months(&IncidentFilter::default(), "weather"),
        Err(StoreError::Query(_))
    ));
    let all = DocFilter { limit: 0, ..DocFilter::default() };
    let facets = store.facets(None, &all, 100).unwrap();
    assert_eq!((facets.counted, facets.truncated), (3, false));
    assert_eq!(facets.country, vec![KeyCount { key: "RU".into(), documents: 3 }]);
    let crocus = store.facets(Some("Crocus"), &all, 100).unwrap();
    assert_eq!(crocus.counted, 2);
    assert_eq!(crocus.source.len(), 2);
    assert_eq!(crocus.group, vec![KeyCount { key: "crocus-cell".into(), documents: 2 }]);
    let capped = store.facets(Some("Moscow"), &all, 1).unwrap();
    assert_eq!((capped.counted, capped.truncated), (1, true));
    let in_fr = store.facets(None, &DocFilter { country: Some("FR".into()), ..all.clone() }, 100).unwrap();
    assert_eq!(in_fr.counted, 0);
    let spans = store.spans(&wire.id).unwrap();
    let kinds: Vec<&str> = spans.iter().map(|s| s.kind).collect();
    for kind in ["group", "place", "date"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    assert!(spans.windows(2).all(|w| w[0].start <= w[1].start), "in text order");
    assert!(spans.iter().all(|s| s.end <= wire.text.chars().count() && s.start < s.end));
    assert!(matches!(store.spans(&DocId::for_text("nowhere")), Err(StoreError::NotFound(_))));

    store.save_incidents(&[record(Some(ids[0]), 139)], &[]).unwrap();
    assert_eq!(store.incident(ids[0]).unwrap().killed, Some(139), "updated in place");
    assert!(matches!(
        store.save_incidents(&[record(Some(ids[0] + 100), 1)], &[]),
        Err(StoreError::NoIncident(_))
    ));

    // Lists sort by a column either way, unknowns last.
    let mut smaller = record(None, 5);
    smaller.date = Some("2023-11-02".into());
    smaller.killed = None;
    store.save_incidents(&[smaller], &[]).unwrap();
    let order = |sort: IncidentSort, ascending: bool| -> Vec<Option<u64>> {
        store
            .incidents(&IncidentFilter { sort, ascending, ..Default::default() })
            .unwrap()
            .iter()
            .map(|r| r.killed)
            .collect()
    };
    assert_eq!(order(IncidentSort::Date, false), vec![Some(139), None], "latest first by default");
    assert_eq!(order(IncidentSort::Date, true), vec![None, Some(139)]);
    assert_eq!(order(IncidentSort::Killed, true), vec![Some(139), None], "unknown killed last");
    assert_eq!(
        store.count_incidents(&IncidentFilter { until: day("2023-12-31"), ..Default::default() }).unwrap(),
        1
    );

    store.clear_incidents().unwrap();
    assert_eq!(count(store, IncidentFilter::default()), 0);
    let reports = store.incident_reports().unwrap();
    assert_eq!(reports.len(), 3, "reports are facts: they stay");
    assert!(reports.iter().all(|r| r.incident.is_none()));
}
