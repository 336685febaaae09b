//! Places: countries, first-level regions, cities and named regions, found with one
//! Aho-Corasick automaton over every name in the gazetteer, then judged in context.
//!
//! Knowledge: `data/gazetteer.tsv` (generated from GeoNames by `cargo xtask gazetteer`) and
//! `data/places.toml` (written by hand: country names in several languages, demonyms, named
//! regions such as the Sahel or Khorasan, and names that are also common words).
//!
//! Rules, in order:
//! - names match case-sensitively after folding dashes and quotes, as whole words; the longest
//!   name wins ("New Orleans" over "Orleans"); spans already taken by another fact (an armed
//!   group's name: "Islamic State Khorasan Province") are skipped;
//! - a name inside a longer run of capitalised words is part of another name ("Taylor Swift",
//!   "Abbey Gate", "Police Lines"), unless the next word is a place noun ("Manchester Arena",
//!   "Kabul Airport") or the previous one opens the sentence ("In Kabul");
//! - names that are also common words or first names ("Nice", "March", "Jackson") count only
//!   after a locative preposition ("in Nice") or when their country is otherwise named in the
//!   document, and never as the first word of a sentence;
//! - demonyms ("Afghan", "Tajik", "russe") are not places but count as evidence of a country;
//! - among places sharing a name, a score of log10(population) plus a bonus for a country the
//!   document names (and a larger one for "Paris, Texas") decides; a name followed by
//!   "region", "province" or "oblast" is the region, otherwise a city beats a region
//!   ("Kerman" the city, "Kerman province" the region).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};
use vigil_core::Span;

use crate::fold::{self, CharOffsets};
use crate::groups::Mention;

const GAZETTEER: &str = include_str!("../data/gazetteer.tsv");
const PLACES: &str = include_str!("../data/places.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Country,
    Region,
    City,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Region => "region",
            Kind::City => "city",
        }
    }
}

/// One place found in a document, with every mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceFacts {
    pub name: String,
    pub kind: Kind,
    /// ISO 3166-1 alpha-2; none for regions spanning several countries.
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub mentions: Vec<Mention>,
    /// Placed at the coordinates of another place (a locality the gazetteer lacks, at the
    /// place named near it): its distance to other places says nothing.
    #[serde(skip)]
    pub approximate: bool,
}

#[derive(Debug, Clone)]
struct Place {
    kind: Kind,
    country: Option<String>,
    lat: f64,
    lon: f64,
    population: u64,
    name: String,
}

/// What a surface name may mean.
#[derive(Debug, Clone, Default)]
struct Name {
    places: Vec<usize>,
    /// A demonym of these countries (evidence, not a place).
    demonym_of: Vec<String>,
    /// Also a common word or a first name: needs context.
    ambiguous: bool,
    /// An adjective of the place ("Solinger"), which a capitalised noun follows, or a landmark
    /// in it ("Bondi Beach"): where something happened, not a mention of the place.
    adjective: bool,
}

#[derive(Deserialize)]
struct Lexicon {
    #[serde(default)]
    country: Vec<CountryEntry>,
    #[serde(default)]
    region: Vec<RegionEntry>,
    #[serde(default)]
    ambiguous: NameList,
    #[serde(default)]
    not_places: NameList,
    #[serde(default)]
    localities: Localities,
    #[serde(default)]
    landmark: Vec<LandmarkEntry>,
}

/// A venue or site and the town it lies in.
#[derive(Deserialize)]
struct LandmarkEntry {
    name: String,
    #[serde(default)]
    names: Vec<String>,
    city: String,
    country: String,
}

/// Phrases that name a locality the gazetteer may lack ("the village of Nguida", "Dibis
/// district"): `before` ends just before the name, `after` follows it.
#[derive(Deserialize, Default)]
struct Localities {
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    /// Words between a name and the country or region after it that say where in it the name
    /// lies ("Dieuze, eastern France").
    #[serde(default)]
    directions: Vec<String>,
    /// Last words that make a name a building or site, not a locality ("Zion Church", "the
    /// Police Lines area").
    #[serde(default)]
    venues: Vec<String>,
    /// Attack phrases after which a capitalised name is the town attacked ("the attack on X",
    /// "l'attaque de X"), unless it names people ("Christians") or a nationality.
    #[serde(default)]
    attacked: Vec<String>,
    /// Capitalised words after such a phrase that name people, not a town.
    #[serde(default)]
    not_attacked: Vec<String>,
}

#[derive(Deserialize)]
struct CountryEntry {
    code: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
}

#[derive(Deserialize)]
struct RegionEntry {
    name: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    countries: Vec<String>,
    lat: f64,
    lon: f64,
}

#[derive(Deserialize, Default)]
struct NameList {
    #[serde(default)]
    names: Vec<String>,
}

/// Capitalised unit words that belong to a region's name when they follow it ("Borno State").
const REGION_UNITS: &[&str] = &[" State", " Region", " Province", " Governorate", " Oblast", " Prefecture"];

/// Cities at least this populous are matched by all their names and Russian case forms.
const MAJOR_CITY: u64 = 50_000;

/// Words after a name that make it a region.
const REGION_NOUNS: &[&str] =
    &["region", "province", "oblast", "governorate", "state", "district", "prefecture", "krai", "area"];
/// Capitalised words after a place name that keep it a place ("Manchester Arena").
const PLACE_NOUNS: &[&str] = &[
    "Airport",
    "Arena",
    "International",
    "Province",
    "Region",
    "Oblast",
    "Governorate",
    "State",
    "Metro",
    "Station",
    "Cathedral",
    "Mosque",
    "Stadium",
    "Square",
    "Valley",
    "Basin",
];
/// Words before a name that mark a place ("in Nice"), in the corpus languages.
const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "to",
    "outside",
    "inside",
    "around",
    "across",
    "towards",
    "toward",
    "into",
    "à",
    "en",
    "au",
    "aux",
    "de",
    "près",
    "dans",
    "nach",
    "bei",
    "im",
    "aus",
    "von",
    "cerca",
    "desde",
    "el",
    "в",
    "во",
    "под",
    "из",
    "около",
];

pub struct PlaceMatcher {
    places: Vec<Place>,
    names: Vec<Name>,
    /// Pattern i of the automaton is the folded form of `names[i]`.
    automaton: AhoCorasick,
    /// The phrases before and after a locality the gazetteer lacks, and how many of the
    /// patterns (the first ones) are `before` phrases.
    locality_cues: AhoCorasick,
    locality_before: usize,
    /// The lexicon's attack phrases before an attacked town, and the words that are no town.
    attacked_cues: AhoCorasick,
    not_attacked: HashSet<String>,
    /// The lexicon's direction words of localities ("eastern" in "Dieuze, eastern France").
    directions: Vec<String>,
    /// The lexicon's venue words of localities ("Church" in "Zion Church").
    venues: Vec<String>,
    /// Country code -> its place.
    countries: HashMap<String, usize>,
}

/// Upper-case datelines ("MOSCOW —", "PESHAWAR, Pakistan —", "WASHINGTON (AP) -") in title
/// case, so that the gazetteer's names match them: a line that opens with a run of capitals
/// (at least three letters, at most 40 characters) followed by a comma, a dash or an opening
/// bracket. Character for character, so every offset holds; the mention keeps the text as
/// written.
fn titled_datelines(folded: String) -> String {
    if !folded.split_inclusive('\n').any(|line| dateline_run(after_stamp(line)).is_some()) {
        return folded;
    }
    let mut out = String::with_capacity(folded.len());
    for line in folded.split_inclusive('\n') {
        let body = after_stamp(line);
        let Some(run) = dateline_run(body) else {
            out.push_str(line);
            continue;
        };
        out.push_str(&line[..line.len() - body.len()]);
        let mut word_start = true;
        for c in body[..run].chars() {
            if word_start {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
            word_start = !c.is_alphabetic();
        }
        out.push_str(&body[run..]);
    }
    out
}

/// The length in bytes of the dateline that opens `body`, if it opens with one.
/// A line without its leading spaces and a stored copy's date stamp (" date 2024-06-16 DAKAR
/// (Reuters) -"), which may stand before a dateline.
fn after_stamp(line: &str) -> &str {
    let body = line.trim_start();
    let Some(rest) = body.strip_prefix("date ") else { return body };
    let stamp = rest.split(' ').next().unwrap_or("");
    let iso = stamp.len() >= 7 && stamp.chars().all(|c| c.is_ascii_digit() || c == '-');
    if iso { rest[stamp.len()..].trim_start() } else { body }
}

fn dateline_run(body: &str) -> Option<usize> {
    // Words in capitals ("NEW ORLEANS", "AL-BAYDA", "N'DJAMENA"), up to the first other.
    let capitals = |w: &str| {
        w.chars().any(char::is_alphabetic)
            && w.chars().all(|c| c.is_uppercase() || matches!(c, '-' | '\'' | '.'))
    };
    let mut run = 0;
    let mut at = 0;
    for word in body.split_inclusive(' ') {
        let trimmed = word.trim_end();
        let letters = trimmed.trim_end_matches(',').trim_end_matches('.');
        if !capitals(letters) {
            break;
        }
        run = at + letters.len();
        at += word.len();
        if letters.len() < trimmed.len() {
            break;
        }
    }
    let (head, rest) = body.split_at(run);
    let letters = head.chars().filter(|c| c.is_alphabetic()).count();
    let closes = [",", " -", " –", " —", " ("].iter().any(|m| rest.starts_with(m));
    (letters >= 3
        && head.chars().count() <= 40
        && closes
        && head.chars().all(|c| c.to_lowercase().count() == 1))
    .then_some(run)
}

impl PlaceMatcher {
    /// The gazetteer and lexicon shipped with vigil.
    pub fn builtin() -> PlaceMatcher {
        let lexicon: Lexicon = toml::from_str(PLACES).expect("data/places.toml is valid (tested)");
        PlaceMatcher::new(GAZETTEER, lexicon)
    }

    fn new(gazetteer: &str, lexicon: Lexicon) -> PlaceMatcher {
        let mut places = Vec::new();
        let mut by_name: HashMap<String, Name> = HashMap::default();
        let add = |surface: &str, place: usize, by_name: &mut HashMap<String, Name>| {
            let entry = by_name.entry(fold::fold(surface)).or_default();
            if !entry.places.contains(&place) {
                entry.places.push(place);
            }
        };
        let mut country_index: HashMap<String, usize> = HashMap::default();
        for line in gazetteer.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let Some(row) = GazetteerRow::parse(line) else { continue };
            let index = places.len();
            places.push(Place {
                kind: row.kind,
                country: Some(row.country.to_string()),
                lat: row.lat,
                lon: row.lon,
                population: row.population,
                name: row.name.to_string(),
            });
            if row.kind == Kind::Country {
                country_index.insert(row.country.to_string(), index);
            }
            // Towns under 50,000 are named in Latin script in the reporting vigil reads; the
            // exonyms and case forms of larger places are worth their cost in automaton size.
            let major = row.kind != Kind::City || row.population >= MAJOR_CITY;
            for name in row.names.split('|').filter(|n| !n.is_empty() && (major || is_latin(n))) {
                add(name, index, &mut by_name);
                if major {
                    for form in cyrillic_forms(name) {
                        add(&form, index, &mut by_name);
                    }
                }
                // "auf dem Solinger Stadtfest", "der Berliner Weihnachtsmarkt".
                if row.kind == Kind::City && matches!(row.country, "DE" | "AT" | "CH") && name == row.name {
                    let adjective = german_adjective(name);
                    add(&adjective, index, &mut by_name);
                    by_name.entry(fold::fold(&adjective)).or_default().adjective = true;
                }
                if row.kind == Kind::Region {
                    // "Moscow Oblast" is written "Moscow region" and "the Moscow region".
                    if let Some(base) = region_base(name) {
                        add(base, index, &mut by_name);
                    }
                }
            }
            for name in row.common.split('|').filter(|n| !n.is_empty()) {
                by_name.entry(fold::fold(name)).or_default().ambiguous = true;
            }
        }
        for c in &lexicon.country {
            let Some(&index) = country_index.get(&c.code) else { continue };
            for name in &c.names {
                add(name, index, &mut by_name);
            }
            for d in &c.demonyms {
                for form in [d.clone(), capitalised(d)] {
                    let entry = by_name.entry(fold::fold(&form)).or_default();
                    if !entry.demonym_of.contains(&c.code) {
                        entry.demonym_of.push(c.code.clone());
                    }
                }
            }
        }
        for r in &lexicon.region {
            let index = places.len();
            places.push(Place {
                kind: Kind::Region,
                country: (r.countries.len() == 1).then(|| r.countries[0].clone()),
                lat: r.lat,
                lon: r.lon,
                population: 0,
                name: r.name.clone(),
            });
            for name in r.names.iter().chain([&r.name]) {
                // A named region wins over a same-named town or province: "Sahel" is the
                // region, not Burkina Faso's Sahel province.
                let entry = by_name.entry(fold::fold(name)).or_default();
                entry.places.retain(|&p| places[p].kind == Kind::Country);
                entry.places.push(index);
            }
        }
        for l in &lexicon.landmark {
            // The town: the most populous of that name in that country.
            let town = (0..places.len())
                .filter(|&p| {
                    let p = &places[p];
                    p.kind == Kind::City
                        && p.name == l.city
                        && p.country.as_deref() == Some(l.country.as_str())
                })
                .max_by_key(|&p| places[p].population);
            let Some(town) = town else { continue };
            for name in l.names.iter().chain([&l.name]) {
                let entry = by_name.entry(fold::fold(name)).or_default();
                entry.places = vec![town];
                entry.ambiguous = false;
                // No mention of the town, but where something happened (as "Solinger").
                entry.adjective = true;
            }
        }
        for name in &lexicon.ambiguous.names {
            by_name.entry(fold::fold(name)).or_default().ambiguous = true;
        }
        for name in &lexicon.not_places.names {
            by_name.remove(&fold::fold(name));
        }
        // Ambiguity flags alone (a common word no place uses) match nothing.
        by_name.retain(|_, n| !n.places.is_empty() || !n.demonym_of.is_empty());
        let mut entries: Vec<(String, Name)> = by_name.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let (patterns, names): (Vec<String>, Vec<Name>) = entries.into_iter().unzip();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Both)
            .build(&patterns)
            .expect("place names are plain strings");
        let cues: Vec<String> = lexicon
            .localities
            .before
            .iter()
            .map(|c| format!("{} ", c.trim()))
            // An apposition (", a village") follows the name at once; a noun after a space.
            .chain(lexicon.localities.after.iter().map(|c| {
                if c.starts_with(',') { c.trim_end().to_string() } else { format!(" {}", c.trim()) }
            }))
            .collect();
        let locality_cues = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&cues)
            .expect("locality cues are plain strings");
        let locality_before = lexicon.localities.before.len();
        let attacked_cues = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(lexicon.localities.attacked.iter().map(|c| format!("{} ", c.trim())))
            .expect("attack phrases are plain strings");
        let not_attacked = lexicon.localities.not_attacked.iter().map(|w| fold::fold(w)).collect();
        let directions = lexicon.localities.directions.clone();
        let venues = lexicon.localities.venues.clone();
        PlaceMatcher {
            places,
            names,
            automaton,
            locality_cues,
            locality_before,
            attacked_cues,
            not_attacked,
            directions,
            venues,
            countries: country_index,
        }
    }

    /// The places named in `text`, in order of first mention. `taken` spans (characters) belong
    /// to other names and are skipped.
    pub fn find(&self, text: &str, taken: &[Span]) -> Vec<PlaceFacts> {
        self.find_all(text, taken).0
    }

    /// The places named in `text`, and apart from them the places named by adjectives only
    /// ("auf dem Solinger Stadtfest"): not mentions of a place, but where something happened.
    pub fn find_all(&self, text: &str, taken: &[Span]) -> (Vec<PlaceFacts>, Vec<PlaceFacts>) {
        let folded = titled_datelines(fold::fold(text));
        let mut offsets = CharOffsets::new(&folded);
        let taken = fold::Taken::new(taken);
        let mut hits: Vec<Hit> = Vec::new();
        for m in fold::word_start_matches(&self.automaton, &folded) {
            let (s, e) = (m.start(), m.end());
            if !fold::stands_alone(&folded, s, e) {
                continue;
            }
            let (start, end) = (offsets.of(s), offsets.of(e));
            if taken.overlaps(start, end) {
                continue;
            }
            hits.push(Hit { start, end, byte: (s, e), name: m.pattern().as_usize() });
        }
        // Countries the document names or implies: evidence for choosing among homonyms.
        let mut evidence: HashSet<&str> = HashSet::default();
        for h in &hits {
            let name = &self.names[h.name];
            evidence.extend(name.demonym_of.iter().map(String::as_str));
            if !name.ambiguous {
                for &p in &name.places {
                    if self.places[p].kind == Kind::Country {
                        evidence.extend(self.places[p].country.as_deref());
                    }
                }
            }
        }
        let mut out: Vec<PlaceFacts> = Vec::new();
        let mut adjectival: Vec<PlaceFacts> = Vec::new();
        let mut chosen: Vec<(usize, usize, (usize, Kind), bool)> = Vec::new();
        let dominant = self.dominant_named_country(&hits);
        for h in &hits {
            if let Some(place) = self.judge(&folded, h, &evidence) {
                let place = self.relocated(place, &evidence, dominant);
                // "Borno State", "Kurdistan Region": a capitalised unit word is part of the name.
                let unit = (place.1 == Kind::Region)
                    .then(|| {
                        REGION_UNITS.iter().find(|u| {
                            folded[h.byte.1..]
                                .strip_prefix(**u)
                                .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
                        })
                    })
                    .flatten()
                    .map_or(0, |u| u.len());
                chosen.push((h.start, h.end + unit, place, self.names[h.name].adjective));
            }
        }
        let surface = fold::slices(text, &chosen.iter().map(|&(s, e, _, _)| (s, e)).collect::<Vec<_>>());
        let mut index: HashMap<(usize, Kind, bool, String), usize> = HashMap::default();
        for ((start, end, (place, kind), adjective), text) in chosen.into_iter().zip(surface) {
            let out = if adjective { &mut adjectival } else { &mut out };
            // A town placed in the document's country by `relocated` keeps its own name.
            let own_name =
                (kind == Kind::City && self.places[place].kind == Kind::Country).then(|| text.clone());
            let at = *index
                .entry((place, kind, adjective, own_name.clone().unwrap_or_default()))
                .or_insert_with(|| {
                    let p = &self.places[place];
                    out.push(PlaceFacts {
                        approximate: own_name.is_some(),
                        name: own_name.unwrap_or_else(|| p.name.clone()),
                        kind,
                        country: p.country.clone(),
                        lat: p.lat,
                        lon: p.lon,
                        mentions: Vec::new(),
                    });
                    out.len() - 1
                });
            out[at].mentions.push(Mention { text, start, end });
        }
        self.add_localities(text, &folded, &taken, &mut out);
        (out, adjectival)
    }

    /// Localities the gazetteer lacks, named by a phrase around them ("the village of
    /// Nguida", "the villages of Nkoe and Chicomo", "Dibis district"): placed in the country of
    /// the nearest place named with a country within the same line, or else of the country
    /// the document names most, and at that place's coordinates (an approximation). A name
    /// already read as a place, a group or an organisation is left as it is.
    fn add_localities(&self, text: &str, folded: &str, taken: &fold::Taken, out: &mut Vec<PlaceFacts>) {
        const MOST: usize = 64;
        let mut named: Vec<(usize, usize)> = Vec::new();
        for m in self.locality_cues.find_iter(folded) {
            if named.len() >= MOST {
                break;
            }
            // A cue after the name is a whole word: "villagers" is no "village".
            if m.pattern().as_usize() >= self.locality_before
                && folded[m.end()..].chars().next().is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            if m.pattern().as_usize() < self.locality_before {
                if folded[..m.start()].chars().next_back().is_some_and(|c| c.is_alphanumeric()) {
                    continue;
                }
                named.extend(names_listed_from(folded, m.end()));
            } else if let Some(name) = name_ending_at(folded, m.start()) {
                named.push(name);
            }
        }
        named.extend(self.attacked_localities(folded).into_iter().take(MOST));
        // The byte spans of the known places' mentions, found in one pass over the text.
        let known = mention_bytes(folded, out, 512, |_| true);
        let mut apposed = self.apposed_localities(folded, out, &known);
        apposed.extend(Self::listed_localities(folded, out, &known));
        named.extend(apposed.iter().map(|&(s, e, _)| (s, e)));
        if named.is_empty() {
            return;
        }
        let mut offsets = CharOffsets::new(folded);
        named.sort_unstable();
        named.dedup();
        let spans: Vec<(usize, usize, usize, usize)> =
            named.iter().map(|&(s, e)| (s, e, offsets.of(s), offsets.of(e))).collect();
        let mentioned: Vec<(usize, usize)> =
            out.iter().flat_map(|p| p.mentions.iter().map(|m| (m.start, m.end))).collect();
        let free = |start: usize, end: usize| {
            !taken.overlaps(start, end) && !mentioned.iter().any(|&(s, e)| start < e && s < end)
        };
        let dominant = dominant_country(out);
        let cities: Vec<&(usize, usize, usize)> =
            known.iter().filter(|k| out[k.2].kind == Kind::City && !out[k.2].approximate).collect();
        // Line breaks by character offset.
        let lines: Vec<usize> =
            folded.chars().enumerate().filter(|&(_, c)| c == '\n').map(|(i, _)| i).collect();
        let line_of = |at: usize| lines.partition_point(|&l| l < at);
        let mut found: Vec<PlaceFacts> = Vec::new();
        for (byte_start, byte_end, start, end) in spans {
            if !free(start, end) {
                continue;
            }
            let last_word = folded[byte_start..byte_end].rsplit(' ').next().unwrap_or("");
            if self.venues.iter().any(|v| v == last_word) {
                continue;
            }
            // The country or region written after it ("in Dieuze, eastern France"), else the
            // nearest place named with a country on the same line.
            let apposed_to = apposed.iter().find(|&&(s, _, _)| s == byte_start).map(|&(_, _, p)| &out[p]);
            let line = line_of(start);
            let near = out
                .iter()
                .filter(|p| p.country.is_some())
                .flat_map(|p| p.mentions.iter().map(move |m| (p, m)))
                .filter(|(_, m)| line_of(m.start) == line && m.start.abs_diff(start) <= 300)
                .min_by_key(|(_, m)| m.start.abs_diff(start))
                .map(|(p, _)| p);
            // "St Anthony's Shrine in Kochchikade, Colombo": a part of the city named after it,
            // at the city's place (no approximation).
            let within = folded[byte_end..]
                .starts_with(", ")
                .then(|| cities.iter().find(|c| c.0 == byte_end + 2))
                .flatten()
                .map(|c| &out[c.2]);
            let Some(anchor) = within
                .or(apposed_to)
                .or(near)
                .or_else(|| dominant.and_then(|c| out.iter().find(|p| p.country.as_deref() == Some(c))))
            else {
                continue;
            };
            let surface: String = text.chars().skip(start).take(end - start).collect();
            let mention = Mention { text: surface.clone(), start, end };
            match found.iter_mut().find(|p| p.name == surface) {
                Some(p) => p.mentions.push(mention),
                None => found.push(PlaceFacts {
                    name: surface,
                    kind: Kind::City,
                    country: anchor.country.clone(),
                    lat: anchor.lat,
                    lon: anchor.lon,
                    mentions: vec![mention],
                    approximate: within.is_none(),
                }),
            }
        }
        out.extend(found);
        out.sort_by_key(|p| p.mentions.first().map_or(usize::MAX, |m| m.start));
    }

    /// Names the gazetteer lacks written after a locative and before a country, a region of
    /// one country or a city, set off by a comma ("an attack in Dieuze, eastern France",
    /// "clashes near Kareto, Borno", "a shrine in Kochchikade, Colombo"): (byte start, byte
    /// end, index of that place in `out`).
    /// "the attack on Silgadji", "les attaques de Boulkessi et Mondoro": capitalised names right
    /// after an attack phrase, as byte spans, leaving out people ("Christians"), nationalities
    /// and words that are never towns.
    fn attacked_localities(&self, folded: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for m in self.attacked_cues.find_iter(folded) {
            if folded[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            for (s, e) in names_listed_from(folded, m.end()) {
                let name = &folded[s..e];
                // "the attack on Friday", "an attack on Taylor Swift's concerts".
                let first = name.split(' ').next().unwrap_or("").to_lowercase();
                let calendar = vigil_core::calendar::weekday_number(&first).is_some()
                    || vigil_core::calendar::month_number(&first).is_some();
                let possessive = folded[e..].starts_with("'s") || name.ends_with("'s");
                let people = ["ians", "ists", "ites", "ims"].iter().any(|end| name.ends_with(end))
                    || calendar
                    || possessive;
                let nationality = self
                    .automaton
                    .find(name)
                    .filter(|f| f.start() == 0 && f.end() == name.len())
                    .is_some_and(|f| !self.names[f.pattern().as_usize()].demonym_of.is_empty());
                if !people && !nationality && !self.not_attacked.contains(name) {
                    out.push((s, e));
                }
            }
        }
        out
    }

    fn apposed_localities(
        &self,
        folded: &str,
        out: &[PlaceFacts],
        known: &[(usize, usize, usize)],
    ) -> Vec<(usize, usize, usize)> {
        const MOST: usize = 64;
        // The character starts of the countries and regions named, mapped to bytes in one pass.
        let bytes = known.iter().filter(|k| !out[k.2].approximate).take(MOST * 4).copied();
        let mut found = Vec::new();
        for (at, _, place) in bytes {
            let mut head = folded[..at].trim_end_matches(' ');
            // "eastern France", "north-eastern Nigeria".
            if let Some((rest, word)) = head.rsplit_once(' ')
                && self.directions.iter().any(|d| *d == word.to_lowercase())
            {
                head = rest;
            }
            // "in Dieuze, eastern France", "à Koutougou au Burkina Faso".
            let Some(name_end) = [",", " in", " au", " en"].iter().find_map(|sep| head.strip_suffix(sep))
            else {
                continue;
            };
            let Some((start, end)) = name_ending_at(folded, name_end.trim_end().len()) else { continue };
            let name = &folded[start..end];
            // "killed in January in Iraq": a month or a day is no town.
            if vigil_core::calendar::month_number(name).is_some()
                || vigil_core::calendar::weekday_number(name).is_some()
            {
                continue;
            }
            let before = folded[..start].trim_end();
            let locative = before.rsplit([' ', '\n']).next().unwrap_or("");
            if LOCATIVES.contains(&locative.to_lowercase().as_str()) {
                found.push((start, end, place));
            }
        }
        found
    }

    /// Names the gazetteer lacks listed with places it knows ("government bases at El-Wak,
    /// Bula Gadud, Beled Hawo, and Bariire"): in a list of at least three capitalised names,
    /// two of them known places, or one after a locative, the others are localities near
    /// them. (byte start, byte end, index in `out` of a known place of the list).
    fn listed_localities(
        folded: &str,
        out: &[PlaceFacts],
        known: &[(usize, usize, usize)],
    ) -> Vec<(usize, usize, usize)> {
        const MOST: usize = 64;
        const LONGEST_LIST: usize = 12;
        let known: Vec<(usize, usize, usize)> = known
            .iter()
            .filter(|k| matches!(out[k.2].kind, Kind::City | Kind::Region))
            .take(MOST * 4)
            .copied()
            .collect();
        let is_known = |s: usize| known.iter().any(|&(k, _, _)| k == s);
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for &(start, end, place) in &known {
            if found.len() >= MOST {
                break;
            }
            let mut items = vec![(start, end)];
            // Back to the list's first name, then on to its last.
            let mut first = start;
            while items.len() < LONGEST_LIST {
                let head = &folded[..first];
                let Some(sep) = LIST_SEPARATORS.iter().find(|s| head.ends_with(**s)) else { break };
                let mut item_end = first - sep.len();
                // "Mitumbate (Mutumbate), Palma": the name before its other spelling.
                if let Some(alias) = folded[..item_end].strip_suffix(')')
                    && let Some(open) = alias.rfind(" (").filter(|&o| item_end - o <= 40)
                {
                    item_end = open;
                }
                let Some(item) = name_ending_at(folded, item_end) else { break };
                items.insert(0, item);
                first = item.0;
            }
            let mut last = end;
            while items.len() < LONGEST_LIST {
                let rest = &folded[last..];
                let Some(sep) = LIST_SEPARATORS.iter().find(|s| rest.starts_with(**s)) else { break };
                let Some(item) = name_from(folded, last + sep.len()) else { break };
                items.push(item);
                last = item.1;
            }
            if items.len() < 3 {
                continue;
            }
            let known_items = items.iter().filter(|i| is_known(i.0)).count();
            let before = folded[..first].trim_end();
            let locative = before.rsplit([' ', '\n']).next().unwrap_or("").to_lowercase();
            if known_items < 2 && !(known_items == 1 && LOCATIVES.contains(&locative.as_str())) {
                continue;
            }
            for &(s, e) in items.iter().filter(|i| !is_known(i.0)) {
                if !found.iter().any(|f| f.0 == s) {
                    found.push((s, e, place));
                }
            }
        }
        found
    }

    /// The country the document names most often, by the names of countries and of regions
    /// that lie in one country only (at least twice, and more often than any other).
    fn dominant_named_country(&self, hits: &[Hit]) -> Option<&str> {
        let named = hits.iter().filter_map(|h| {
            let name = &self.names[h.name];
            if name.ambiguous {
                return None;
            }
            let mut countries = name.places.iter().map(|&p| self.places[p].country.as_deref());
            let c = countries.next()??;
            let one_country = countries.all(|other| other == Some(c));
            let listed =
                name.places.iter().any(|&p| matches!(self.places[p].kind, Kind::Country | Kind::Region));
            (one_country && listed).then_some((c, 1))
        });
        leading(named, 2)
    }

    /// A town abroad that the document never places ("Palma" read as Mallorca's, in a report
    /// on Mozambique that names no Spain), when the document is about another country: the
    /// gazetteer lacks the local town, so it is read as a town of that country, at the
    /// country's coordinates. Large cities keep their reading.
    fn relocated(
        &self,
        (place, kind): (usize, Kind),
        evidence: &HashSet<&str>,
        dominant: Option<&str>,
    ) -> (usize, Kind) {
        const LARGE_CITY: u64 = 500_000;
        let p = &self.places[place];
        let (Some(country), Some(dominant)) = (p.country.as_deref(), dominant) else {
            return (place, kind);
        };
        if kind != Kind::City
            || p.population >= LARGE_CITY
            || country == dominant
            || evidence.contains(country)
        {
            return (place, kind);
        }
        match self.countries.get(dominant) {
            Some(&home) => (home, Kind::City),
            None => (place, kind),
        }
    }

    /// The place a hit names, if it names one here, and its kind: a city followed by "region"
    /// or "province" names the region around it ("the Bryansk region").
    fn judge(&self, folded: &str, hit: &Hit, evidence: &HashSet<&str>) -> Option<(usize, Kind)> {
        let name = &self.names[hit.name];
        if name.places.is_empty() {
            return None;
        }
        let (s, e) = hit.byte;
        let before = Context::before(folded, s);
        let after = Context::after(folded, e);
        // Inside a longer capitalised name ("Taylor Swift", "Abbey Gate").
        let only_countries = name.places.iter().all(|&p| self.places[p].kind == Kind::Country);
        // "Ambassador to Switzerland Yusuf Barre": a country after a locative ends there,
        // unless its name is also a given name ("à Dominique Bernard").
        let country_ends = only_countries && before.is_locative() && !name.ambiguous;
        if after.capitalised
            && !PLACE_NOUNS.contains(&after.word)
            && !after.is_region_noun()
            && !name.adjective
            && !country_ends
        {
            return None;
        }
        if before.capitalised && !before.sentence_start && !before.is_locative() {
            return None;
        }
        if name.ambiguous && !only_countries {
            if before.sentence_start {
                return None;
            }
            let supported = name.places.iter().any(|&p| {
                self.places[p].kind != Kind::City
                    || self.places[p].country.as_deref().is_some_and(|c| evidence.contains(c))
            });
            if !before.is_locative() && !supported {
                return None;
            }
        }
        let wants_region = after.is_region_noun();
        // ", Texas": the country (or region) named right after.
        let qualifier: Option<&str> = after.comma_then.as_deref();
        let score = |p: usize| -> f64 {
            let place = &self.places[p];
            let mut score = match place.kind {
                Kind::Country => 9.0,
                Kind::Region => 5.0,
                Kind::City => (place.population.max(1) as f64).log10(),
            };
            if wants_region {
                score += if place.kind == Kind::Region { 10.0 } else { 0.0 };
            } else if place.kind == Kind::Region
                && name.places.iter().any(|&q| self.places[q].kind == Kind::City)
            {
                score -= 3.0;
            }
            if let Some(country) = place.country.as_deref() {
                if evidence.contains(country) {
                    score += 1.5;
                }
                if qualifier.is_some_and(|q| self.qualifies(q, country)) {
                    score += 5.0;
                }
            }
            score
        };
        let best = name.places.iter().copied().max_by(|&a, &b| score(a).total_cmp(&score(b)))?;
        let kind = self.places[best].kind;
        Some((best, if wants_region && kind == Kind::City { Kind::Region } else { kind }))
    }

    /// Whether `word` (the name after a comma) names `country` or one of its regions.
    fn qualifies(&self, word: &str, country: &str) -> bool {
        let Some(found) = self.automaton.find(word) else { return false };
        found.start() == 0
            && self.names[found.pattern().as_usize()].places.iter().any(|&p| {
                self.places[p].kind != Kind::City && self.places[p].country.as_deref() == Some(country)
            })
    }
}

/// The country the document names most often (by mentions of places in it), if one leads.
fn dominant_country(places: &[PlaceFacts]) -> Option<&str> {
    leading(places.iter().filter_map(|p| Some((p.country.as_deref()?, p.mentions.len()))), 1)
}

/// The country with the largest count, when it has at least `least` and more than any other.
fn leading<'a>(counts: impl Iterator<Item = (&'a str, usize)>, least: usize) -> Option<&'a str> {
    let mut totals: Vec<(&str, usize)> = Vec::new();
    for (c, n) in counts {
        match totals.iter_mut().find(|(k, _)| *k == c) {
            Some(k) => k.1 += n,
            None => totals.push((c, n)),
        }
    }
    totals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match totals.as_slice() {
        [(c, n)] if *n >= least => Some(c),
        [(c, n), (_, m), ..] if *n >= least && n > m => Some(c),
        _ => None,
    }
}

/// What joins the names of a list ("El-Wak, Bula Gadud, and Bariire").
const LIST_SEPARATORS: &[&str] = &[", and ", ", ", " and ", " et ", " y ", " und ", " e "];

/// The byte start and end in `folded` of the mentions of the places of `out` that `keep`
/// accepts and that have a country (at most `most`, the earliest), with the place's index:
/// mentions are kept in characters, and are mapped to bytes in one pass over the text.
fn mention_bytes(
    folded: &str,
    out: &[PlaceFacts],
    most: usize,
    keep: impl Fn(&PlaceFacts) -> bool,
) -> Vec<(usize, usize, usize)> {
    let mut chars: Vec<(usize, usize, usize)> = out
        .iter()
        .enumerate()
        .filter(|(_, p)| p.country.is_some() && keep(p))
        .flat_map(|(i, p)| p.mentions.iter().map(move |m| (m.start, m.end, i)))
        .collect();
    chars.sort_unstable();
    chars.truncate(most);
    // Every start and end, in order, to bytes.
    let mut wanted: Vec<usize> = chars.iter().flat_map(|&(s, e, _)| [s, e]).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut bytes = std::collections::HashMap::with_capacity(wanted.len());
    let mut next = 0;
    for (char_at, (byte_at, _)) in folded.char_indices().chain([(folded.len(), ' ')]).enumerate() {
        while next < wanted.len() && wanted[next] == char_at {
            bytes.insert(char_at, byte_at);
            next += 1;
        }
        if next == wanted.len() {
            break;
        }
    }
    chars.into_iter().filter_map(|(s, e, i)| Some((*bytes.get(&s)?, *bytes.get(&e)?, i))).collect()
}

/// Words that open a capitalised run without being a name ("the village of The ...").
const NOT_LOCALITY: &[&str] = &[
    "The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "His", "Her", "Our", "One", "Each",
    "Every", "Another", "Some", "Nearby", "Northern", "Southern", "Eastern", "Western", "Central", "Le",
    "La", "Les", "El", "Los", "Der", "Die", "Das", "Lower", "Upper", "Middle", "Greater", "North", "South",
    "East", "West",
];

/// A capitalised name of one to three words starting at byte `at` of `folded` (byte span).
fn name_from(folded: &str, at: usize) -> Option<(usize, usize)> {
    let mut end = at;
    let mut words = 0;
    let rest = &folded[at..];
    let mut pos = 0;
    while words < 3 {
        let word_len = rest[pos..]
            .char_indices()
            .find(|&(i, c)| !(c.is_alphabetic() || (i > 0 && matches!(c, '-' | '\''))))
            .map_or(rest.len() - pos, |(i, _)| i);
        let word = &rest[pos..pos + word_len];
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if !capital
            || word.chars().filter(|c| c.is_alphabetic()).count() < 2
            || (words == 0 && NOT_LOCALITY.contains(&word))
        {
            break;
        }
        words += 1;
        end = at + pos + word_len;
        pos += word_len;
        if !rest[pos..].starts_with(' ') {
            break;
        }
        pos += 1;
    }
    (words > 0).then_some((at, end))
}

/// The names listed from byte `at`: "Nkoe, Nguida and Chicomo".
fn names_listed_from(folded: &str, at: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = at;
    while out.len() < 8 {
        let Some((s, e)) = name_from(folded, at) else { break };
        out.push((s, e));
        let rest = &folded[e..];
        let next = [", and ", ", ", " and ", " et ", " y ", " und ", " и "]
            .iter()
            .find(|sep| rest.starts_with(**sep));
        match next {
            Some(sep) => at = e + sep.len(),
            None => break,
        }
    }
    out
}

/// The capitalised name ending at byte `end` of `folded` ("Nguida" before " village"), one
/// to three words, not inside a longer run of capitalised words (a Title Case line).
fn name_ending_at(folded: &str, end: usize) -> Option<(usize, usize)> {
    let head = &folded[..end];
    let word_before = |at: usize| -> &str {
        let from = head[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphabetic() || matches!(c, '-' | '\''))
            .last()
            .map_or(at, |(i, _)| i);
        &head[from..at]
    };
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase) && !NOT_LOCALITY.contains(&w);
    let mut start = end;
    let mut words = 0;
    loop {
        let word = word_before(start);
        if !capital(word) || word.chars().count() < 2 {
            break;
        }
        words += 1;
        start -= word.len();
        if words == 3 || !head[..start].ends_with(' ') || !capital(word_before(start - 1)) {
            break;
        }
        start -= 1;
    }
    if words == 0 {
        return None;
    }
    let prev = head[..start].trim_end().rsplit([' ', '\n']).next().unwrap_or("");
    // A capitalised word before a comma is an item of a list, not a part of the name.
    let prev_capital = prev.chars().next().is_some_and(char::is_uppercase)
        && !NOT_LOCALITY.contains(&prev)
        && !prev.ends_with(',');
    (!prev_capital).then_some((start, end))
}

/// Country names and codes, read once: code → gazetteer name, and every folded name, code and
/// demonym → code.
struct CountryIndex {
    names: std::collections::HashMap<String, String>,
    codes: std::collections::HashMap<String, String>,
}

static COUNTRY_INDEX: std::sync::LazyLock<CountryIndex> = std::sync::LazyLock::new(|| {
    let mut index = CountryIndex { names: Default::default(), codes: Default::default() };
    for row in GAZETTEER.lines().filter(|l| l.starts_with("country\t")).filter_map(GazetteerRow::parse) {
        let code = row.country.to_ascii_uppercase();
        index.names.entry(code.clone()).or_insert_with(|| row.name.to_string());
        index.codes.entry(fold::fold_lower(&code)).or_insert_with(|| code.clone());
        for n in row.names.split('|') {
            index.codes.entry(fold::fold_lower(n)).or_insert_with(|| code.clone());
        }
    }
    let lexicon: Option<Lexicon> = toml::from_str(PLACES).ok();
    for c in lexicon.map(|l| l.country).unwrap_or_default() {
        if !index.names.contains_key(&c.code.to_ascii_uppercase()) {
            continue;
        }
        for n in c.names.iter().chain(&c.demonyms) {
            index.codes.entry(fold::fold_lower(n)).or_insert_with(|| c.code.to_ascii_uppercase());
        }
    }
    index
});

/// The ISO code of a country named by its code ("ru"), its name in any language the gazetteer
/// knows ("Russia", "Russie") or a demonym ("Russian"), case-insensitively.
pub fn country_code(name: &str) -> Option<String> {
    COUNTRY_INDEX.codes.get(&fold::fold_lower(name.trim())).cloned()
}

/// The countries an analyst means by a place name: a named region of the places file
/// ("Central Asia", "Sahel", "Khorasan") gives its name and countries, a country its name and
/// code. None for anything else.
pub fn region_countries(name: &str) -> Option<(String, Vec<String>)> {
    let wanted = fold::fold_lower(name.trim());
    let lexicon: Lexicon = toml::from_str(PLACES).ok()?;
    let region = lexicon.region.into_iter().find(|r| {
        !r.countries.is_empty()
            && std::iter::once(&r.name).chain(&r.names).any(|n| fold::fold_lower(n) == wanted)
    });
    if let Some(r) = region {
        return Some((r.name, r.countries));
    }
    let code = country_code(name)?;
    Some((country_name(&code).unwrap_or_else(|| code.clone()), vec![code]))
}

/// A country's name in the gazetteer, by ISO code.
pub fn country_name(code: &str) -> Option<String> {
    COUNTRY_INDEX.names.get(&code.to_ascii_uppercase()).cloned()
}

/// A country's name for display: the gazetteer's, else the code as given.
pub fn country_label(code: &str) -> String {
    country_name(code).unwrap_or_else(|| code.to_string())
}

struct Hit {
    start: usize,
    end: usize,
    byte: (usize, usize),
    name: usize,
}

/// The word next to a hit.
struct Context<'t> {
    word: &'t str,
    capitalised: bool,
    /// The hit opens its sentence (nothing or a sentence end before it).
    sentence_start: bool,
    /// After the hit: ", Word" — the word after a comma.
    comma_then: Option<String>,
}

impl<'t> Context<'t> {
    fn before(text: &'t str, at: usize) -> Context<'t> {
        let head = &text[..at];
        let trimmed = head.trim_end_matches(' ');
        let spaced = trimmed.len() < head.len();
        let word_start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = if spaced { &trimmed[word_start..] } else { "" };
        // The hit opens a sentence when what precedes it (skipping a word it follows directly)
        // is the start of a line or a sentence end.
        let sentence_start = {
            let prefix = if spaced { trimmed } else { head };
            let last = prefix.trim_end_matches(['"', '\'', '«', '(', ' ']).chars().next_back();
            last.is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':' | '…'))
        } || (spaced && {
            let rest = trimmed[..word_start].trim_end_matches(['"', '\'', '«', '(', ' ']);
            rest.chars().next_back().is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':' | '…'))
                && word.chars().next().is_some_and(char::is_uppercase)
        });
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        let opens = capitalised
            && trimmed[..word_start]
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':' | '…' | '"' | '\'' | '«' | '('));
        Context {
            word,
            capitalised,
            sentence_start: sentence_start && (opens || !capitalised),
            comma_then: None,
        }
    }

    fn after(text: &'t str, at: usize) -> Context<'t> {
        let tail = &text[at..];
        // A possessive ends the name: "Istanbul's Atatürk Airport", "Nigeria's Yobe state".
        if tail.strip_prefix("'s").is_some_and(|rest| !rest.starts_with(char::is_alphanumeric)) {
            return Context { word: "", capitalised: false, sentence_start: false, comma_then: None };
        }
        let trimmed = tail.trim_start_matches(' ');
        let spaced = trimmed.len() < tail.len();
        let end =
            trimmed.char_indices().find(|(_, c)| !c.is_alphanumeric()).map_or(trimmed.len(), |(i, _)| i);
        let word = if spaced && tail.len() - trimmed.len() == 1 { &trimmed[..end] } else { "" };
        let comma_then = tail.strip_prefix(", ").map(|rest| rest.chars().take(40).collect::<String>());
        Context {
            word,
            capitalised: word.chars().next().is_some_and(char::is_uppercase),
            sentence_start: false,
            comma_then,
        }
    }

    fn is_locative(&self) -> bool {
        LOCATIVES.iter().any(|l| same_word(l, self.word))
    }

    fn is_region_noun(&self) -> bool {
        REGION_NOUNS.iter().any(|l| same_word(l, self.word))
    }
}

/// One line of the gazetteer.
struct GazetteerRow<'l> {
    kind: Kind,
    country: &'l str,
    lat: f64,
    lon: f64,
    population: u64,
    name: &'l str,
    names: &'l str,
    common: &'l str,
}

impl<'l> GazetteerRow<'l> {
    fn parse(line: &'l str) -> Option<GazetteerRow<'l>> {
        let mut f = line.split('\t');
        let kind = match f.next()? {
            "country" => Kind::Country,
            "region" => Kind::Region,
            "city" => Kind::City,
            _ => return None,
        };
        Some(GazetteerRow {
            kind,
            country: f.next()?,
            lat: f.next()?.parse().ok()?,
            lon: f.next()?.parse().ok()?,
            population: f.next()?.parse().ok()?,
            name: f.next()?,
            names: f.next()?,
            common: f.next().unwrap_or(""),
        })
    }
}

/// "Moscow Oblast" → "Moscow"; "Kerman" → none.
fn region_base(name: &str) -> Option<&str> {
    const SUFFIXES: &[&str] = &[
        " Oblast",
        " Province",
        " Region",
        " Governorate",
        " Krai",
        " Prefecture",
        " State",
        " District",
        " Department",
        " Voivodeship",
        " Autonomous Okrug",
    ];
    SUFFIXES.iter().find_map(|s| name.strip_suffix(s)).filter(|b| b.chars().count() >= 3)
}

/// The German adjective of a town's name: "Solingen" → "Solinger", "Berlin" → "Berliner".
fn german_adjective(name: &str) -> String {
    match name.strip_suffix("ingen") {
        Some(stem) => format!("{stem}inger"),
        None => format!("{name}er"),
    }
}

/// Russian case forms of a Cyrillic name ("Москва" → "Москве", "Москву", "Москвы", ...).
fn cyrillic_forms(name: &str) -> Vec<String> {
    if name.contains(' ') || !name.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)) {
        return Vec::new();
    }
    let Some(last) = name.chars().next_back() else { return Vec::new() };
    let stem: String = {
        let mut chars = name.chars();
        chars.next_back();
        chars.collect()
    };
    let endings: &[&str] = match last {
        'а' => &["ы", "е", "у", "ой", "и"],
        'я' if stem.ends_with('и') => &["и", "ю", "ей"],
        'я' => &["и", "е", "ю", "ей"],
        'ь' => &["и", "ью", "я", "е", "ю"],
        'й' => &["я", "е", "ю", "ем"],
        'о' | 'е' | 'и' | 'ы' | 'у' | 'ю' => return Vec::new(),
        _ => return ["а", "е", "у", "ом"].iter().map(|e| format!("{name}{e}")).collect(),
    };
    endings.iter().map(|e| format!("{stem}{e}")).collect()
}

fn is_latin(name: &str) -> bool {
    name.chars().all(|c| !c.is_alphabetic() || (c as u32) < 0x250 || ('\u{1e00}'..='\u{1eff}').contains(&c))
}

/// A lower-case lexicon word and a word of the text, case aside, without allocating.
fn same_word(lexicon: &str, word: &str) -> bool {
    lexicon.chars().count() == word.chars().count()
        && lexicon.chars().zip(word.chars()).all(|(a, b)| b.to_lowercase().eq(std::iter::once(a)))
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn regions_and_countries_for_filters() {
        let (name, countries) = region_countries("central asia").unwrap();
        assert_eq!(name, "Central Asia");
        assert!(
            countries.contains(&"TJ".to_string()) && countries.contains(&"UZ".to_string()),
            "{countries:?}"
        );
        assert_eq!(region_countries("Russia").unwrap().1, vec!["RU".to_string()]);
        assert_eq!(region_countries("Atlantis"), None);
    }

    use std::sync::LazyLock;

    use super::*;

    static MATCHER: LazyLock<PlaceMatcher> = LazyLock::new(PlaceMatcher::builtin);

    fn places(text: &str) -> Vec<(String, String, Option<String>)> {
        MATCHER
            .find(text, &[])
            .into_iter()
            .flat_map(|p| {
                p.mentions
                    .into_iter()
                    .map(move |m| (m.text, format!("{:?}", p.kind).to_lowercase(), p.country.clone()))
            })
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        places(text).into_iter().map(|p| p.0).collect()
    }

    fn some(code: &str) -> Option<String> {
        Some(code.to_string())
    }

    /// (name, country) of each place found.
    fn named(text: &str) -> Vec<(String, Option<String>)> {
        MATCHER.find(text, &[]).into_iter().map(|p| (p.name, p.country)).collect()
    }

    #[test]
    fn upper_case_datelines_are_places_as_written() {
        let text =
            "NEW ORLEANS — A truck drove into a crowd.\nPESHAWAR, Pakistan (Reuters) - A blast hit a mosque.";
        let found = MATCHER.find(text, &[]);
        let written: Vec<(&str, &str)> = found
            .iter()
            .flat_map(|p| p.mentions.iter().map(move |m| (p.name.as_str(), m.text.as_str())))
            .collect();
        assert!(written.contains(&("New Orleans", "NEW ORLEANS")), "{written:?}");
        assert!(written.contains(&("Peshawar", "PESHAWAR")), "{written:?}");
        // A stored copy's date stamp may stand before the dateline; "Borno State" is one name.
        let text = " date 2025-02-03 MAIDUGURI, Nigeria (AFP) - Gunmen raided a camp in Borno State.";
        let found = MATCHER.find(text, &[]);
        let written: Vec<&str> =
            found.iter().flat_map(|p| p.mentions.iter().map(|m| m.text.as_str())).collect();
        assert_eq!(written, ["MAIDUGURI", "Nigeria", "Borno State"]);
        for m in found.iter().flat_map(|p| &p.mentions) {
            assert_eq!(Span::new(m.start, m.end).slice(text), Some(m.text.as_str()));
        }
        // Capitals elsewhere, or not followed by a comma, dash or bracket, are no dateline.
        assert!(named("BREAKING NEWS: the market in Kabul reopened.").iter().all(|p| p.0 == "Kabul"));
        assert!(named("A report from PESHAWAR came late.").iter().all(|p| p.0 != "Peshawar"));
    }

    #[test]
    fn localities_the_gazetteer_lacks_are_read_from_the_phrase_around_them() {
        let found = named(
            "Insurgents raided the villages of Xalunda and Moroveia in Cabo Delgado province, Mozambique, on Friday.",
        );
        assert!(found.contains(&("Xalunda".into(), some("MZ"))), "{found:?}");
        assert!(found.contains(&("Moroveia".into(), some("MZ"))), "{found:?}");
        let found = named("Gunmen attacked Quorvanti village in Borno State, Nigeria.");
        assert!(found.contains(&("Quorvanti".into(), some("NG"))), "{found:?}");
        // No country on the line and none the document leads with: no place.
        assert!(!named("They fled the village of Xalunda.").iter().any(|p| p.0 == "Xalunda"));
        // A cue is a whole word: "Four villagers" names no village.
        let found = named("Four villagers were killed near Palma in Cabo Delgado, Mozambique.");
        assert!(!found.iter().any(|p| p.0 == "Four"), "{found:?}");
        // A Title Case heading is no phrase around a name.
        assert!(
            !named("Attack On Quorvanti Village Leaves Dozens Dead In Nigeria")
                .iter()
                .any(|p| p.0 == "Quorvanti")
        );
    }

    #[test]
    fn towns_set_off_before_a_country_or_listed_with_known_places_are_localities() {
        // A name between a locative and a country, set off by a comma.
        let found = named("A man wounded a guard in Vellebrune, eastern France, on Tuesday.");
        assert!(found.contains(&("Vellebrune".into(), some("FR"))), "{found:?}");
        // Without the locative, a name before a country is not read as a town.
        assert!(!named("Durand, France's envoy, left.").iter().any(|p| p.0 == "Durand"));
        // Listed with two places the gazetteer knows.
        let found = named("Raids hit Kismayo, Qorvelle, Baidoa and Marrabuto in Somalia.");
        for town in ["Qorvelle", "Marrabuto"] {
            assert!(found.contains(&(town.into(), some("SO"))), "{town}: {found:?}");
        }
        // A building in the list, and a modifier alone, are no towns.
        let found =
            named("Bombs struck Zion Church, Colombo and Negombo; Lower and Middle Juba saw clashes.");
        assert!(!found.iter().any(|p| p.0 == "Zion Church" || p.0 == "Lower"), "{found:?}");
        // A neighbourhood written with its city is at the city, not an approximation.
        let places =
            MATCHER.find("The bomb went off at a shrine in Veldapitiya, Colombo, that morning.", &[]);
        let part = places.iter().find(|p| p.name == "Veldapitiya").expect("the neighbourhood is read");
        assert!(!part.approximate && part.country.as_deref() == Some("LK"), "{part:?}");
        // A list item with another spelling in brackets, and an item after a comma in the list.
        let found = named("Towns such as Kismayo, Dervanle (Dervanli), Baidoa, Qorvelle and Marrabuto fell.");
        for town in ["Dervanle", "Qorvelle", "Marrabuto"] {
            assert!(found.contains(&(town.into(), some("SO"))), "{town}: {found:?}");
        }
        // "in" or "au" instead of the comma; a month is no town.
        let found = named("Le butin emporté à Vorgadou au Burkina Faso.");
        assert!(found.contains(&("Vorgadou".into(), some("BF"))), "{found:?}");
        assert!(!named("Many were killed in January in Iraq.").iter().any(|p| p.0 == "January"));
        // Other cues: an area, a camp, an apposition.
        let found = named("Soldiers were killed in the Tansoga area of Burkina Faso.");
        assert!(found.contains(&("Tansoga".into(), some("BF"))), "{found:?}");
        let found = named("Gunmen attacked Ruwandi, a village in Borno State, Nigeria, on Monday.");
        assert!(found.contains(&("Ruwandi".into(), some("NG"))), "{found:?}");
    }

    #[test]
    fn a_small_town_abroad_that_the_document_never_places_is_read_in_its_country() {
        // A report on Mozambique that never names Spain: its "Palma" is the Mozambican town.
        let found = named(
            "Fighting in Mozambique spread north. In Cabo Delgado, insurgents returned to Palma last week.",
        );
        assert!(found.contains(&("Palma".into(), some("MZ"))), "{found:?}");
        // Where Spain is named, Palma stays Spanish.
        let found = named("Police in Spain said the suspect was arrested in Palma, on Mallorca.");
        assert!(found.iter().any(|p| p.0 == "Palma" && p.1 == some("ES")), "{found:?}");
    }

    #[test]
    fn the_lexicon_parses() {
        let lexicon: Lexicon = toml::from_str(PLACES).unwrap();
        assert!(lexicon.country.len() >= 40);
        assert!(lexicon.region.iter().any(|r| r.name == "Sahel"));
    }

    #[test]
    fn landmarks_place_what_happened_in_their_town() {
        let (found, located) = MATCHER.find_all("The stabbing at Bondi Beach shocked the town.", &[]);
        assert!(found.is_empty(), "a landmark is no mention of a place: {found:?}");
        let located: Vec<(&str, Option<&str>)> =
            located.iter().map(|p| (p.name.as_str(), p.country.as_deref())).collect();
        assert_eq!(located, [("Sydney", Some("AU"))]);
    }

    #[test]
    fn german_town_adjectives_name_the_town() {
        let (found, adjectival) = MATCHER.find_all("Nach dem Messerangriff auf dem Solinger Stadtfest.", &[]);
        assert!(found.is_empty(), "an adjective is no mention of the town");
        assert_eq!(adjectival.len(), 1);
        assert_eq!(
            (adjectival[0].name.as_str(), adjectival[0].mentions[0].text.as_str()),
            ("Solingen", "Solinger")
        );
    }

    #[test]
    fn a_possessive_ends_the_name() {
        assert_eq!(
            texts("The bombing at Istanbul’s Atatürk Airport and the raid in Nigeria's Yobe state."),
            vec!["Istanbul", "Nigeria", "Yobe"]
        );
    }

    #[test]
    fn cities_countries_and_regions() {
        let found = places("Gunmen attacked Crocus City Hall in Krasnogorsk, near Moscow, Russia.");
        assert_eq!(
            found,
            vec![
                ("Krasnogorsk".into(), "city".into(), some("RU")),
                ("Moscow".into(), "city".into(), some("RU")),
                ("Russia".into(), "country".into(), some("RU")),
            ]
        );
        let found = places("Four men were detained in the Bryansk region. The Sahel is next.");
        assert_eq!(found[0], ("Bryansk".into(), "region".into(), some("RU")));
        assert_eq!(found[1], ("Sahel".into(), "region".into(), None));
    }

    #[test]
    fn homonyms_follow_context_and_population() {
        assert_eq!(places("They met in Paris on Friday.")[0].2, some("FR"));
        assert_eq!(places("The film is set in Paris, Texas, a small town.")[0].2, some("US"));
        assert_eq!(places("Protests in Georgia continued.")[0].2, some("GE"));
    }

    #[test]
    fn names_inside_other_names_and_common_words() {
        assert!(texts("Taylor Swift cancelled her shows.").is_empty());
        assert!(texts("March was quiet. Police said nothing. They deal in cash.").is_empty());
        assert_eq!(texts("The Manchester Arena bombing killed 22."), vec!["Manchester"]);
        assert_eq!(texts("In Kabul, the Taliban said so."), vec!["Kabul"]);
    }

    #[test]
    fn countries_resolve_by_code_name_and_demonym() {
        for name in ["RU", "ru", "Russia", "Russie", "Russian Federation", "Russian"] {
            assert_eq!(country_code(name).as_deref(), Some("RU"), "{name}");
        }
        assert_eq!(country_code("Atlantis"), None);
        assert_eq!(country_name("af").as_deref(), Some("Afghanistan"));
    }

    #[test]
    fn demonyms_are_evidence_not_places() {
        assert!(texts("Four Tajik nationals were charged.").is_empty());
    }

    #[test]
    fn taken_spans_and_inflections() {
        let text = "Islamic State Khorasan Province struck Kabul.";
        let found = MATCHER.find(text, &[Span::new(0, 31)]);
        assert_eq!(found.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["Kabul"]);
        assert_eq!(texts("Теракт в Москве."), vec!["Москве"]);
        for (i, p) in MATCHER.find("Terror in München und Köln.", &[]).iter().enumerate() {
            assert_eq!(p.country.as_deref(), Some("DE"), "{i}");
        }
    }
}
