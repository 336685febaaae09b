//! Scoring against a gold set in the `vigil-gold/1` schema: one JSON file (`gold.json`) that
//! annotates a folder of documents (`docs/`), each entry keyed by its file name.
//!
//! The measures are those of the set's own reference scorer, so that the two agree figure for
//! figure: micro precision, recall and F1 per kind (groups, people, places, quotes, incidents,
//! indicators) and the accuracy of matched fields. Precision counts found items that match a
//! gold item; recall counts gold items that some found item matches. Matching is on normalised
//! names ([`norm`]):
//! - groups: any shared form (canonical name, surface form, id, alias, mention text);
//! - people: the last word of the name, titles left out;
//! - places: the gold name among the found place's name and mentions;
//! - quotes: the first five words of the gold quote inside the found quote's text;
//! - incidents: the same country and the same city or year-month (with the perpetrator where
//!   the gold has neither), paired greedily in gold order;
//! - indicators (the four resurgence markers): the same marker with overlapping evidence.
//!
//! Both sides are JSON values: the gold as annotated, and each document's extraction as
//! `vigil extract --json` writes it, so the scorer reads exactly what a user sees.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use crate::eval::GoldError;
use crate::passages::same_normal_passage;
pub use crate::passages::{norm, same_passage};

/// The schema this module reads.
pub const SCHEMA: &str = "vigil-gold/1";

/// The kinds scored, in the order they are printed.
pub const KINDS: [&str; 6] = ["groups", "people", "places", "quotes", "incidents", "indicators"];

const MARKERS: [&str; 4] = ["central_command", "training_pipeline", "financing", "territorial_claim"];

/// A parsed gold set: one JSON object per annotated document.
#[derive(Debug, Clone)]
pub struct GoldSet {
    pub docs: Vec<Value>,
}

impl GoldSet {
    pub fn from_json(text: &str) -> Result<GoldSet, GoldError> {
        let root: Value =
            serde_json::from_str(text).map_err(|e| GoldError::Invalid(format!("not valid JSON: {e}")))?;
        let schema = root.get("schema").and_then(Value::as_str).unwrap_or("");
        if schema != SCHEMA {
            return Err(GoldError::Invalid(format!("schema is {schema:?}, expected {SCHEMA:?}")));
        }
        let Some(docs) = root.get("docs").and_then(Value::as_array) else {
            return Err(GoldError::Invalid("no `docs` list".into()));
        };
        let mut seen = HashSet::new();
        for doc in docs {
            let Some(file) = doc.get("file").and_then(Value::as_str) else {
                return Err(GoldError::Invalid("a document has no `file`".into()));
            };
            if file.contains('/') || file.contains('\\') || file.starts_with('.') {
                return Err(GoldError::Invalid(format!("{file:?} is not a plain file name")));
            }
            if !seen.insert(file) {
                return Err(GoldError::Invalid(format!("{file} is annotated twice")));
            }
        }
        Ok(GoldSet { docs: docs.clone() })
    }

    /// The file names the set annotates, in its order.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.docs.iter().filter_map(|d| d.get("file").and_then(Value::as_str))
    }
}

/// Precision, recall and F1 where found and gold items are matched separately.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SetScore {
    pub gold: usize,
    pub found: usize,
    /// Found items that match some gold item.
    pub found_right: usize,
    /// Gold items that some found item matches.
    pub gold_found: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl SetScore {
    fn new(found_right: usize, found: usize, gold_found: usize, gold: usize) -> SetScore {
        let precision = if found > 0 {
            found_right as f64 / found as f64
        } else if gold == 0 {
            1.0
        } else {
            0.0
        };
        let recall = if gold > 0 { gold_found as f64 / gold as f64 } else { 1.0 };
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        SetScore {
            gold,
            found,
            found_right,
            gold_found,
            precision: round(precision),
            recall: round(recall),
            f1: round(f1),
        }
    }
}

/// What one document got wrong for one kind.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocErrors {
    pub file: String,
    pub kind: &'static str,
    pub missed: Vec<String>,
    pub spurious: Vec<String>,
    /// Matched items with a wrong field: `field: gold -> found (item)`.
    pub wrong: Vec<String>,
}

/// The scores of a whole set.
#[derive(Debug, Clone, Serialize)]
pub struct SetScores {
    pub documents: usize,
    /// Per kind, in [`KINDS`] order.
    pub kinds: Vec<(&'static str, SetScore)>,
    /// `(field, right, of)`, sorted by field name.
    pub fields: Vec<(String, usize, usize)>,
    pub errors: Vec<DocErrors>,
}

impl SetScores {
    pub fn kind(&self, name: &str) -> Option<SetScore> {
        self.kinds.iter().find(|(k, _)| *k == name).map(|(_, s)| *s)
    }

    /// The accuracy of a matched field, 1.0 where nothing was matched.
    pub fn field(&self, name: &str) -> Option<f64> {
        self.fields
            .iter()
            .find(|(f, _, _)| f == name)
            .map(|(_, right, of)| if *of == 0 { 1.0 } else { *right as f64 / *of as f64 })
    }
}

#[derive(Default)]
struct Tally {
    counts: BTreeMap<&'static str, [usize; 4]>,
    fields: BTreeMap<String, [usize; 2]>,
    errors: Vec<DocErrors>,
}

impl Tally {
    fn add(&mut self, kind: &'static str, found_right: usize, found: usize, gold_found: usize, gold: usize) {
        let c = self.counts.entry(kind).or_default();
        c[0] += found_right;
        c[1] += found;
        c[2] += gold_found;
        c[3] += gold;
    }

    fn field(&mut self, name: &str, ok: bool) {
        let f = self.fields.entry(name.to_string()).or_default();
        f[0] += usize::from(ok);
        f[1] += 1;
    }

    fn errors(&mut self, e: DocErrors) {
        if !e.missed.is_empty() || !e.spurious.is_empty() || !e.wrong.is_empty() {
            self.errors.push(e);
        }
    }
}

/// Scores each document's extraction (`file` -> the JSON of its extraction; several
/// extractions of one file are merged list by list) against the gold set. A gold document
/// without an extraction counts as found nothing.
pub fn score(gold: &GoldSet, predicted: &HashMap<String, Value>) -> SetScores {
    let mut tally = Tally::default();
    let empty = Value::Object(Default::default());
    for doc in &gold.docs {
        let file = doc.get("file").and_then(Value::as_str).unwrap_or("");
        let pred = predicted.get(file).unwrap_or(&empty);
        let ctx = Doc { file, gold: doc, pred };
        ctx.groups(&mut tally);
        ctx.people(&mut tally);
        ctx.places(&mut tally);
        ctx.quotes(&mut tally);
        ctx.incidents(&mut tally);
        ctx.indicators(&mut tally);
        ctx.strengths(&mut tally);
    }
    let kinds = KINDS
        .iter()
        .map(|k| {
            let c = tally.counts.get(k).copied().unwrap_or_default();
            (*k, SetScore::new(c[0], c[1], c[2], c[3]))
        })
        .collect();
    SetScores {
        documents: gold.docs.len(),
        kinds,
        fields: tally.fields.into_iter().map(|(k, v)| (k, v[0], v[1])).collect(),
        errors: tally.errors,
    }
}

/// Merges several extractions of one file into one value: lists are joined, other fields keep
/// the first value.
pub fn merge(values: Vec<Value>) -> Value {
    let mut out = serde_json::Map::new();
    for value in values {
        let Value::Object(map) = value else { continue };
        for (k, v) in map {
            match (out.get_mut(&k), v) {
                (Some(Value::Array(have)), Value::Array(more)) => have.extend(more),
                (Some(_), _) => {}
                (None, v) => {
                    out.insert(k, v);
                }
            }
        }
    }
    Value::Object(out)
}

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn nv(v: Option<&Value>) -> String {
    norm(&text(v))
}

fn list<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn mention_texts(v: &Value) -> impl Iterator<Item = String> + '_ {
    list(v, "mentions").iter().filter(|m| m.is_object()).map(|m| nv(m.get("text")))
}

fn last_name(s: &str) -> String {
    const TITLES: [&str; 7] = ["dr", "mr", "ms", "mrs", "general", "major", "gen"];
    norm(s).split_whitespace().rfind(|t| !TITLES.contains(t)).unwrap_or("").to_string()
}

fn pred_group_forms(g: &Value) -> HashSet<String> {
    let mut out: HashSet<String> = [nv(g.get("name")), nv(g.get("id"))].into();
    out.extend(list(g, "aliases").iter().map(|a| nv(Some(a))));
    out.extend(mention_texts(g));
    out.remove("");
    out
}

fn gold_group_forms(g: &Value) -> HashSet<String> {
    let mut out: HashSet<String> = [nv(g.get("canonical"))].into();
    out.extend(list(g, "surface_forms").iter().map(|a| nv(Some(a))));
    out
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Object(m) => m.get("value").and_then(Value::as_f64),
        other => other.as_f64(),
    }
}

struct Doc<'a> {
    file: &'a str,
    gold: &'a Value,
    pred: &'a Value,
}

impl Doc<'_> {
    fn errors(&self, kind: &'static str) -> DocErrors {
        DocErrors { file: self.file.to_string(), kind, ..Default::default() }
    }

    fn groups(&self, tally: &mut Tally) {
        let gold: Vec<_> = list(self.gold, "groups").iter().map(gold_group_forms).collect();
        let pred: Vec<_> = list(self.pred, "groups").iter().map(pred_group_forms).collect();
        let meets = |a: &HashSet<String>, b: &[HashSet<String>]| b.iter().any(|x| !a.is_disjoint(x));
        let mut e = self.errors("groups");
        for (g, v) in gold.iter().zip(list(self.gold, "groups")) {
            if !meets(g, &pred) {
                e.missed.push(text(v.get("canonical")));
            }
        }
        for (p, v) in pred.iter().zip(list(self.pred, "groups")) {
            if !meets(p, &gold) {
                e.spurious.push(text(v.get("name")));
            }
        }
        let found_right = pred.iter().filter(|p| meets(p, &gold)).count();
        let gold_found = gold.iter().filter(|g| meets(g, &pred)).count();
        tally.add("groups", found_right, pred.len(), gold_found, gold.len());
        tally.errors(e);
    }

    fn people(&self, tally: &mut Tally) {
        let gold: Vec<String> =
            list(self.gold, "people").iter().map(|p| last_name(&text(p.get("name")))).collect();
        let pred: Vec<String> =
            list(self.pred, "people").iter().map(|p| last_name(&text(p.get("name")))).collect();
        let mut e = self.errors("people");
        for (g, v) in gold.iter().zip(list(self.gold, "people")) {
            if !pred.contains(g) {
                e.missed.push(text(v.get("name")));
            }
        }
        for (p, v) in pred.iter().zip(list(self.pred, "people")) {
            if p.is_empty() || !gold.contains(p) {
                e.spurious.push(text(v.get("name")));
            }
        }
        let found_right = pred.iter().filter(|p| !p.is_empty() && gold.contains(p)).count();
        let gold_found = gold.iter().filter(|g| pred.contains(g)).count();
        tally.add("people", found_right, pred.len(), gold_found, gold.len());
        tally.errors(e);
    }

    fn places(&self, tally: &mut Tally) {
        let mut gold: HashMap<String, &Value> = HashMap::new();
        let mut gold_order = Vec::new();
        for p in list(self.gold, "places") {
            let name = nv(p.get("name"));
            if gold.insert(name.clone(), p).is_none() {
                gold_order.push(name);
            }
        }
        let mut by_name: HashMap<String, &Value> = HashMap::new();
        let mut e = self.errors("places");
        let mut found_right = 0;
        for p in list(self.pred, "places") {
            let mut names: HashSet<String> = [nv(p.get("name"))].into();
            names.extend(mention_texts(p));
            if names.iter().any(|n| gold.contains_key(n)) {
                found_right += 1;
            } else {
                e.spurious.push(format!("{}@{}", text(p.get("name")), text(p.get("country"))));
            }
            for n in names.into_iter().filter(|n| !n.is_empty()) {
                by_name.entry(n).or_insert(p);
            }
        }
        let mut gold_found = 0;
        for name in &gold_order {
            let g = gold[name];
            let Some(p) = by_name.get(name) else {
                e.missed.push(format!("{}@{}", text(g.get("name")), text(g.get("country_iso2"))));
                continue;
            };
            gold_found += 1;
            let want = text(g.get("country_iso2"));
            if !want.is_empty() {
                let got = text(p.get("country"));
                let ok = got.to_uppercase() == want.to_uppercase();
                if !ok {
                    e.wrong.push(format!("country: {want} -> {got} ({})", text(g.get("name"))));
                }
                tally.field("place_country", ok);
            }
        }
        tally.add("places", found_right, list(self.pred, "places").len(), gold_found, gold.len());
        tally.errors(e);
    }

    fn quotes(&self, tally: &mut Tally) {
        let gold = list(self.gold, "quotes");
        let pred = list(self.pred, "quotes");
        let start_of =
            |g: &Value| nv(g.get("start")).split_whitespace().take(5).collect::<Vec<_>>().join(" ");
        let texts: Vec<String> = pred.iter().map(|p| nv(p.get("text"))).collect();
        let starts: Vec<String> = gold.iter().map(start_of).collect();
        let mut e = self.errors("quotes");
        let mut gold_found = 0;
        for (g, start) in gold.iter().zip(&starts) {
            let hits: Vec<&Value> =
                pred.iter().zip(&texts).filter(|(_, t)| t.contains(start.as_str())).map(|(p, _)| p).collect();
            if hits.is_empty() {
                e.missed.push(format!("{} ({})", text(g.get("start")), text(g.get("speaker"))));
                continue;
            }
            gold_found += 1;
            let want = last_name(&text(g.get("speaker")));
            let ok = hits.iter().any(|h| last_name(&text(h.get("speaker"))) == want);
            if !ok {
                let got: Vec<String> = hits.iter().map(|h| text(h.get("speaker"))).collect();
                e.wrong.push(format!("speaker: {} -> {} ({start})", text(g.get("speaker")), got.join(" / ")));
            }
            tally.field("quote_speaker", ok);
        }
        let mut found_right = 0;
        for (p, t) in pred.iter().zip(&texts) {
            if starts.iter().any(|s| t.contains(s.as_str())) {
                found_right += 1;
            } else {
                let short: String = text(p.get("text")).chars().take(60).collect();
                e.spurious.push(format!("{short} ({})", text(p.get("speaker"))));
            }
        }
        tally.add("quotes", found_right, pred.len(), gold_found, gold.len());
        tally.errors(e);
    }

    fn perp_forms(&self, value: &str) -> HashSet<String> {
        let v = norm(value);
        if v.is_empty() {
            return HashSet::new();
        }
        let mut out: HashSet<String> = [v.clone()].into();
        for g in list(self.pred, "groups") {
            let forms = pred_group_forms(g);
            if forms.contains(&v) || nv(g.get("id")) == v {
                out.extend(forms);
            }
        }
        for g in list(self.gold, "groups") {
            let forms = gold_group_forms(g);
            if forms.contains(&v) {
                out.extend(forms);
            }
        }
        out
    }

    fn perp_agree(&self, gold: &str, found: &str) -> bool {
        let (a, b) = (self.perp_forms(gold), self.perp_forms(found));
        a.iter().any(|x| {
            b.iter().any(|y| {
                x == y
                    || (x.chars().count().min(y.chars().count()) >= 5
                        && (x.contains(y.as_str()) || y.contains(x.as_str())))
            })
        })
    }

    fn incident_matches(&self, g: &Value, p: &Value) -> bool {
        let (g_country, g_city) = (text(g.get("country_iso2")), text(g.get("city")));
        let (gd, pd) = (text(g.get("date")), text(p.get("date")));
        let perp = || self.perp_agree(&text(g.get("perpetrator_group")), &text(p.get("perpetrator")));
        if g_country.is_empty() && g_city.is_empty() {
            return perp() && (gd.is_empty() || pd.starts_with(&gd));
        }
        if text(p.get("country")).to_uppercase() != g_country.to_uppercase() {
            return false;
        }
        let city = norm(&g_city);
        let city_ok = !g_city.is_empty() && (city == nv(p.get("city")) || city == nv(p.get("place")));
        let month = |d: &str| d.chars().take(7).collect::<String>();
        let date_ok = gd.chars().count() >= 7 && month(&pd) == month(&gd);
        if g_city.is_empty() && gd.chars().count() < 7 {
            return perp() && (gd.is_empty() || pd.starts_with(&gd));
        }
        city_ok || date_ok
    }

    fn incidents(&self, tally: &mut Tally) {
        let gold = list(self.gold, "incidents");
        let pred = list(self.pred, "incidents");
        let describe = |v: &Value, country: &str| {
            format!(
                "{} {} {}",
                text(v.get("date")),
                text(v.get("city")).chars().take(40).collect::<String>(),
                text(v.get(country))
            )
        };
        let mut used = HashSet::new();
        let mut e = self.errors("incidents");
        let mut gold_found = 0;
        for g in gold {
            let Some(k) = (0..pred.len()).find(|k| !used.contains(k) && self.incident_matches(g, &pred[*k]))
            else {
                e.missed.push(describe(g, "country_iso2"));
                continue;
            };
            used.insert(k);
            gold_found += 1;
            let (p, label) = (&pred[k], describe(g, "country_iso2"));
            let mut check = |field: &str, ok: bool, want: String, got: String| {
                if !ok {
                    e.wrong.push(format!("{field}: {want} -> {got} ({label})"));
                }
                tally.field(field, ok);
            };
            if let Some(want) = g.get("killed").filter(|v| !v.is_null()) {
                let got = number(p.get("killed"));
                check("incident_killed", got == want.as_f64(), want.to_string(), format!("{got:?}"));
            }
            let gd = text(g.get("date"));
            if !gd.is_empty() {
                let pd = text(p.get("date"));
                check("incident_date", pd.starts_with(&gd), gd, pd);
            }
            let gp = text(g.get("perpetrator_group"));
            if !gp.is_empty() {
                let pp = text(p.get("perpetrator"));
                check("incident_perpetrator", self.perp_agree(&gp, &pp), gp, pp);
            }
            let gl = text(g.get("link"));
            if !gl.is_empty() && gl != "unknown" {
                let pl = text(p.get("link"));
                check("incident_link", pl == gl, gl, pl);
            }
        }
        let mut found_right = 0;
        for p in pred {
            if gold.iter().any(|g| self.incident_matches(g, p)) {
                found_right += 1;
            } else {
                e.spurious.push(describe(p, "country"));
            }
        }
        tally.add("incidents", found_right, pred.len(), gold_found, gold.len());
        tally.errors(e);
    }

    fn indicators(&self, tally: &mut Tally) {
        let is_marker = |v: &&Value| MARKERS.contains(&text(v.get("indicator")).as_str());
        let gold: Vec<&Value> = list(self.gold, "indicators").iter().filter(is_marker).collect();
        let pred: Vec<&Value> = list(self.pred, "indicators").iter().filter(is_marker).collect();
        let evidence = |p: &Value| match p.get("evidence") {
            Some(Value::Object(m)) => nv(m.get("sentence")),
            other => nv(other),
        };
        let matches = |g: &Value, p: &Value| {
            text(g.get("indicator")) == text(p.get("indicator"))
                && same_normal_passage(&nv(g.get("evidence")), &evidence(p))
        };
        let stance = |p: &Value| {
            let s = text(p.get("stance"));
            if s.is_empty() { text(p.get("polarity")) } else { s }
        };
        let mut e = self.errors("indicators");
        let mut gold_found = 0;
        for g in &gold {
            let hits: Vec<&&Value> = pred.iter().filter(|p| matches(g, p)).collect();
            let label = format!(
                "{}: {}",
                text(g.get("indicator")),
                text(g.get("evidence")).chars().take(60).collect::<String>()
            );
            if hits.is_empty() {
                e.missed.push(label);
                continue;
            }
            gold_found += 1;
            let want = text(g.get("polarity"));
            let ok = hits.iter().any(|h| stance(h) == want);
            if !ok {
                e.wrong.push(format!("polarity: {want} -> {} ({label})", stance(hits[0])));
            }
            tally.field("indicator_polarity", ok);
        }
        let mut found_right = 0;
        for p in &pred {
            if gold.iter().any(|g| matches(g, p)) {
                found_right += 1;
            } else {
                e.spurious.push(format!(
                    "{}: {}",
                    text(p.get("indicator")),
                    evidence(p).chars().take(60).collect::<String>()
                ));
            }
        }
        tally.add("indicators", found_right, pred.len(), gold_found, gold.len());
        tally.errors(e);
    }

    fn strengths(&self, tally: &mut Tally) {
        for g in list(self.gold, "figures") {
            if !nv(g.get("quantity")).contains("fighter") {
                continue;
            }
            let (lo, hi) = match g.get("value") {
                Some(Value::Array(v)) => {
                    (v.first().and_then(Value::as_f64), v.get(1).and_then(Value::as_f64))
                }
                other => (other.and_then(Value::as_f64), other.and_then(Value::as_f64)),
            };
            let hits: Vec<&Value> = list(self.pred, "figures")
                .iter()
                .filter(|p| nv(p.get("quantity")).contains("fighter"))
                .filter(|p| {
                    let vals =
                        [p.get("value"), p.get("low"), p.get("high")].map(|v| v.and_then(Value::as_f64));
                    vals.iter().any(|v| v.is_some() && (*v == lo || *v == hi))
                })
                .collect();
            tally.field("strength_value", !hits.is_empty());
            let source = nv(g.get("source_attribution"));
            if !source.is_empty() {
                const SKIP: [&str; 5] = ["the", "and", "of", "u", "s"];
                let want: HashSet<&str> = source.split_whitespace().filter(|w| !SKIP.contains(w)).collect();
                let ok = hits
                    .iter()
                    .any(|h| nv(h.get("attributed_to")).split_whitespace().any(|w| want.contains(w)));
                tally.field("strength_source", ok);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(doc: Value) -> GoldSet {
        GoldSet::from_json(&json!({"schema": SCHEMA, "docs": [doc]}).to_string()).unwrap()
    }

    fn scored(gold: Value, pred: Value) -> SetScores {
        let gold = set(gold);
        score(&gold, &HashMap::from([("a.txt".to_string(), pred)]))
    }

    #[test]
    fn names_are_normalised_as_the_reference_scorer_does() {
        assert_eq!(norm("  The Islamic State’s "), "islamic state");
        assert_eq!(norm("al-Shabaab"), "shabaab");
        assert_eq!(norm("ISIS–K"), "isis-k");
        assert_eq!(norm("Dr. Jane  Roe"), "dr jane roe");
        assert_eq!(last_name("Major General Ann Example"), "example");
    }

    #[test]
    fn schema_and_file_names_are_checked() {
        assert!(GoldSet::from_json(r#"{"schema":"other","docs":[]}"#).is_err());
        let bad = json!({"schema": SCHEMA, "docs": [{"file": "../x.txt"}]}).to_string();
        assert!(GoldSet::from_json(&bad).is_err());
        let twice = json!({"schema": SCHEMA, "docs": [{"file": "a.txt"}, {"file": "a.txt"}]}).to_string();
        assert!(GoldSet::from_json(&twice).is_err());
    }

    #[test]
    fn precision_and_recall_count_their_own_matches() {
        let s = scored(
            json!({"file": "a.txt", "people": [{"name": "Ann Example"}, {"name": "Bo Sample"}]}),
            json!({"people": [{"name": "Example"}, {"name": "Example"}, {"name": "Key Indicators"}]}),
        );
        let people = s.kind("people").unwrap();
        assert_eq!((people.found_right, people.found, people.gold_found, people.gold), (2, 3, 1, 2));
        assert_eq!(s.errors[0].spurious, ["Key Indicators"]);
        assert_eq!(s.errors[0].missed, ["Bo Sample"]);
    }

    #[test]
    fn incidents_match_on_country_and_city_or_month_and_score_fields() {
        let gold = json!({"file": "a.txt",
            "groups": [{"canonical": "Islamic State", "surface_forms": ["IS"]}],
            "incidents": [
                {"date": "2024-03-22", "city": "Townsville", "country_iso2": "XX", "killed": 5,
                 "perpetrator_group": "Islamic State", "link": "claimed"},
                {"date": "2023-01", "city": "Elsewhere", "country_iso2": "XX"}]});
        let pred = json!({
            "groups": [{"id": "is", "name": "Islamic State", "mentions": [{"text": "IS"}]}],
            "incidents": [
                {"date": "2024-03-22", "city": "Townsville", "country": "XX",
                 "killed": {"value": 5}, "perpetrator": "is", "link": "alleged"},
                {"date": "2022-05", "city": "Nowhere", "country": "YY"}]});
        let s = scored(gold, pred);
        let i = s.kind("incidents").unwrap();
        assert_eq!((i.found_right, i.found, i.gold_found, i.gold), (1, 2, 1, 2));
        assert_eq!(s.field("incident_killed"), Some(1.0));
        assert_eq!(s.field("incident_perpetrator"), Some(1.0));
        assert_eq!(s.field("incident_link"), Some(0.0));
    }

    #[test]
    fn quotes_match_on_their_first_five_words() {
        let gold = json!({"file": "a.txt", "quotes": [
            {"speaker": "Ann Example", "start": "We will rebuild the market and the school"}]});
        let pred = json!({"quotes": [
            {"text": "“We will rebuild the market,” she said", "speaker": "Ann Example"},
            {"text": "Nothing like it", "speaker": null}]});
        let s = scored(gold, pred);
        let q = s.kind("quotes").unwrap();
        assert_eq!((q.found_right, q.found, q.gold_found, q.gold), (1, 2, 1, 1));
        assert_eq!(s.field("quote_speaker"), Some(1.0));
    }

    #[test]
    fn extractions_of_one_file_merge_list_by_list() {
        let merged =
            merge(vec![json!({"people": [1], "document": "x"}), json!({"people": [2], "document": "y"})]);
        assert_eq!(merged, json!({"people": [1, 2], "document": "x"}));
    }
}
