//! Direct quotations and who said them.
//!
//! Rules:
//! - A quotation is the text between matching marks within one paragraph: `"…"`, `“…”`,
//!   `„…“`, `«…»`, and `‘…’` when the opening mark stands before a word and the closing one
//!   after it (so the apostrophe in "group’s" closes nothing). Inside a quotation only its own
//!   closing mark counts, so nested quotes (‘ISKP’, „Амак“) stay in its text. A mark that is
//!   never closed runs to the end of the paragraph; when the next paragraph opens with a mark,
//!   the quotation continues there (one quotation per paragraph part, one speaker).
//! - Scare quotes, terms and titles are not quotations: fewer than three words never; three to
//!   five words only when the text ends a sentence (".", "!", "?", "…"; a comma is not enough)
//!   or a speaker is found.
//! - Speaker, looked for after the closing mark up to the end of its sentence, then before the
//!   opening mark from the start of its sentence: `"…," X said`, `"…," said X`, `X said: "…"`,
//!   `X told Reuters: "…"`, `according to X, "…"`, and their fr/de/es/ru forms (the speech
//!   verbs of the people lexicon). X is the person named there (full name, whatever form the
//!   text uses); a pronoun is the last person named before the quotation. Where no person is
//!   named, a group or organisation named there speaks ("a JNIM statement said", "according
//!   to Amaq"), as the text writes it, unless the phrase gives a role ("a spokesman for the
//!   group"); "it" is the last group or organisation named, and "the group" (the group nouns of
//!   the lexicon) the last armed group. Anything else is a description without its article
//!   ("the ministry" → "ministry"). A quotation without its
//!   own attribution takes the speaker of the quotation before it in the same paragraph, or
//!   of the part it continues. A paragraph that is only a quotation followed by "— Name" is a
//!   pull quote of that person.
//!
//! Offsets are characters; `start..end` is the text inside the marks, without the spaces
//! just inside them.

use serde::Serialize;
use vigil_core::Span;

use crate::people::{PeopleFinder, Person, Token, tokenize};

/// How far (in characters) before and after a quotation its attribution is looked for.
const WINDOW: usize = 240;
/// Longest speaker phrase, in tokens.
const MAX_SPEAKER: usize = 24;
/// Quotations of at least this many words need no other sign that they are quotations.
const PLAIN_WORDS: usize = 6;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub speaker: Option<String>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A pair of marks found in a paragraph.
#[derive(Debug, Clone)]
struct Marks {
    open: usize,
    /// The closing mark; `None` when the paragraph ends first.
    close: Option<usize>,
    paragraph: usize,
    /// Continues the unclosed quotation of the previous paragraph.
    continues: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Speaker {
    Person(usize),
    /// An index into the voices.
    Voice(usize),
    Description(String),
}

/// A group or organisation named in the text: it can be the speaker of a statement.
#[derive(Debug, Clone)]
pub struct Voice {
    pub start: usize,
    pub end: usize,
    /// As the text writes it.
    pub text: String,
    /// Its canonical name.
    pub name: String,
    /// An armed group (not another organisation).
    pub group: bool,
}

/// The document's people and where each is mentioned, for attribution.
struct Context<'a> {
    chars: Vec<char>,
    sentences: &'a [Span],
    people: &'a [Person],
    finder: &'a PeopleFinder,
    /// (start, end, person), sorted by start.
    mentions: Vec<(usize, usize, usize)>,
    /// Sorted by start.
    voices: Vec<Voice>,
}

pub fn find(
    text: &str,
    sentences: &[Span],
    people: &[Person],
    voices: &[Voice],
    finder: &PeopleFinder,
) -> Vec<Quote> {
    let chars: Vec<char> = text.chars().collect();
    let paragraphs = paragraphs(&chars);
    let mut marks = Vec::new();
    for (p, &(start, end)) in paragraphs.iter().enumerate() {
        scan(&chars, start, end, p, &mut marks);
    }
    link_continuations(&chars, &paragraphs, &mut marks);
    let mut mentions: Vec<(usize, usize, usize)> = people
        .iter()
        .enumerate()
        .flat_map(|(p, person)| person.mentions.iter().map(move |m| (m.start, m.end, p)))
        .collect();
    mentions.sort_unstable();
    let mut voices = voices.to_vec();
    voices.sort_by_key(|v| (v.start, v.end));
    let cx = Context { chars, sentences, people, finder, mentions, voices };
    let speakers = attribute(&cx, &paragraphs, &marks);
    let continued: Vec<bool> = (0..marks.len())
        .map(|k| marks[k].continues || marks.get(k + 1).is_some_and(|n| n.continues))
        .collect();
    let mut quotes: Vec<Quote> = marks
        .iter()
        .zip(speakers)
        .zip(continued)
        .filter_map(|((m, speaker), continued)| cx.quote(&paragraphs, m, speaker, continued))
        .collect();
    if let Some(interview) = crate::layout::interview(text) {
        cx.answers(&interview, &mut quotes);
    }
    quotes
}

/// Paragraph (line) spans, in characters.
fn paragraphs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, chars.len()));
    out
}

/// Every pair of marks in `chars[start..end]`, in one pass.
fn scan(chars: &[char], start: usize, end: usize, paragraph: usize, out: &mut Vec<Marks>) {
    let mut i = start;
    while i < end {
        let Some(closers) = opener(chars, start, end, i) else {
            i += 1;
            continue;
        };
        let close = (i + 1..end).find(|&j| closes(chars, end, j, closers));
        out.push(Marks { open: i, close, paragraph, continues: false });
        i = close.map_or(end, |c| c + 1);
    }
}

/// The closing marks that match an opening mark at `i`, when one is there.
fn opener(chars: &[char], start: usize, end: usize, i: usize) -> Option<&'static [char]> {
    let before = (i > start).then(|| chars[i - 1]);
    let after = (i + 1 < end).then(|| chars[i + 1]);
    let free_before = before.is_none_or(|c| !c.is_alphanumeric());
    match chars[i] {
        '“' => Some(&['”']),
        '„' => Some(&['“', '”']),
        '«' => Some(&['»']),
        '"' if free_before && after.is_some_and(|c| !c.is_whitespace()) => Some(&['"']),
        '‘' if free_before && after.is_some_and(char::is_alphanumeric) => Some(&['’']),
        _ => None,
    }
}

/// Whether `chars[j]` closes a quotation ended by one of `closers`.
fn closes(chars: &[char], end: usize, j: usize, closers: &[char]) -> bool {
    if !closers.contains(&chars[j]) {
        return false;
    }
    match chars[j] {
        // Straight and single marks close only where no letter follows.
        '"' | '’' => j + 1 >= end || !chars[j + 1].is_alphanumeric(),
        _ => true,
    }
}

/// Marks the quotation of a paragraph that opens with a mark as continuing an unclosed one
/// at the end of the paragraph before.
fn link_continuations(chars: &[char], paragraphs: &[(usize, usize)], marks: &mut [Marks]) {
    for k in 1..marks.len() {
        let (prev, next) = (&marks[k - 1], &marks[k]);
        let (_, prev_end) = paragraphs[prev.paragraph];
        // Only blank lines between the paragraph's end and the new opening mark.
        let adjacent =
            next.paragraph > prev.paragraph && chars[prev_end..next.open].iter().all(|c| c.is_whitespace());
        if prev.close.is_none() && adjacent {
            marks[k].continues = true;
        }
    }
}

/// The speaker of every quotation: its own attribution, else the one of the part it
/// continues or of the quotation before it in its paragraph.
fn attribute(cx: &Context, paragraphs: &[(usize, usize)], marks: &[Marks]) -> Vec<Option<Speaker>> {
    let mut own: Vec<Option<Speaker>> = marks.iter().map(|m| cx.own_speaker(paragraphs, m)).collect();
    // "“nine badly hurt”, three “in a critical state”, according to the prefecture": an
    // attribution after the last quotation of a sentence is every one's before it there.
    for k in (0..marks.len().saturating_sub(1)).rev() {
        let next = &marks[k + 1];
        let same_sentence = cx.sentence(marks[k].open).is_some_and(|s| s.end > next.open);
        if own[k].is_none() && own[k + 1].is_some() && same_sentence && trails(cx, paragraphs, next) {
            own[k] = own[k + 1].clone();
        }
    }
    // A quotation after an attributed one in its paragraph is that speaker's ("“…,” X said.
    // “…"), even when it runs on into the next paragraph.
    for k in 1..marks.len() {
        if own[k].is_none() && !marks[k].continues && marks[k - 1].paragraph == marks[k].paragraph {
            own[k] = own[k - 1].clone();
        }
    }
    // A continued quotation is one speaker's: parts without an attribution take the first one
    // found among its parts.
    let mut k = 0;
    while k < marks.len() {
        let mut j = k + 1;
        while j < marks.len() && marks[j].continues {
            j += 1;
        }
        if let Some(s) = own[k..j].iter().flatten().next().cloned() {
            own[k..j].iter_mut().filter(|o| o.is_none()).for_each(|o| *o = Some(s.clone()));
        }
        k = j;
    }
    carry_within_paragraphs(marks, &mut own);
    for k in 0..marks.len() {
        if own[k].is_none() && !marks[k].continues {
            own[k] = cx.speaker_of_paragraph_before(paragraphs, marks, &own, k);
        }
    }
    carry_within_paragraphs(marks, &mut own);
    own
}

/// Whether the quotation of `m` is attributed after its closing mark.
fn trails(cx: &Context, paragraphs: &[(usize, usize)], m: &Marks) -> bool {
    m.close.and_then(|c| cx.after(c, paragraphs[m.paragraph].1, m.open)).is_some()
}

/// A quotation without its own attribution takes the speaker of the quotation before it in
/// its paragraph, or of the part it continues.
fn carry_within_paragraphs(marks: &[Marks], own: &mut [Option<Speaker>]) {
    for k in 1..marks.len() {
        let near = marks[k].continues || marks[k - 1].paragraph == marks[k].paragraph;
        if own[k].is_none() && near {
            own[k] = own[k - 1].clone();
        }
    }
}

impl Context<'_> {
    /// A quotation that opens its paragraph, unattributed, continues what the paragraph before
    /// reports: the speaker of that paragraph's last quotation, or else the person named there
    /// beside a speech verb ("X, a spokesman, confirmed the assault." then "“…”").
    fn speaker_of_paragraph_before(
        &self,
        paragraphs: &[(usize, usize)],
        marks: &[Marks],
        own: &[Option<Speaker>],
        k: usize,
    ) -> Option<Speaker> {
        let m = &marks[k];
        if !self.opens_paragraph(paragraphs[m.paragraph].0, m.open) {
            return None;
        }
        let blank = |p: usize| (paragraphs[p].0..paragraphs[p].1).all(|j| self.chars[j].is_whitespace());
        let prev = (0..m.paragraph).rev().find(|&p| !blank(p))?;
        let last_in_prev =
            (0..k).rev().take_while(|&j| marks[j].paragraph >= prev).find(|&j| marks[j].paragraph == prev);
        if let Some(j) = last_in_prev {
            return own[j].clone();
        }
        let (s, e) = paragraphs[prev];
        let tokens = tokenize(&self.chars, s, e);
        let verb = (0..tokens.len()).rev().find(|&t| self.finder.speech_verbs.at(&tokens, t).is_some())?;
        let (at, verb_end) = (tokens[verb].start, tokens[verb].end);
        self.person_in(s, at, true).or_else(|| self.person_in(verb_end, e, false)).map(Speaker::Person)
    }

    fn own_speaker(&self, paragraphs: &[(usize, usize)], m: &Marks) -> Option<Speaker> {
        let (p_start, p_end) = paragraphs[m.paragraph];
        let after = m.close.and_then(|c| self.after(c, p_end, m.open));
        let pull =
            || m.close.filter(|_| self.opens_paragraph(p_start, m.open)).and_then(|c| self.pull(c, p_end));
        after.or_else(|| self.before(m.open, p_start)).or_else(pull)
    }

    fn opens_paragraph(&self, p_start: usize, open: usize) -> bool {
        (p_start..open).all(|j| self.chars[j].is_whitespace())
    }

    /// The sentence holding character `at`.
    fn sentence(&self, at: usize) -> Option<Span> {
        let k = self.sentences.partition_point(|s| s.end <= at);
        self.sentences.get(k).filter(|s| s.start <= at).copied()
    }

    /// `"…," said X` or `"…," X said`, after the closing mark at `close`.
    fn after(&self, close: usize, p_end: usize, open: usize) -> Option<Speaker> {
        let end = self.sentence(close).map_or(p_end, |s| s.end.max(close + 1)).min(p_end).min(close + WINDOW);
        let tokens = tokenize(&self.chars, close + 1, end);
        let stop = tokens.iter().position(|t| is_mark(&t.lower)).unwrap_or(tokens.len());
        let tokens = &tokens[..stop];
        let k0 = tokens.iter().position(|t| t.word)?;
        if tokens[..k0].iter().any(|t| !matches!(t.lower.as_str(), "," | "-" | ":")) {
            return None;
        }
        if let Some(n) = self.finder.speech_verbs.at(tokens, k0) {
            let phrase = self.phrase_after(tokens, k0 + n);
            return self.resolve(tokens, phrase, open, false);
        }
        // "„…“, teilte die Polizei mit": the speaker stands between the verb and its particle.
        if let Some((_, particle)) =
            self.finder.separable_speech_verbs.iter().find(|(v, _)| *v == tokens[k0].lower)
            && let Some(p) = (k0 + 2..tokens.len().min(k0 + MAX_SPEAKER))
                .take_while(|&k| !self.ends(tokens, k) && tokens[k].lower != ",")
                .find(|&k| tokens[k].lower == *particle)
        {
            return self.resolve(tokens, (k0 + 1, p), open, false);
        }
        let limit = tokens.len().min(k0 + MAX_SPEAKER);
        let verb = (k0 + 1..limit)
            .take_while(|&k| !matches!(tokens[k].lower.as_str(), ";" | "(") && !self.ends(tokens, k))
            .find(|&k| self.finder.speech_verbs.at(tokens, k).is_some())?;
        self.resolve(tokens, (k0, verb), open, true)
    }

    /// `X said: "…"`, `according to X, "…"`: the clause before the opening mark.
    fn before(&self, open: usize, p_start: usize) -> Option<Speaker> {
        let start = self
            .sentence(open)
            .map_or(p_start, |s| s.start.min(open))
            .max(p_start)
            .max(open.saturating_sub(WINDOW));
        let tokens = tokenize(&self.chars, start, open);
        let from = tokens.iter().rposition(|t| is_mark(&t.lower)).map_or(0, |k| k + 1);
        let tokens = &tokens[from..];
        let mut end = tokens.len();
        while end > 0 && matches!(tokens[end - 1].lower.as_str(), ":" | "," | "-") {
            end -= 1;
        }
        let verb = (end.saturating_sub(6)..end).rev().find_map(|k| {
            let n = self.finder.speech_verbs.at(tokens, k)?;
            (k + n <= end).then_some((k, n))
        });
        let Some(verb) = verb.or_else(|| self.verb_before_that(&tokens[..end])) else {
            // "X put it more bluntly: “…”": a clause naming a person, ending with a colon.
            let colon = tokens.last().is_some_and(|t| t.lower == ":");
            let (s, e) = (tokens.first()?.start, tokens.last()?.end);
            return self.person_in(s, e, false).filter(|_| colon).map(Speaker::Person);
        };
        let (k, n) = verb;
        if self.finder.speech_verbs.at(tokens, k) == Some(n) && is_prefix_verb(&tokens[k..k + n]) {
            let phrase = self.phrase_after(&tokens[..end], k + n);
            return self.resolve(tokens, phrase, open, false);
        }
        let from =
            tokens[..k].iter().rposition(|t| matches!(t.lower.as_str(), ";" | ".")).map_or(0, |j| j + 1);
        self.resolve(tokens, (from.max(k.saturating_sub(MAX_SPEAKER)), k), open, true)
    }

    /// "X told parliament that the troops had secured the border post “…”": a speech verb
    /// further back, followed by "that" (que, dass, что), reports the clause the quotation
    /// ends; its speaker is the subject before the verb.
    fn verb_before_that(&self, tokens: &[Token]) -> Option<(usize, usize)> {
        const THAT: [&str; 4] = ["that", "que", "dass", "что"];
        let that = tokens.iter().rposition(|t| THAT.contains(&t.lower.as_str()))?;
        // "told a senate committee on Monday that": the verb, its object and a date, with no
        // clause mark between.
        let (k, n) = (that.saturating_sub(8)..that)
            .rev()
            .take_while(|&k| tokens[k].word)
            .find_map(|k| self.finder.speech_verbs.at(tokens, k).map(|n| (k, n)))?;
        (k + n <= that && !is_prefix_verb(&tokens[k..k + n])).then_some((k, n))
    }

    /// A pull quote: the paragraph is the quotation, then "— Name".
    fn pull(&self, close: usize, p_end: usize) -> Option<Speaker> {
        let tokens = tokenize(&self.chars, close + 1, p_end.min(close + WINDOW));
        if tokens.first().is_none_or(|t| t.lower != "-") {
            return None;
        }
        let (s, e) = (tokens.get(1)?.start, tokens.last()?.end);
        self.person_in(s, e, false).map(Speaker::Person)
    }

    /// The speaker phrase starting at token `k`: up to a comma or the end of the clause.
    fn phrase_after(&self, tokens: &[Token], k: usize) -> (usize, usize) {
        let limit = tokens.len().min(k + MAX_SPEAKER);
        let end = (k..limit)
            .find(|&j| matches!(tokens[j].lower.as_str(), "," | ";" | ":" | "(") || self.ends(tokens, j))
            .unwrap_or(limit);
        (k, end)
    }

    /// A full stop at `k` that ends the sentence (not one after a title or an initial).
    fn ends(&self, tokens: &[Token], k: usize) -> bool {
        let t = &tokens[k];
        if !matches!(t.lower.as_str(), "." | "!" | "?") {
            return false;
        }
        let initial = k > 0 && tokens[k - 1].cap && tokens[k - 1].end - tokens[k - 1].start == 1;
        let abbreviation = k > 0 && crate::sentences::is_abbreviation(&tokens[k - 1].lower);
        // "Gen.", "Sen.": a short title; "a dit le procureur." ends its sentence.
        let short_title = k > 0
            && tokens[k - 1].end - tokens[k - 1].start <= 4
            && self.finder.title_before(tokens, k).is_some();
        !(t.lower == "." && (initial || abbreviation || short_title))
    }

    /// The speaker that tokens `[s, e)` name: a person, the last person named (pronoun), or a
    /// description.
    fn resolve(&self, tokens: &[Token], (s, e): (usize, usize), open: usize, last: bool) -> Option<Speaker> {
        if s >= e || e > tokens.len() {
            return None;
        }
        if let Some(p) = self.person_in(tokens[s].start, tokens[e - 1].end, last) {
            return Some(Speaker::Person(p));
        }
        let words = &tokens[s..e];
        if words.len() == 1 && self.finder.pronouns.contains(&words[0].lower) {
            return self.last_person_before(open).map(Speaker::Person);
        }
        if words.len() == 1 && self.finder.collective_pronouns.contains(&words[0].lower) {
            return self.last_voice_before(open, false).map(Speaker::Voice);
        }
        // The subject after an introductory phrase ("In a message on its channel, the group").
        let subject = &words[words.iter().rposition(|t| t.lower == ",").map_or(0, |k| k + 1)..];
        if self.is_group_noun(subject) {
            return self.last_voice_before(open, true).map(Speaker::Voice);
        }
        let voice = self.voice_in(tokens[s].start, tokens[e - 1].end, last);
        match voice {
            Some(v) if !self.gives_role(words) => Some(Speaker::Voice(v)),
            _ => self.description(words).map(|d| match d {
                Speaker::Description(text) => {
                    self.role_holder(&text, open).map_or(Speaker::Description(text), Speaker::Person)
                }
                other => other,
            }),
        }
    }

    /// "a dit la procureure" after "Hélène Varnier, procureure antiterroriste": a short
    /// description whose head noun is in the role of a person named before is that person
    /// (the last so named).
    fn role_holder(&self, description: &str, open: usize) -> Option<usize> {
        let lower = crate::fold::fold_lower(description);
        let words: Vec<&str> = lower.split_whitespace().collect();
        let head = *words.last().filter(|_| words.len() <= 3)?;
        let k = self.mentions.partition_point(|m| m.0 < open);
        self.mentions[..k].iter().rev().map(|m| m.2).find(|&p| {
            self.people[p].role.as_deref().is_some_and(|r| {
                crate::fold::fold_lower(r).split(|c: char| !c.is_alphanumeric()).any(|w| w == head)
            })
        })
    }

    /// "the group", "die Gruppe", "the extremist group": an article, then a group noun, with
    /// at most two lower-case words before it and nothing else.
    fn is_group_noun(&self, words: &[Token]) -> bool {
        let Some((first, rest)) = words.split_first() else { return false };
        if rest.is_empty() || !self.finder.articles.contains(&first.lower) {
            return false;
        }
        let noun: Vec<&str> = rest.iter().map(|t| t.lower.as_str()).collect();
        (0..rest.len().min(3)).any(|k| {
            rest[..k].iter().all(|t| t.word && !t.cap)
                && self.finder.group_nouns.contains(&noun[k..].join(" "))
        })
    }

    /// A role noun among the words ("a spokesman for the group"): the speaker is a person the
    /// description names, not the organisation.
    fn gives_role(&self, words: &[Token]) -> bool {
        (0..words.len()).any(|k| self.finder.roles.at(words, k).is_some())
    }

    /// The first (or last) voice inside `[s, e)`.
    fn voice_in(&self, s: usize, e: usize, last: bool) -> Option<usize> {
        let from = self.voices.partition_point(|v| v.start < s);
        let mut inside = (from..self.voices.len())
            .take_while(|&k| self.voices[k].start < e)
            .filter(|&k| self.voices[k].end <= e);
        if last { inside.last() } else { inside.next() }
    }

    /// The last voice (an armed group, with `groups`) named before `at`.
    fn last_voice_before(&self, at: usize, groups: bool) -> Option<usize> {
        let k = self.voices.partition_point(|v| v.start < at);
        (0..k).rev().find(|&j| self.voices[j].end <= at && (self.voices[j].group || !groups))
    }

    /// "a police spokesman" → "police spokesman"; at most six words, cut at a comma.
    fn description(&self, words: &[Token]) -> Option<Speaker> {
        let from = words.iter().rposition(|t| t.lower == ",").map_or(0, |k| k + 1);
        let mut words = &words[from..];
        while words.first().is_some_and(|t| self.finder.articles.contains(&t.lower)) {
            words = &words[1..];
        }
        // "die Polizei am Abend": the description ends before a time or place phrase.
        if let Some(k) = words.iter().skip(1).position(|t| self.finder.description_ends.contains(&t.lower)) {
            words = &words[..k + 1];
        }
        // "the country's leader": a possessive is part of a description.
        let possessive = |k: usize| {
            matches!(words[k].lower.as_str(), "'" | "’")
                && k > 0
                && words.get(k + 1).is_some_and(|t| t.lower == "s")
        };
        if words.is_empty()
            || words.len() > 6
            || (0..words.len()).any(|k| !words[k].word && words[k].lower != "-" && !possessive(k))
        {
            return None;
        }
        if words.len() == 1 && self.finder.pronouns.contains(&words[0].lower) {
            return None;
        }
        let (s, e) = (words[0].start, words[words.len() - 1].end);
        Some(Speaker::Description(self.chars[s..e].iter().collect()))
    }

    /// The first (or last) person mentioned inside `[s, e)`.
    fn person_in(&self, s: usize, e: usize, last: bool) -> Option<usize> {
        let from = self.mentions.partition_point(|m| m.0 < s);
        let mut inside = self.mentions[from..].iter().take_while(|m| m.0 < e).filter(|m| m.1 <= e);
        if last { inside.last() } else { inside.next() }.map(|m| m.2)
    }

    fn last_person_before(&self, at: usize) -> Option<usize> {
        let k = self.mentions.partition_point(|m| m.0 < at);
        self.mentions[..k].iter().rev().find(|m| m.1 <= at).map(|m| m.2)
    }

    /// An interview's answers as quotations of the interviewee (see [`crate::layout`]), where
    /// no marked quotation already makes up most of one.
    fn answers(&self, interview: &crate::layout::Interview, quotes: &mut Vec<Quote>) {
        let intro = self.mentions.iter().find(|m| m.1 <= interview.first_question).map(|m| m.2);
        let named = self.people_by_label();
        let marked = quotes.len();
        for a in &interview.answers {
            // A marked quotation that is most of the answer already stands for it (the marked
            // ones come first, in order of their start).
            let from = quotes[..marked].partition_point(|q| q.start < a.start);
            let covered = quotes[from..marked]
                .iter()
                .take_while(|q| q.start < a.end)
                .any(|q| q.end <= a.end && 2 * (q.end - q.start) >= a.end - a.start);
            if covered {
                continue;
            }
            let text: String = self.chars[a.start..a.end].iter().collect();
            if text.split_whitespace().count() < 4 {
                continue;
            }
            let labelled = a.label.as_deref().and_then(|l| named.get(&crate::fold::fold_lower(l)).copied());
            let person = labelled.or(intro).map(|p| &self.people[p]);
            quotes.push(Quote {
                speaker: person.map(|p| p.name.clone()),
                role: person.and_then(|p| p.role.clone()),
                affiliation: person.and_then(|p| p.affiliations.first().cloned()),
                text,
                start: a.start,
                end: a.end,
            });
        }
        quotes.sort_by_key(|q| q.start);
    }

    /// What a label may name each person by: the last word of the name, or a whole mention;
    /// the first person wins.
    fn people_by_label(&self) -> rustc_hash::FxHashMap<String, usize> {
        let mut named = rustc_hash::FxHashMap::default();
        for (p, person) in self.people.iter().enumerate() {
            let last = person.name.split_whitespace().last().into_iter();
            for form in last.chain(person.mentions.iter().map(|m| m.text.as_str())) {
                named.entry(crate::fold::fold_lower(form)).or_insert(p);
            }
        }
        named
    }

    /// The quotation of `m`, when it is one.
    fn quote(
        &self,
        paragraphs: &[(usize, usize)],
        m: &Marks,
        speaker: Option<Speaker>,
        continued: bool,
    ) -> Option<Quote> {
        let end = m.close.unwrap_or(paragraphs[m.paragraph].1);
        let (mut s, mut e) = (m.open + 1, end);
        while s < e && self.chars[s].is_whitespace() {
            s += 1;
        }
        while e > s && self.chars[e - 1].is_whitespace() {
            e -= 1;
        }
        let text: String = self.chars[s..e].iter().collect();
        let words = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
        // A short quotation ends a sentence of its own; one that ends with a comma and has no
        // attribution is a title or a term run into the sentence ("the “Assembly of the
        // Free,” which …").
        let punctuated = text.ends_with(['.', '!', '?', '…']);
        let sure = words >= PLAIN_WORDS || punctuated || speaker.is_some() || continued;
        if words < 3 || !sure {
            return None;
        }
        // "the group calls him “Abu Hamza Al-Faransi”": a short run of capitalised words is a name
        // or a title, not something said.
        let capitalised = |w: &&str| w.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase);
        if words < PLAIN_WORDS
            && !punctuated
            && text.split_whitespace().filter(|w| w.len() > 3).all(|w| capitalised(&w))
        {
            return None;
        }
        let (speaker, role, affiliation) = match speaker {
            Some(Speaker::Person(p)) => {
                let person = &self.people[p];
                (Some(person.name.clone()), person.role.clone(), person.affiliations.first().cloned())
            }
            Some(Speaker::Voice(v)) => {
                let voice = &self.voices[v];
                (Some(voice.text.clone()), None, Some(voice.name.clone()))
            }
            Some(Speaker::Description(d)) => (Some(d), None, None),
            None => (None, None, None),
        };
        Some(Quote { speaker, role, affiliation, text, start: s, end: e })
    }
}

/// "according to X", "selon X", "laut X", "según X", "по словам X": the speaker follows.
fn is_prefix_verb(verb: &[Token]) -> bool {
    let words: Vec<&str> = verb.iter().map(|t| t.lower.as_str()).collect();
    matches!(
        words.as_slice(),
        ["according", "to"] | ["selon"] | ["d'apres"] | ["d'après"] | ["laut"] | ["según"] | ["по", "словам"]
    )
}

fn is_mark(s: &str) -> bool {
    matches!(s, "\"" | "«" | "»" | "„")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::PeopleFinder;

    /// Quotations of `text` as (speaker, text), with offsets checked against the text.
    fn quotes(text: &str) -> Vec<(Option<String>, String)> {
        let finder = PeopleFinder::builtin();
        let sentences = crate::sentences::split(text);
        let people = finder.find(text, &sentences, &[]);
        let found = find(text, &sentences, &people, &[], &finder);
        for q in &found {
            assert_eq!(Span::new(q.start, q.end).slice(text), Some(q.text.as_str()));
        }
        found.into_iter().map(|q| (q.speaker, q.text)).collect()
    }

    /// Quotations of `text` as (speaker, affiliation), with `groups` (names as written, and
    /// their canonical names) as the voices a statement may come from.
    fn voiced(text: &str, groups: &[(&str, &str)]) -> Vec<(Option<String>, Option<String>)> {
        let finder = PeopleFinder::builtin();
        let sentences = crate::sentences::split(text);
        let people = finder.find(text, &sentences, &[]);
        let voices: Vec<Voice> = groups
            .iter()
            .flat_map(|&(written, name)| {
                text.match_indices(written).map(move |(at, _)| {
                    let start = text[..at].chars().count();
                    let end = start + written.chars().count();
                    Voice { start, end, text: written.into(), name: name.into(), group: true }
                })
            })
            .collect();
        find(text, &sentences, &people, &voices, &finder)
            .into_iter()
            .map(|q| (q.speaker, q.affiliation))
            .collect()
    }

    #[test]
    fn groups_speak_through_their_statements() {
        let khorasan = ("ISKP", "Islamic State Khorasan Province");
        let text = "A monitoring service quoted an ISKP statement as saying that \u{201c}its fighters \
                    attacked the checkpoint at dawn and seized weapons\u{201d}.";
        assert_eq!(voiced(text, &[khorasan])[0], (Some("ISKP".into()), Some(khorasan.1.into())));
        // "It" is the group whose statement it is; "the group" is the armed group named last.
        let text = "ISKP issued a statement on Tuesday. \u{201c}The brothers reached the gate before \
                    the guards could close it,\u{201d} it added.\n\u{201c}We will strike again and \
                    again in the capital,\u{201d} the group said.";
        let found = voiced(text, &[khorasan]);
        assert!(found.iter().all(|q| q.0.as_deref() == Some("ISKP")), "{found:?}");
        // A role in the phrase names a person, not the group.
        let text =
            "\u{201c}Our fighters carried out the attack on the convoy,\u{201d} a spokesman for ISKP said.";
        assert_eq!(voiced(text, &[khorasan])[0].0.as_deref(), Some("spokesman for ISKP"));
    }

    #[test]
    fn a_quotation_after_an_attributed_one_keeps_its_speaker_across_a_paragraph() {
        let text = "\u{201c}The suspect bought the parts over several months,\u{201d} Special Agent in Charge \
                    Dana Whitlock said. \u{201c}He tested them twice in the woods.\n\
                    \u{201c}This case shows how quickly such plans can grow,\u{201d} Marcus Ortel, Jr., \
                    deputy director of the bureau\u{2019}s counterterrorism division, said.";
        let found = quotes(text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0.as_deref(), Some("Dana Whitlock"));
        assert_eq!(found[1].0.as_deref(), Some("Dana Whitlock"));
        assert_eq!(found[2].0.as_deref(), Some("Marcus Ortel, Jr."));
    }

    fn said(speaker: &str, text: &str) -> (Option<String>, String) {
        (Some(speaker.to_string()), text.to_string())
    }

    #[test]
    fn a_quotation_opening_its_paragraph_continues_the_paragraph_before() {
        let text = "Colonel Idris Mbeki, a spokesman for the army, confirmed the assault on the camp.\n\
                    \u{201c}We have opened an inquiry into what happened at the camp.\u{201d} He added: \
                    \u{201c}The findings will be made public in due course.\u{201d}\n\
                    \u{201c}We lost four men in the night and two vehicles as well,\u{201d} a soldier told reporters.";
        let found = quotes(text);
        assert_eq!(found[0].0.as_deref(), Some("Idris Mbeki"));
        assert_eq!(found[1].0.as_deref(), Some("Idris Mbeki"));
        // Its own attribution wins over the paragraph before.
        assert_eq!(found[2].0.as_deref(), Some("soldier"));
        // A paragraph before that reports no speech gives nobody.
        let text = "The camp lies near the border with Niger.\n\u{201c}We have opened an inquiry into what happened at the camp.\u{201d}";
        assert_eq!(quotes(text)[0].0, None);
    }

    #[test]
    fn a_speech_verb_with_that_further_back_names_the_speaker() {
        let text = "Interior Minister Abdiqani Warsame Faarax told parliament that the troops had \
                    secured the border post \u{201c}after two days of slow and careful work.\u{201d}";
        assert_eq!(quotes(text)[0].0.as_deref(), Some("Abdiqani Warsame Faarax"));
        // The verb's object and a date may stand between it and "that".
        let text = "Interior Minister Abdiqani Warsame Faarax, who leads the inquiry, told a committee of \
                    the senate on Thursday that the rebels \u{201c}have lost their hold on the river towns.\u{201d}";
        assert_eq!(quotes(text)[0].0.as_deref(), Some("Abdiqani Warsame Faarax"));
        // Without "that", a verb far back reports nothing of the quotation.
        let text = "Interior Minister Abdiqani Warsame Faarax said the forces were tired, and the hotel \
                    was \u{201c}a ruin of glass and ash for weeks.\u{201d}";
        assert_eq!(quotes(text)[0].0, None);
    }

    #[test]
    fn interview_answers_are_the_interviewees_quotations() {
        let text = "In this interview, the researcher Halima Dursun talks about the group.\n\
                    Q. What changed in the north this year?\n\
                    The group moved its fighters south and changed how it pays them.\n\
                    Q. Is the group weaker now?\n\
                    Not weaker, but it is spread more thinly than before.\n";
        let found = quotes(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|q| q.0.as_deref() == Some("Halima Dursun")));
        assert!(found[0].1.starts_with("The group moved"));
    }

    #[test]
    fn speaker_after_the_quotation() {
        let text = "\u{201c}The media output is the clearest sign,\u{201d} said Dr. Farida Noori, a senior research fellow at the Ashcombe Centre. \u{201c}It takes editors and a chain of approval.\u{201d}";
        assert_eq!(
            quotes(text),
            vec![
                said("Farida Noori", "The media output is the clearest sign,"),
                said("Farida Noori", "It takes editors and a chain of approval."),
            ]
        );
        let text = "Jane Doe spoke first. \"We will not be intimidated by anyone,\" Doe said.";
        assert_eq!(quotes(text), vec![said("Jane Doe", "We will not be intimidated by anyone,")]);
    }

    #[test]
    fn pronouns_and_descriptions() {
        let text = "Marcus Eklund-Reyes studies recruitment.\n\"The pipeline today is a chat window,\" he said.\n\"Nobody was hurt in the second blast,\" a police spokesman said.";
        assert_eq!(
            quotes(text),
            vec![
                said("Marcus Eklund-Reyes", "The pipeline today is a chat window,"),
                said("police spokesman", "Nobody was hurt in the second blast,"),
            ]
        );
    }

    #[test]
    fn speaker_before_the_quotation() {
        let text = "Interior Minister Gérald Darmanin told reporters: \"The threat is extremely high.\" According to Anna Berg, \"the cell had been watched for months.\"";
        assert_eq!(
            quotes(text),
            vec![
                said("Gérald Darmanin", "The threat is extremely high."),
                said("Anna Berg", "the cell had been watched for months."),
            ]
        );
    }

    #[test]
    fn guillemets_and_other_languages() {
        let text = "«Выбор площадки вписывается в схему „Амак“», — считает Глеб Самарин, старший научный сотрудник. «Ключевой вопрос для следствия — координация», — добавил он.";
        assert_eq!(
            quotes(text),
            vec![
                said("Глеб Самарин", "Выбор площадки вписывается в схему „Амак“"),
                said("Глеб Самарин", "Ключевой вопрос для следствия — координация"),
            ]
        );
        let text = "« Un individu isolé est le profil le plus difficile », analyse Sophie Arnaudet, maîtresse de conférences.";
        assert_eq!(
            quotes(text),
            vec![said("Sophie Arnaudet", "Un individu isolé est le profil le plus difficile")]
        );
        let text =
            "„Die schnelle Reklamation sagt noch nichts“, sagte Dr. Marlene Voskuhl, Terrorismusforscherin.";
        assert_eq!(quotes(text), vec![said("Marlene Voskuhl", "Die schnelle Reklamation sagt noch nichts")]);
    }

    #[test]
    fn an_attribution_after_a_sentences_quotations_is_each_ones() {
        let text = "Les secours comptent \u{201c}neuf blessés graves\u{201d}, dont trois \u{201c}dans un état critique\u{201d}, selon le procureur. \"Le parquet a ouvert une enquête pour assassinat\", a dit le procureur.";
        assert_eq!(
            quotes(text),
            vec![
                said("procureur", "neuf blessés graves"),
                said("procureur", "dans un état critique"),
                said("procureur", "Le parquet a ouvert une enquête pour assassinat"),
            ]
        );
        // A short run of capitalised words is a name, not a quotation.
        assert!(
            quotes("The group calls the attacker \u{201c}Abu Hamza Al-Faransi\u{201d} in its weekly.")
                .is_empty()
        );
    }

    #[test]
    fn a_description_naming_a_role_given_before_is_that_person() {
        let text = "Le suspect a prêté allégeance, a déclaré mardi Hélène Varnier, procureure antiterroriste. \
                    \"Il a enregistré une vidéo avant de passer à l'acte\", a dit la procureure.";
        assert_eq!(
            quotes(text),
            vec![said("Hélène Varnier", "Il a enregistré une vidéo avant de passer à l'acte")]
        );
    }

    #[test]
    fn german_speech_verbs_with_a_particle_after_the_speaker() {
        let text = "\u{201e}Die Lage ist unter Kontrolle und es besteht keine Gefahr mehr\u{201c}, teilte die Polizei am Abend mit.";
        assert_eq!(
            quotes(text),
            vec![said("Polizei", "Die Lage ist unter Kontrolle und es besteht keine Gefahr mehr")]
        );
    }

    #[test]
    fn a_quotation_across_paragraphs_is_one_speakers() {
        let text = "\u{201c}Statements come through the media office,\u{201d} said Farida Noori. \u{201c}That requires translators.\n\u{201c}What it does not prove is direction.\u{201d}";
        let found = quotes(text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[1], said("Farida Noori", "That requires translators."));
        assert_eq!(found[2], said("Farida Noori", "What it does not prove is direction."));
    }

    #[test]
    fn scare_quotes_and_titles_are_not_quotations() {
        let text = "The answer depends on what is meant by \u{201c}do\u{201d}. A \"Festival of Diversity\" was held; the group called him a \u{2018}soldier of the caliphate\u{2019}. The group\u{2019}s claim stood.";
        assert!(quotes(text).is_empty(), "{:?}", quotes(text));
        let text = "Its report, \u{201c}Networks of the Coast,\u{201d} was widely read, and the unit's motto, \u{201c}first in, last out,\u{201d} stuck.";
        assert!(quotes(text).is_empty(), "titles and terms before a comma: {:?}", quotes(text));
    }

    #[test]
    fn unbalanced_marks_never_panic() {
        for text in [
            "",
            "\"",
            "\u{201c}\u{201d}\u{201e}\u{ab}\u{bb}\u{2018}\u{2019}",
            "\"a\" \"",
            "« jamais fermé",
            "\n\"\n\"\n",
        ] {
            let _ = quotes(text);
        }
        let text = "\"Nobody knew where the shots were coming from, said a witness.";
        assert_eq!(quotes(text).len(), 1);
        let long = format!("\"{}", "word ".repeat(200_000));
        assert_eq!(quotes(&long).len(), 1);
        let marks = "\" ".repeat(100_000);
        assert!(quotes(&marks).is_empty());
    }
}
