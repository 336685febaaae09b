//! People: named individuals, with the role and affiliation the document gives them and every
//! mention (full name, surname, title + surname).
//!
//! Rules, applied sentence by sentence over word tokens:
//! - A name is a run of 1–4 capitalised words (any script), with particles inside ("al-",
//!   "bin", "van", "de") and initials ("Issa al H."). A run stops at a stop word (months,
//!   demonyms, "Islamic", "State", openers) and at a span `taken` by another fact. A run holding
//!   an organisation or place word ("Institute", "Street", "Hall") is no person at all, nor is
//!   one followed by an acronym in brackets ("Parquet national (PNAT)").
//! - The first word of a sentence (or of a quotation) starts no name when the document also
//!   writes it in lower case ("However", "The", "Officials").
//! - A run is a person when there is evidence: a title or honorific before it ("Dr.",
//!   "Interior Minister"), a role noun before it ("RUSI analyst X", "Moscow's mayor, X"), an
//!   apposition with a role noun after it ("X, a senior research fellow at Y"), or a speech verb
//!   next to it ("X said", "said X", "according to X"), or a byline ("By X", "Map by X and Y",
//!   "Contributor: X", "— X"). Without evidence, a run of 2–4 words is a person only when its
//!   first word is a given name the document does not also write in lower case, or none of its
//!   words is written in lower case anywhere and it stands in running text; never on a Title
//!   Case line (a headline, heading or menu); and not when an article or a place preposition
//!   stands before it ("the White House", "in New Orleans") or it is wholly inside quotation
//!   marks (a venue or a title).
//! - A title inside a run that is no name as a whole starts the name after it ("Armed Forces
//!   Minister X"). Words run together ("ChadNorthern") and initials alone ("D.C.") are no
//!   names; a generational suffix ("Jr.") is part of one.
//! - A single word is a person only after a title ("Mr Abrini"); otherwise it is a later short
//!   reference to a full name already found, linked to that person: its last word(s)
//!   ("Giustozzi", "El Bakraoui"). A name that is the tail of a longer one is the same person.
//! - Role: the apposition's role phrase without its "at ORG" part, else the title. Affiliation:
//!   the organisation after "at/of/with …" in the apposition, or the capitalised words just
//!   before a role noun ("RUSI analyst").
//!
//! Mentions carry the name without title; offsets are characters.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::{Deserialize, Serialize};
use vigil_core::Span;

use crate::fold;
use crate::groups::Mention;

const BUILTIN: &str = include_str!("../data/people.toml");
/// Given names from a public name dictionary (`cargo xtask given-names`; GFDL, see its header).
const GIVEN_NAMES: &str = include_str!("../data/given-names.txt");

/// Longest name, in words, that is taken for a person's name.
const MAX_NAME_WORDS: usize = 4;
/// Longest apposition, in tokens, read after a name.
const MAX_APPOSITION: usize = 24;

/// A person named in a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    /// The fullest form of the name, without title.
    pub name: String,
    pub role: Option<String>,
    pub affiliations: Vec<String>,
    pub mentions: Vec<Mention>,
}

#[derive(Deserialize)]
struct LexiconFile {
    honorifics: Vec<String>,
    titles: Vec<String>,
    roles: Vec<String>,
    role_suffixes: Vec<String>,
    speech_verbs: Vec<String>,
    particles: Vec<String>,
    stop_words: Vec<String>,
    org_words: Vec<String>,
    articles: Vec<String>,
    pronouns: Vec<String>,
    collective_pronouns: Vec<String>,
    group_nouns: Vec<String>,
    place_prepositions: Vec<String>,
    affiliation_prepositions: Vec<String>,
    connectors: Vec<String>,
    separable_speech_verbs: Vec<(String, String)>,
    description_ends: Vec<String>,
    #[serde(default)]
    given_names: Vec<String>,
}

/// Multi-word phrases matched token by token: first word -> the phrases, longest first.
#[derive(Default)]
pub(crate) struct Phrases {
    by_first: HashMap<String, Vec<Vec<String>>>,
}

impl Phrases {
    fn new(entries: &[String]) -> Phrases {
        let mut by_first: HashMap<String, Vec<Vec<String>>> = HashMap::default();
        for entry in entries {
            let words: Vec<String> = entry.split_whitespace().map(fold::fold_lower).collect();
            if let Some(first) = words.first() {
                by_first.entry(first.clone()).or_default().push(words);
            }
        }
        for phrases in by_first.values_mut() {
            phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        Phrases { by_first }
    }

    /// The number of tokens of the longest phrase starting at `tokens[at]`; a full stop
    /// between words of an entry ("Lt. Col.") is skipped.
    pub(crate) fn at(&self, tokens: &[Token], at: usize) -> Option<usize> {
        let first = tokens.get(at).filter(|t| t.word)?;
        let phrases = self.by_first.get(&first.lower)?;
        phrases.iter().find_map(|p| {
            let mut k = at + 1;
            for word in &p[1..] {
                if tokens.get(k).is_some_and(|t| t.lower == ".") {
                    k += 1;
                }
                if tokens.get(k).is_none_or(|t| &t.lower != word) {
                    return None;
                }
                k += 1;
            }
            Some(k - at)
        })
    }

    /// Whether a phrase ends exactly at token `end` (exclusive); its start when it does.
    pub(crate) fn ending_at(&self, tokens: &[Token], end: usize) -> Option<usize> {
        (end.saturating_sub(4)..end).find(|&s| self.at(tokens, s) == Some(end - s))
    }
}

/// A word or a punctuation mark, in characters of the document.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    /// Folded, lower case.
    pub lower: String,
    pub word: bool,
    /// Starts with a capital letter (after an "al-" or "l'" prefix) and is not all capitals.
    pub cap: bool,
    /// Starts with an elided article ("l'Institut", "d'Arras").
    pub elided: bool,
}

/// The lexicons, built once.
pub struct PeopleFinder {
    honorifics: Phrases,
    titles: Phrases,
    pub(crate) roles: Phrases,
    role_suffixes: Vec<String>,
    pub(crate) speech_verbs: Phrases,
    particles: HashSet<String>,
    stop_words: HashSet<String>,
    org_words: HashSet<String>,
    pub(crate) articles: HashSet<String>,
    pub(crate) pronouns: HashSet<String>,
    /// Pronouns for the last group or organisation named.
    pub(crate) collective_pronouns: HashSet<String>,
    /// Nouns for the last armed group named, after an article (folded, words joined by spaces).
    pub(crate) group_nouns: HashSet<String>,
    place_prepositions: HashSet<String>,
    affiliation_prepositions: HashSet<String>,
    connectors: HashSet<String>,
    /// Speech verbs whose particle comes after the speaker ("teilte Amaq mit"): (verb, particle).
    pub(crate) separable_speech_verbs: Vec<(String, String)>,
    /// Words that end a speaker's description ("die Polizei am Abend").
    pub(crate) description_ends: HashSet<String>,
    /// Given names: the first word of a name that has no other evidence must be one.
    given_names: HashSet<String>,
}

/// A name found in one place, with what was said of it there.
#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    words: Vec<String>,
    role: Option<String>,
    affiliation: Option<String>,
    /// A title, role, apposition or speech verb says this is a person.
    evidence: bool,
    /// Written where places are ("in X", "the X").
    placed: bool,
    /// Follows "also known as": another name of the person named just before.
    alias: bool,
}

/// The document-wide facts the judgement of a name needs.
struct Document<'a> {
    chars: &'a [char],
    /// Words the document writes in lower case.
    vocabulary: HashSet<&'a str>,
    /// Nouns are capitalised (German): a bare capitalised pair is no evidence of a name.
    capitalised_nouns: bool,
}

/// What stands before a name run.
struct Before {
    title: Option<String>,
    honorific: bool,
}

impl PeopleFinder {
    pub fn builtin() -> PeopleFinder {
        let file: LexiconFile =
            toml::from_str(BUILTIN).expect("the shipped people lexicon is valid (a test checks it)");
        let set = |v: &[String]| v.iter().map(|s| fold::fold_lower(s)).collect::<HashSet<_>>();
        PeopleFinder {
            honorifics: Phrases::new(&file.honorifics),
            titles: Phrases::new(&file.titles),
            roles: Phrases::new(&file.roles),
            role_suffixes: file.role_suffixes.iter().map(|s| fold::fold_lower(s)).collect(),
            speech_verbs: Phrases::new(&file.speech_verbs),
            particles: set(&file.particles),
            stop_words: set(&file.stop_words),
            org_words: set(&file.org_words),
            articles: set(&file.articles),
            pronouns: set(&file.pronouns),
            collective_pronouns: set(&file.collective_pronouns),
            group_nouns: set(&file.group_nouns),
            place_prepositions: set(&file.place_prepositions),
            affiliation_prepositions: set(&file.affiliation_prepositions),
            connectors: set(&file.connectors),
            description_ends: set(&file.description_ends),
            separable_speech_verbs: file
                .separable_speech_verbs
                .iter()
                .map(|(v, p)| (fold::fold_lower(v), fold::fold_lower(p)))
                .collect(),
            given_names: GIVEN_NAMES
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .map(fold::fold_lower)
                .chain(file.given_names.iter().map(|s| fold::fold_lower(s)))
                .collect(),
        }
    }

    /// The people named in `text`, in order of first mention.
    /// `taken`: character spans already claimed by other names (groups, places).
    pub fn find(&self, text: &str, sentences: &[Span], taken: &[Span]) -> Vec<Person> {
        let chars: Vec<char> = text.chars().collect();
        let mut taken: Vec<Span> = taken.to_vec();
        taken.sort_by_key(|s| s.start);
        let sentence_tokens: Vec<Vec<Token>> = sentences
            .iter()
            .map(|s| tokenize(&chars, s.start.min(chars.len()), s.end.min(chars.len())))
            .collect();
        let shapes: Vec<Shape> = sentence_tokens.iter().map(|t| Shape::of(t)).collect();
        let doc = Document {
            chars: &chars,
            vocabulary: lower_case_words(&sentence_tokens),
            capitalised_nouns: capitalised_nouns(&sentence_tokens, &shapes),
        };
        let mut candidates = Vec::new();
        for (tokens, shape) in sentence_tokens.iter().zip(&shapes) {
            self.candidates(&doc, tokens, shape, &taken, &mut candidates);
        }
        let mut people = merge(&chars, candidates);
        self.short_references(&chars, &sentence_tokens, &taken, &mut people);
        people
    }

    /// Every person-like name run of one sentence.
    fn candidates(
        &self,
        doc: &Document,
        tokens: &[Token],
        shape: &Shape,
        taken: &[Span],
        out: &mut Vec<Candidate>,
    ) {
        let mut i = 0;
        while i < tokens.len() {
            let (before, name_start) = self.title_at(tokens, i);
            let titled = before.title.is_some() || before.honorific || self.apposed(tokens, name_start);
            let Some(run_end) = self.run_end(doc.chars, tokens, name_start, taken, titled) else {
                i += 1;
                continue;
            };
            let next = run_end.max(i + 1);
            match self.judge(doc, tokens, shape, name_start, run_end, before) {
                Some(c) => out.push(c),
                // "Armed Forces Minister Hélène Varnier": an office's words before a title make
                // the run no name as a whole; the name starts after the title.
                None if !titled => {
                    if let Some(k) = (name_start + 1..run_end).find(|&k| self.titles.at(tokens, k).is_some())
                    {
                        i = k;
                        continue;
                    }
                }
                None => {}
            }
            i = next;
        }
    }

    /// A title or honorific starting at `i` and followed by a name: what it is, and where the
    /// name starts.
    fn title_at(&self, tokens: &[Token], i: usize) -> (Before, usize) {
        let none = Before { title: None, honorific: false };
        for (phrases, honorific) in [(&self.titles, false), (&self.honorifics, true)] {
            if let Some(n) = phrases.at(tokens, i) {
                let mut start = i + n;
                if tokens.get(start).is_some_and(|t| t.lower == ".") {
                    start += 1;
                }
                // "Interior Minister Gérald Darmanin": a longer title wins over its start.
                let (inner, inner_start) = self.title_at(tokens, start);
                if inner.title.is_some() || inner.honorific {
                    return (
                        Before {
                            title: inner.title.or_else(|| (!honorific).then(|| joined(tokens, i, i + n))),
                            honorific: true,
                        },
                        inner_start,
                    );
                }
                if tokens.get(start).is_some_and(|t| t.cap && !self.stop_words.contains(&t.lower))
                    || self.given_name_after_title(tokens, start)
                {
                    let title = (!honorific).then(|| joined(tokens, i, i + n));
                    return (Before { title, honorific }, start);
                }
            }
        }
        (none, i)
    }

    /// A given name that is also a stop word ("Christian", "Florence"), followed by another
    /// capitalised word: it may start a name right after a title ("Prosecutor Christian X").
    fn given_name_after_title(&self, tokens: &[Token], at: usize) -> bool {
        tokens.get(at).is_some_and(|t| t.cap && self.given_names.contains(&t.lower))
            && tokens.get(at + 1).is_some_and(|t| t.cap && !self.stop_words.contains(&t.lower))
    }

    /// "Avril Dunmore, director of the institute": a given name that is also a stop
    /// word, a surname, then a role in apposition.
    fn apposed(&self, tokens: &[Token], at: usize) -> bool {
        let role_at = |k: usize| {
            let k = if tokens.get(k).is_some_and(|t| self.articles.contains(&t.lower)) { k + 1 } else { k };
            self.roles.at(tokens, k).is_some()
        };
        self.given_name_after_title(tokens, at)
            && tokens.get(at + 2).is_some_and(|t| t.lower == ",")
            && role_at(at + 3)
    }

    /// The end of the name run starting at `i`, when a capitalised word starts there.
    /// `titled`: a title stands before `i`, so a given name may start the run even where it is
    /// also a stop word.
    fn run_end(
        &self,
        chars: &[char],
        tokens: &[Token],
        i: usize,
        taken: &[Span],
        titled: bool,
    ) -> Option<usize> {
        let usable = |j: usize| {
            tokens.get(j).is_some_and(|t| {
                t.cap
                    && !t.elided
                    && !glued(&chars[t.start..t.end])
                    && (!self.stop_words.contains(&t.lower)
                        || titled && j == i && self.given_name_after_title(tokens, j))
                    && self.speech_verbs.at(tokens, j) != Some(1)
                    && (t.end - t.start > 1 || tokens.get(j + 1).is_some_and(|n| n.lower == "."))
                    && !overlaps(taken, t)
            })
        };
        if !usable(i) {
            return None;
        }
        let mut j = i + 1;
        loop {
            match tokens.get(j) {
                _ if usable(j) => j += 1,
                Some(t) if t.lower == "." && is_initial(&tokens[j - 1]) => j += 1,
                Some(t) if self.particles.contains(&t.lower) && usable(j + 1) => j += 1,
                _ => break,
            }
        }
        Some(generational_suffix(tokens, j))
    }

    /// The run `[start, end)` as a candidate person, when it is one.
    fn judge(
        &self,
        doc: &Document,
        tokens: &[Token],
        shape: &Shape,
        mut start: usize,
        mut end: usize,
        before: Before,
    ) -> Option<Candidate> {
        let chars = doc.chars;
        // "By Lena Voss Lena Voss is a writer": a byline and the bio that repeats it, or a name
        // repeated by a page's headings.
        for times in [3, 2] {
            let len = (end - start) / times;
            if len > 0
                && (end - start).is_multiple_of(times)
                && (len..end - start).all(|k| tokens[start + k].lower == tokens[start + k % len].lower)
            {
                end = start + len;
                break;
            }
        }
        if self.organisation_like(chars, tokens, start, end) {
            return None;
        }
        let titled = before.title.is_some() || before.honorific;
        if !titled && opens_sentence(tokens, start) && doc.vocabulary.contains(tokens[start].lower.as_str()) {
            start += 1;
        }
        // "Sprecher des Innenministeriums": a role noun and an office, with no given name, is a
        // description, not a name.
        let head = if self.articles.contains(&tokens[start].lower) { start + 1 } else { start };
        if !titled
            && head < end
            && self.roles.at(tokens, head).is_some()
            && !tokens[start..end].iter().any(|t| t.cap && self.given_names.contains(&t.lower))
        {
            return None;
        }
        // "le suspect de Lyon Karim Belkacem": after a lower-case word, a word that is no
        // given name before one that is, in a longer run, is a place before the name.
        if !titled
            && end - start >= 3
            && start > 0
            && tokens[start - 1].word
            && !tokens[start - 1].cap
            && !self.given_names.contains(&tokens[start].lower)
            && self.given_names.contains(&tokens[start + 1].lower)
        {
            start += 1;
        }
        let names = tokens[start..end].iter().filter(|t| t.cap).count();
        if names == 0 || names > MAX_NAME_WORDS || self.is_title(tokens, start, end) {
            return None;
        }
        // "Report Date: …", "Basic Facts: …": a label opening its line is no name.
        if tokens.get(end).is_some_and(|t| t.lower == ":") && start <= shape.first_uncapitalised {
            return None;
        }
        // "D.C.", "U.S.": initials alone are no name.
        if tokens[start..end].iter().filter(|t| t.word).all(is_initial) {
            return None;
        }
        let words: Vec<String> =
            tokens[start..end].iter().filter(|t| t.word).map(|t| t.lower.clone()).collect();
        let (role, affiliation) = self.apposition(chars, tokens, end);
        let (role_before, affiliation_before) = self.role_before(chars, tokens, start);
        let spoken = self.speech_verbs.ending_at(tokens, start).is_some() || self.speaks_after(tokens, end);
        let initial = tokens[end - 1].lower == ".";
        // "[File: Luc Moreau/Reuters]": a photo credit names its photographer.
        let credit = tokens.get(end).is_some_and(|t| t.lower == "/");
        let byline = byline(tokens, shape, start, 0);
        let evidence =
            titled || role.is_some() || role_before.is_some() || spoken || initial || credit || byline;
        // "his brother, Hashem, was": one name set off after a role noun.
        let set_off = names == 1
            && role_before.is_some()
            && start > 0
            && tokens[start - 1].lower == ","
            && tokens.get(end).is_some_and(|t| t.lower == ",");
        let inside_name = self.inside_longer_name(tokens, start);
        let bare = names >= 2
            && !doc.capitalised_nouns
            && !inside_name
            && (byline || !shape.title_case)
            && (self.given_first(doc, &tokens[start])
                || unknown_words_in_prose(doc, tokens, shape, start, end));
        // A title before one capitalised noun is no name where all nouns are capitalised.
        let titled_single = titled && !doc.capitalised_nouns;
        if !(evidence && (names >= 2 || titled_single) || bare || set_off) {
            return None;
        }
        Some(Candidate {
            start: tokens[start].start,
            end: tokens[end - 1].end,
            words,
            role: role.or(before.title.map(|t| t.to_lowercase())).or(role_before),
            affiliation: affiliation.or(affiliation_before),
            evidence: evidence || set_off,
            placed: self.place_like(tokens, start, end),
            alias: also_known_as(tokens, start),
        })
    }

    /// The run, or the capitalised words right after it, hold an organisation or place word
    /// ("Hamid Karzai International Airport", "St Anthony's Shrine", "Cinnamon Grand hotel"),
    /// or an acronym in brackets follows it ("Parquet national (PNAT)").
    fn organisation_like(&self, chars: &[char], tokens: &[Token], start: usize, end: usize) -> bool {
        let org = |t: &Token| self.org_words.contains(&t.lower);
        if tokens[start..end].iter().any(org) || acronym_after(chars, tokens, start, end) {
            return true;
        }
        let possessive = tokens.get(end).is_some_and(|t| t.lower == "'")
            && tokens.get(end + 1).is_some_and(|t| t.lower == "s");
        // "Cinnamon Grand hotel", but not "Sirisena's office" nor a verb ("X studies", "X plans").
        if !possessive && tokens.get(end).is_some_and(|t| org(t) && !t.cap && !t.lower.ends_with('s')) {
            return true;
        }
        let k = if possessive { end + 2 } else { end };
        tokens[k.min(tokens.len())..].iter().take(4).take_while(|t| t.cap).any(org)
    }

    /// The first word of a run with no other evidence is a given name, and one the document
    /// does not also write in lower case ("Raid Leaves", "Main Findings" are headlines).
    fn given_first(&self, doc: &Document, first: &Token) -> bool {
        self.given_names.contains(&first.lower) && !doc.vocabulary.contains(first.lower.as_str())
    }

    /// "Eagles of Death Metal", "Institute for Humanitarian Data": the run continues a
    /// capitalised name through a connector.
    fn inside_longer_name(&self, tokens: &[Token], start: usize) -> bool {
        let joins = |t: &Token| {
            self.connectors.contains(&t.lower)
                && !matches!(t.lower.as_str(), "and" | "&" | "et" | "und" | "y" | "e")
        };
        if start < 2 || !tokens[start - 2].cap {
            return false;
        }
        if joins(&tokens[start - 1]) {
            return true;
        }
        // "the Centre for the Study of Radicalisation and Political Violence": "and" inside an
        // organisation's name, which an organisation word before it shows.
        self.connectors.contains(&tokens[start - 1].lower)
            && tokens[..start - 1]
                .iter()
                .rev()
                .take(8)
                .take_while(|t| t.cap || self.connectors.contains(&t.lower))
                .any(|t| self.org_words.contains(&t.lower))
    }

    /// An article or a place preposition before the run, or quotation marks around it.
    fn place_like(&self, tokens: &[Token], start: usize, end: usize) -> bool {
        let prev = start.checked_sub(1).and_then(|k| tokens.get(k));
        let quoted = prev.is_some_and(|t| is_quote_mark(&t.lower))
            && tokens.get(end).is_some_and(|t| is_quote_mark(&t.lower));
        quoted
            || prev.is_some_and(|t| {
                self.articles.contains(&t.lower) || self.place_prepositions.contains(&t.lower)
            })
    }

    /// A speech verb after the run, perhaps after an age (", 34,").
    fn speaks_after(&self, tokens: &[Token], end: usize) -> bool {
        let mut k = end;
        if tokens.get(k).is_some_and(|t| t.lower == ",")
            && tokens.get(k + 1).is_some_and(|t| t.lower.chars().all(|c| c.is_ascii_digit()))
        {
            k += 3;
        }
        self.speech_verbs.at(tokens, k).is_some()
    }

    /// "X, a senior research fellow at Y": the role phrase and the organisation.
    fn apposition(&self, chars: &[char], tokens: &[Token], end: usize) -> (Option<String>, Option<String>) {
        let mut k = end;
        if tokens.get(k).is_none_or(|t| t.lower != ",") {
            return (None, None);
        }
        k += 1;
        if tokens.get(k).is_some_and(|t| t.lower.chars().all(|c| c.is_ascii_digit())) {
            k += 2; // ", 34, a bartender"
        }
        while tokens.get(k).is_some_and(|t| self.articles.contains(&t.lower)) {
            k += 1;
        }
        let limit = tokens.len().min(k + MAX_APPOSITION);
        let stop = (k..limit)
            .find(|&j| matches!(tokens[j].lower.as_str(), "," | ";" | ":" | "(" | "who" | "which" | "qui"))
            .unwrap_or(limit);
        let cut = (k..stop).find(|&j| self.leads_to_org(tokens, j)).unwrap_or(stop);
        let Some(role_end) = (k..cut).rev().find_map(|j| self.role_ends_at(tokens, k, j + 1)) else {
            return (None, None);
        };
        let role = Some(text_of(chars, tokens[k].start, tokens[role_end - 1].end));
        let affiliation = if cut < stop {
            self.organisation(chars, tokens, cut + 1, stop)
        } else {
            // "старший научный сотрудник Центра …": the organisation right after the role.
            self.organisation(chars, tokens, role_end, stop)
        };
        (role, affiliation)
    }

    /// Whether tokens `[from, end)` end with a role noun (the role phrase's end when so).
    fn role_ends_at(&self, tokens: &[Token], from: usize, end: usize) -> Option<usize> {
        let last = tokens.get(end - 1)?;
        let known = self.roles.ending_at(tokens, end).is_some_and(|s| s >= from)
            || self.role_suffixes.iter().any(|s| last.lower.ends_with(s.as_str()));
        known.then_some(end)
    }

    /// An affiliation preposition at `j` followed (after articles) by a capitalised word.
    fn leads_to_org(&self, tokens: &[Token], j: usize) -> bool {
        if !self.affiliation_prepositions.contains(&tokens[j].lower) {
            return false;
        }
        let mut k = j + 1;
        while tokens.get(k).is_some_and(|t| self.articles.contains(&t.lower)) {
            k += 1;
        }
        tokens.get(k).is_some_and(|t| t.cap)
    }

    /// Capitalised words with connectors, from `k` (after articles) up to `stop`.
    fn organisation(&self, chars: &[char], tokens: &[Token], mut k: usize, stop: usize) -> Option<String> {
        while k < stop && self.articles.contains(&tokens[k].lower) {
            k += 1;
        }
        if !tokens
            .get(k)
            .is_some_and(|t| t.cap || t.lower.chars().all(char::is_alphabetic) && is_acronym(chars, t))
        {
            return None;
        }
        let mut end = k;
        let mut j = k;
        while j < stop {
            let t = &tokens[j];
            if t.cap || is_acronym(chars, t) {
                end = j + 1;
            } else if !(self.connectors.contains(&t.lower) || t.lower.starts_with("d'") || t.lower == "-") {
                break;
            }
            j += 1;
        }
        (end > k).then(|| text_of(chars, tokens[k].start, tokens[end - 1].end))
    }

    /// "RUSI analyst X", "Moscow's mayor, X": a role noun just before the name, and the
    /// organisation before the role.
    fn role_before(
        &self,
        chars: &[char],
        tokens: &[Token],
        start: usize,
    ) -> (Option<String>, Option<String>) {
        let mut end = start;
        if end > 0 && tokens[end - 1].lower == "," {
            end -= 1;
        }
        let Some(role_start) = self.roles.ending_at(tokens, end) else {
            return (None, None);
        };
        let role = Some(joined(tokens, role_start, end).to_lowercase());
        let mut k = role_start;
        while k > 0 && (tokens[k - 1].cap || is_acronym(chars, &tokens[k - 1])) {
            k -= 1;
        }
        let affiliation = (k < role_start && !self.stop_words.contains(&tokens[k].lower))
            .then(|| text_of(chars, tokens[k].start, tokens[role_start - 1].end));
        (role, affiliation)
    }

    /// Single words that repeat a known person's surname (or the tail of the name), linked to
    /// that person.
    fn short_references(
        &self,
        chars: &[char],
        sentences: &[Vec<Token>],
        taken: &[Span],
        people: &mut [Person],
    ) {
        let mut tails: HashMap<Vec<String>, usize> = HashMap::default();
        for (p, person) in people.iter().enumerate() {
            let words: Vec<String> = person.name.split_whitespace().map(fold::fold_lower).collect();
            if words.len() >= 2 {
                for n in 1..words.len() {
                    let tail = words[words.len() - n..].to_vec();
                    if !self.particles.contains(&tail[0]) {
                        tails.entry(tail).or_insert(p);
                    }
                }
            }
        }
        let mut claimed: Vec<(usize, usize)> =
            people.iter().flat_map(|p| p.mentions.iter().map(|m| (m.start, m.end))).collect();
        claimed.sort_unstable();
        for tokens in sentences {
            self.link_short(chars, tokens, taken, &tails, &claimed, people);
        }
        for person in people.iter_mut() {
            person.mentions.sort_by_key(|m| m.start);
        }
    }

    fn link_short(
        &self,
        chars: &[char],
        tokens: &[Token],
        taken: &[Span],
        tails: &HashMap<Vec<String>, usize>,
        claimed: &[(usize, usize)],
        people: &mut [Person],
    ) {
        let mut i = 0;
        while i < tokens.len() {
            let found = (1..=3).rev().find_map(|n| {
                let words = tokens.get(i..i + n)?;
                if !words.first().is_some_and(|t| t.cap) || !words.last().is_some_and(|t| t.cap) {
                    return None;
                }
                let key: Vec<String> = words.iter().map(|t| t.lower.clone()).collect();
                tails.get(&key).map(|&p| (n, p))
            });
            let Some((n, p)) = found else {
                i += 1;
                continue;
            };
            let (start, end) = (tokens[i].start, tokens[i + n - 1].end);
            // Claimed spans do not overlap one another, so the one just before `end` decides.
            let at = claimed.partition_point(|&(s, _)| s < end);
            let inside = at > 0 && claimed[at - 1].1 > start;
            let extends = tokens.get(i + n).is_some_and(|t| t.cap)
                || i > 0 && tokens[i - 1].cap && !self.is_title_word(&tokens[i - 1]);
            let token = Token { start, end, lower: String::new(), word: true, cap: true, elided: false };
            if !inside && !extends && !overlaps(taken, &token) {
                people[p].mentions.push(Mention { text: text_of(chars, start, end), start, end });
            }
            i += n;
        }
    }

    /// The run is a title or role and nothing else ("Iran's Supreme Leader, …").
    fn is_title(&self, tokens: &[Token], start: usize, end: usize) -> bool {
        [&self.titles, &self.roles].iter().any(|p| p.at(tokens, start) == Some(end - start))
    }

    fn is_title_word(&self, t: &Token) -> bool {
        self.titles.by_first.contains_key(&t.lower) || self.honorifics.by_first.contains_key(&t.lower)
    }

    /// A title or honorific ending right before token `end` (for quotes: "said Dr. X").
    pub(crate) fn title_before(&self, tokens: &[Token], end: usize) -> Option<usize> {
        let end = if end > 0 && tokens[end - 1].lower == "." { end - 1 } else { end };
        self.titles.ending_at(tokens, end).or_else(|| self.honorifics.ending_at(tokens, end))
    }
}

/// Candidates grouped into people: the same name, or a name that is the tail of a longer one
/// ("El Bakraoui" of "Khalid El Bakraoui"), is one person.
fn merge(chars: &[char], candidates: Vec<Candidate>) -> Vec<Person> {
    // For every tail of every name, the longest name ending with it.
    let mut longest: HashMap<&[String], usize> = HashMap::default();
    for (i, c) in candidates.iter().enumerate() {
        for n in 1..=c.words.len() {
            let owner = longest.entry(&c.words[c.words.len() - n..]).or_insert(i);
            if candidates[*owner].words.len() < c.words.len() {
                *owner = i;
            }
        }
    }
    let mut people: Vec<(Person, bool, bool)> = Vec::new();
    let mut person_of: HashMap<&[String], usize> = HashMap::default();
    let mut previous: Option<usize> = None;
    for c in &candidates {
        let o = longest.get(c.words.as_slice()).copied().unwrap_or(0);
        let key = candidates.get(o).map_or(c.words.as_slice(), |o| o.words.as_slice());
        let p = match (person_of.get(key), previous.filter(|_| c.alias)) {
            (Some(&p), _) => p,
            (None, Some(p)) => p,
            (None, None) => {
                let owner = candidates.get(o).unwrap_or(c);
                let name = text_of(chars, owner.start, owner.end);
                people.push((
                    Person { name, role: None, affiliations: Vec::new(), mentions: Vec::new() },
                    false,
                    false,
                ));
                people.len() - 1
            }
        };
        person_of.insert(key, p);
        previous = Some(p);
        let (person, evidence, placed) = &mut people[p];
        *evidence |= c.evidence;
        *placed |= c.placed;
        person.role = person.role.take().or(c.role.clone());
        if let Some(a) = c.affiliation.as_ref().filter(|a| !person.affiliations.contains(a)) {
            person.affiliations.push(a.clone());
        }
        person.mentions.push(Mention { text: text_of(chars, c.start, c.end), start: c.start, end: c.end });
    }
    // A name only ever written bare, and once where places are written, is a place.
    people.into_iter().filter(|(_, evidence, placed)| *evidence || !*placed).map(|(p, _, _)| p).collect()
}

/// The tokens of `chars[start..end]`: words (letters and digits, joined by inner apostrophes
/// and hyphens, a possessive "'s" split off) and single punctuation marks.
pub(crate) fn tokenize(chars: &[char], start: usize, end: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = start;
    while i < end {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() {
            let j = word_end(chars, i, end);
            tokens.push(word(chars, i, j));
            i = j;
        } else {
            tokens.push(Token {
                start: i,
                end: i + 1,
                lower: fold::fold_char(c).to_string(),
                word: false,
                cap: false,
                elided: false,
            });
            i += 1;
        }
    }
    tokens
}

fn word_end(chars: &[char], start: usize, end: usize) -> usize {
    let mut j = start + 1;
    while j < end {
        let c = fold::fold_char(chars[j]);
        let joins = matches!(c, '\'' | '-')
            && j + 1 < end
            && chars[j + 1].is_alphanumeric()
            && !(c == '\'' && possessive(chars, j + 1, end));
        if chars[j].is_alphanumeric() || joins {
            j += 1;
        } else {
            break;
        }
    }
    j
}

/// "'s" closing a word.
fn possessive(chars: &[char], s: usize, end: usize) -> bool {
    matches!(chars[s], 's' | 'S') && (s + 1 >= end || !chars[s + 1].is_alphanumeric())
}

fn word(chars: &[char], start: usize, end: usize) -> Token {
    let lower: String = chars[start..end].iter().map(|&c| fold::lower_char(fold::fold_char(c))).collect();
    // The letter that decides: after a particle prefix ("al-Baghdadi", "d'Esquadra").
    let key = lower
        .find(['-', '\''])
        .filter(|&at| at <= 3)
        .map(|at| lower[..at].chars().count() + 1)
        .filter(|_| chars[start].is_lowercase())
        .unwrap_or(0);
    let first = chars[start + key.min(end - start - 1)];
    let mut letters = chars[start..end].iter().filter(|c| c.is_alphabetic());
    let all_caps = letters.clone().nth(1).is_some() && letters.all(|c| c.is_uppercase());
    let digits = chars[start..end].iter().any(|c| c.is_ascii_digit());
    let elided = key > 0 && lower.chars().nth(key - 1) == Some('\'');
    Token { start, end, lower, word: true, cap: first.is_uppercase() && !all_caps && !digits, elided }
}

fn text_of(chars: &[char], start: usize, end: usize) -> String {
    chars[start..end].iter().collect()
}

/// Tokens `[from, to)` as written, joined by single spaces (full stops kept attached).
fn joined(tokens: &[Token], from: usize, to: usize) -> String {
    let mut out = String::new();
    for t in &tokens[from..to] {
        if !out.is_empty() && t.lower != "." {
            out.push(' ');
        }
        out.push_str(&t.lower);
    }
    out
}

/// "also known as X": X names the person just named.
fn also_known_as(tokens: &[Token], start: usize) -> bool {
    let words: Vec<&str> = tokens[start.saturating_sub(4)..start]
        .iter()
        .filter(|t| t.lower != ",")
        .map(|t| t.lower.as_str())
        .collect();
    words.ends_with(&["known", "as"]) || words.ends_with(&["alias"]) || words.ends_with(&["aka"])
}

/// Whether the document capitalises its nouns (German): more than a quarter of the words
/// inside sentences are capitalised.
fn capitalised_nouns(sentences: &[Vec<Token>], shapes: &[Shape]) -> bool {
    // German writes its nouns with capitals; an English page of headings and names may have
    // as many, so the language's articles must be there too.
    const GERMAN: [&str; 8] = ["der", "die", "das", "und", "dem", "den", "nicht", "wurde"];
    let (mut words, mut caps, mut german) = (0usize, 0usize, 0usize);
    for (tokens, _) in sentences.iter().zip(shapes).filter(|(_, s)| s.prose) {
        for (_, t) in tokens.iter().enumerate().filter(|(i, t)| t.word && !opens_sentence(tokens, *i)) {
            words += 1;
            caps += usize::from(t.cap);
            german += usize::from(GERMAN.contains(&t.lower.as_str()));
        }
    }
    words >= 20 && caps * 100 > words * 28 && german * 100 > words * 3
}

/// A sentence of running text: eight words or more, with a closing stop. Headings, menus and
/// captions are not, so their capitals say nothing of how the language writes nouns.
fn is_prose(tokens: &[Token]) -> bool {
    tokens.iter().filter(|t| t.word).count() >= 8 && closing_stop(tokens)
}

/// The sentence ends with a full stop, question or exclamation mark, perhaps before closing
/// quotes and brackets.
fn closing_stop(tokens: &[Token]) -> bool {
    let last = tokens.iter().rev().find(|t| !is_quote_mark(&t.lower) && t.lower != ")");
    last.is_some_and(|t| matches!(t.lower.as_str(), "." | "!" | "?"))
}

/// Words the document writes in lower case.
fn lower_case_words(sentences: &[Vec<Token>]) -> HashSet<&str> {
    sentences.iter().flatten().filter(|t| t.word && !t.cap).map(|t| t.lower.as_str()).collect()
}

/// The token at `i` is the first word of its sentence or of a quotation.
fn opens_sentence(tokens: &[Token], i: usize) -> bool {
    i == 0 || tokens[..i].iter().all(|t| !t.word) || is_quote_mark(&tokens[i - 1].lower)
}

fn is_quote_mark(s: &str) -> bool {
    matches!(s, "\"" | "'" | "«" | "»" | "‹" | "›")
}

/// A run none of whose words the document writes in lower case, inside running text: names
/// the given-name lexicon lacks ("Abdelhamid Abaaoud"), but not headings ("Main Findings") or
/// offices ("Regional Headquarters" where the text speaks of headquarters).
fn unknown_words_in_prose(doc: &Document, tokens: &[Token], shape: &Shape, start: usize, end: usize) -> bool {
    tokens[start].end - tokens[start].start > 1
        && shape.prose
        && tokens[start..end].iter().filter(|t| t.word).all(|t| !doc.vocabulary.contains(t.lower.as_str()))
}

/// The end of a name after its generational suffix, if it has one ("Patrick Example, Jr.",
/// "John Example Sr."): the suffix is part of the name.
fn generational_suffix(tokens: &[Token], end: usize) -> usize {
    let is_suffix =
        |k: usize| tokens.get(k).is_some_and(|t| matches!(t.lower.as_str(), "jr" | "sr" | "ii" | "iii"));
    let at =
        if tokens.get(end).is_some_and(|t| t.lower == ",") && is_suffix(end + 1) { end + 1 } else { end };
    if end == 0 || !is_suffix(at) || !tokens[at].cap {
        return end;
    }
    if tokens.get(at + 1).is_some_and(|t| t.lower == ".") { at + 2 } else { at + 1 }
}

/// What the judgement of names needs to know of a whole sentence, found once for it.
struct Shape {
    /// Running text (see [`is_prose`]).
    prose: bool,
    /// A Title Case line (see [`title_case_line`]).
    title_case: bool,
    /// Word tokens before each token (and one past the end).
    words_before: Vec<usize>,
    /// The first token that is not a capitalised word (the length when there is none).
    first_uncapitalised: usize,
}

impl Shape {
    fn of(tokens: &[Token]) -> Shape {
        let mut words_before = Vec::with_capacity(tokens.len() + 1);
        let mut n = 0;
        for t in tokens {
            words_before.push(n);
            n += usize::from(t.word);
        }
        words_before.push(n);
        Shape {
            prose: is_prose(tokens),
            title_case: title_case_line(tokens),
            words_before,
            first_uncapitalised: tokens.iter().position(|t| !t.cap).unwrap_or(tokens.len()),
        }
    }
}

/// A line written in Title Case, without a closing stop: a headline, a heading or a menu
/// ("Raid Leaves Six Dead at Army Post", "Main Findings"). Its capitals are no evidence of names.
fn title_case_line(tokens: &[Token]) -> bool {
    let mut long = 0;
    for t in tokens.iter().filter(|t| t.word && t.end - t.start >= 4) {
        if !(t.cap || t.lower.chars().all(|c| c.is_numeric())) {
            return false;
        }
        long += 1;
    }
    long >= 2 && !closing_stop(tokens)
}

/// "By Nora Example", "Map by A and B", "Contributor: A", "— A" after a pull quote: a byline
/// near the start of its line names its authors.
fn byline(tokens: &[Token], shape: &Shape, start: usize, depth: usize) -> bool {
    const LABELS: [&str; 8] =
        ["by", "author", "authors", "contributor", "contributors", "photo", "credit", "interviewer"];
    let words_before = shape.words_before[start];
    let label = match start.checked_sub(1).map(|k| tokens[k].lower.as_str()) {
        // "“…” — Name": a pull quote's attribution.
        Some("-") => words_before == 0,
        Some(":") => start >= 2 && LABELS.contains(&tokens[start - 2].lower.as_str()),
        Some(word) => word == "by",
        None => false,
    };
    // A few names joined by "and" share the byline ("Map by A and B").
    label && words_before <= 3
        || depth < 3
            && start >= 2
            && tokens[start - 1].lower == "and"
            && byline(tokens, shape, back_to_name_start(tokens, start - 1), depth + 1)
}

/// The start of the capitalised run that ends just before `end`.
fn back_to_name_start(tokens: &[Token], end: usize) -> usize {
    let mut k = end;
    while k > 0 && end - k < 2 * MAX_NAME_WORDS && (tokens[k - 1].cap || tokens[k - 1].lower == ".") {
        k -= 1;
    }
    k
}

/// Words run together where markup was lost ("ChadNorthern"): a capital after three or more
/// lower-case letters. Names written with inner capitals have fewer before it ("McCain",
/// "MacArthur", "DeSantis").
fn glued(word: &[char]) -> bool {
    let mut lower_run = 0;
    for c in word {
        if c.is_uppercase() && lower_run >= 3 {
            return true;
        }
        lower_run = if c.is_lowercase() { lower_run + 1 } else { 0 };
    }
    false
}

/// A single capital letter followed by a full stop ("Issa al H.").
fn is_initial(t: &Token) -> bool {
    t.cap && t.end - t.start == 1
}

fn is_acronym(chars: &[char], t: &Token) -> bool {
    let letters: Vec<&char> = chars[t.start..t.end].iter().filter(|c| c.is_alphabetic()).collect();
    t.word && letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// "(PNAT)" right after a run: the run is an organisation's name, when the acronym starts as the
/// run does ("Parquet national antiterroriste (PNAT)"); a party after a person's name ("Lena
/// Brandt (SPD)") does not.
fn acronym_after(chars: &[char], tokens: &[Token], start: usize, end: usize) -> bool {
    let initial =
        |t: &Token| crate::fold::fold_lower(&chars[t.start..t.start + 1].iter().collect::<String>());
    tokens.get(end).is_some_and(|t| t.lower == "(")
        && tokens.get(end + 1).is_some_and(|t| is_acronym(chars, t) && initial(t) == initial(&tokens[start]))
        && tokens.get(end + 2).is_some_and(|t| t.lower == ")")
}

fn overlaps(taken: &[Span], t: &Token) -> bool {
    let at = taken.partition_point(|s| s.end <= t.start);
    taken.get(at).is_some_and(|s| s.start < t.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// People of `text` as (name, role, affiliations, mention texts), offsets checked.
    /// (name, role, affiliations, mention texts).
    type Found = (String, Option<String>, Vec<String>, Vec<String>);

    fn people(text: &str, taken: &[Span]) -> Vec<Found> {
        let found = PeopleFinder::builtin().find(text, &crate::sentences::split(text), taken);
        // Slicing is linear in the text: a few mentions are checked.
        for m in found.iter().flat_map(|p| &p.mentions).take(20) {
            assert_eq!(Span::new(m.start, m.end).slice(text), Some(m.text.as_str()));
        }
        found
            .into_iter()
            .map(|p| (p.name, p.role, p.affiliations, p.mentions.into_iter().map(|m| m.text).collect()))
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        people(text, &[]).into_iter().map(|p| p.0).collect()
    }

    #[test]
    fn bare_names_need_a_given_name_or_words_unknown_in_lower_case() {
        // A given name starts a bare name; so does a pair the text never writes in lower case.
        let text = "The report was welcomed by Nadia Kerrow and later by Ortwin Halvasek, in a week of \
                    hearings on the raid and its key witnesses.";
        assert_eq!(names(text), ["Nadia Kerrow", "Ortwin Halvasek"]);
        // Headings and labels are no names, nor offices the text writes in lower case.
        let text = "Main Findings\nRaid Leaves Six Dead at Army Post\nThe main point of the raid on the post is \
                    that the army headquarters said it would look again at Regional Headquarters.";
        assert!(names(text).is_empty(), "{:?}", names(text));
        assert!(
            names("Report Date: 4 May 2023, at noon, in the old capital city of the eastern province.")
                .is_empty()
        );
        assert!(names("Basic Facts: the movement was formed in 2011 by a council of elders.").is_empty());
    }

    #[test]
    fn bylines_and_pull_quote_attributions_name_people() {
        let text = "Map Of The Northern Districts\nMap by Tamsin Okafor and Ruairi Delacourt\n\
                    Contributor: Signe Varnholt\n\u{201c}The threat has moved south,\u{201d}\n\u{2014} Petra Lindqvist";
        assert_eq!(names(text), ["Tamsin Okafor", "Ruairi Delacourt", "Signe Varnholt", "Petra Lindqvist"]);
    }

    #[test]
    fn a_title_inside_a_run_starts_the_name_after_it() {
        let text = "Armed Forces Minister Hélène Varnier wrote that the base was secure. Information \
                    Minister Abdiqani Warsame Faarax said the hotel was retaken. Prosecutor Christian \
                    Morvandel said more.";
        let found = people(text, &[]);
        let found_names: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(found_names, ["Hélène Varnier", "Abdiqani Warsame Faarax", "Christian Morvandel"]);
        assert_eq!(found[0].1.as_deref(), Some("minister"));
        // A stop word that is not a given name still ends a run: "Christian Democrats" is none.
        assert!(names("The Christian Democrats said nothing.").is_empty());
    }

    #[test]
    fn glued_words_initials_and_generational_suffixes() {
        assert!(names("ChadNorthern ForcesKanem said the road was cut.").is_empty());
        assert!(names("He spoke in Washington, D.C. on Monday, officials said.").is_empty());
        assert_eq!(names("The plot was real, Marcus Oyelaran, Jr. said."), ["Marcus Oyelaran, Jr."]);
        assert_eq!(names("Senator Ruth McAllister said so."), ["Ruth McAllister"]);
    }

    #[test]
    fn titles_appositions_and_short_references() {
        let text = "\"It was planned,\" said Dr. Antonio Giustozzi, a senior research fellow at the Royal United Services Institute. Giustozzi said more. Interior Minister Gérald Darmanin agreed, and Mr Darmanin left.";
        let found = people(text, &[]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "Antonio Giustozzi");
        assert_eq!(found[0].1.as_deref(), Some("senior research fellow"));
        assert_eq!(found[0].2, vec!["Royal United Services Institute"]);
        assert_eq!(found[0].3, vec!["Antonio Giustozzi", "Giustozzi"]);
        assert_eq!(found[1].0, "Gérald Darmanin");
        assert_eq!(found[1].1.as_deref(), Some("interior minister"));
        assert_eq!(found[1].3, vec!["Gérald Darmanin", "Darmanin"]);
        let found = people("RUSI analyst Antonio Giustozzi spoke.", &[]);
        assert_eq!((found[0].1.as_deref(), found[0].2.clone()), (Some("analyst"), vec!["RUSI".to_string()]));
        // A title of office is no part of the name; a given name that is also a month starts
        // one before a role in apposition; an adjective opening a run is no given name.
        assert_eq!(
            names("The board heard FBI Director Halvard Brenne warn of the risk."),
            ["Halvard Brenne"]
        );
        assert_eq!(
            names("\"It is grave,\" Avril Dunmore, director of the institute, said."),
            ["Avril Dunmore"]
        );
        assert!(names("Top Okonkwo aides met the envoys on Monday.").is_empty());
        // A party after a name leaves it a name; a role and an office are none.
        assert_eq!(names("Das sagte Innenministerin Lena Brandt (SPD) am Montag."), ["Lena Brandt"]);
        assert!(names("Ein Sprecher des Verkehrsministeriums bestätigte die Festnahme.").is_empty());
        // "and" inside an organisation's name joins no people.
        assert_eq!(
            names("So wrote Ines Marlow of the Institute for the Study of Migration and Border Control."),
            ["Ines Marlow"]
        );
        // A place before a name after a preposition is no part of it.
        assert_eq!(names("Le suspect de Lyon Karim Belkacem a été interpellé."), ["Karim Belkacem"]);
        // Photo credits and bylines name people whatever their given names.
        assert_eq!(names("The road was quiet. [File: Luc Moreau/Reuters]"), ["Luc Moreau"]);
        assert_eq!(names("Map by Tamsin Okafor and Djordje Vukelic"), ["Tamsin Okafor", "Djordje Vukelic"]);
        assert_eq!(
            names("Kiran Azadi Kiran Azadi Kiran Azadi (real name: Omid Rostami)"),
            ["Kiran Azadi", "Omid Rostami"]
        );
        // A byline repeated by the writer's biography is one name.
        assert_eq!(names("By Lena Okonkwo Lena Okonkwo is a writer for the paper."), ["Lena Okonkwo"]);
    }

    #[test]
    fn particles_initials_and_other_scripts() {
        assert_eq!(
            names("Sanaullah Ghafari, also known as Shahab al-Muhajir, leads it."),
            vec!["Sanaullah Ghafari"]
        );
        assert_eq!(names("The bombers were Ibrahim and Khalid El Bakraoui."), vec!["Khalid El Bakraoui"]);
        assert_eq!(names("L'assaillant, Mohammed M., a été interpellé."), vec!["Mohammed M."]);
        assert_eq!(names("— считает Глеб Самарин, старший научный сотрудник."), vec!["Глеб Самарин"]);
        assert_eq!(names("Abu Bakr al-Baghdadi was killed in 2019."), vec!["Abu Bakr al-Baghdadi"]);
    }

    #[test]
    fn organisations_places_and_openers_are_not_people() {
        let text = "However Crocus City Hall was hit. Analysts at the Meridian Institute for Security Studies agree. Tourists in New Orleans and at Bourbon Street fled. The White House spoke on Easter Sunday. Whether Crocus was planned is unknown. St Anthony's Shrine reopened.";
        assert!(names(text).is_empty(), "{:?}", names(text));
        let text = "Jane Doe was hurt.";
        assert!(people(text, &[Span::new(5, 8)]).is_empty(), "a taken span is never a person");
        // A page's buttons in another language, run into a line of text.
        let text = "Accueil Envoyer Partager\nAttaque au Mali Rédigé par Paul Mercier le 9 octobre";
        assert_eq!(names(text), ["Paul Mercier"]);
    }

    #[test]
    fn capitalised_nouns_need_evidence() {
        let text = "Zwei Tage nach dem Angriff auf dem Stadtfest hat ein Richter Haftbefehl erlassen. Die Ermittler prüfen den Fall. Zwei Männer starben, acht Menschen wurden verletzt. Die Veranstaltungen des Stadtfestes wurden abgesagt, am Fronhof legten Menschen Blumen nieder. „Das ist schwer“, sagte Dr. Marlene Voskuhl, Terrorismusforscherin am Institut für Sicherheitspolitik.";
        let found = people(text, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Marlene Voskuhl");
        assert_eq!(found[0].1.as_deref(), Some("Terrorismusforscherin"));
        assert_eq!(found[0].2, vec!["Institut für Sicherheitspolitik"]);
    }

    #[test]
    fn any_input_is_safe() {
        for text in ["", "A", "Dr.", "Mr", "al-", "Jane 's", "\u{201c}", "X.Y.Z. Q."] {
            let _ = names(text);
        }
        let long = "Jane Doe said ".repeat(50_000);
        assert_eq!(names(&long), vec!["Jane Doe"]);
        let line = "Word ".repeat(200_000);
        assert!(names(&line).len() <= 1);
    }

    #[test]
    fn the_shipped_lexicon_is_valid() {
        let file: LexiconFile = toml::from_str(BUILTIN).expect("valid");
        assert!(file.speech_verbs.len() > 50 && file.stop_words.len() > 100);
    }
}
