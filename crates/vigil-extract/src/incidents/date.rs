//! When an attack happened: the date nearest its attack word, leaving out dates of statements,
//! revisions, periods and what came after.

use vigil_core::{Precision, Span};

use super::clauses::Rivals;
use super::inputs::Inputs;
use super::{Frame, IncidentFinder};
use crate::dates::DateMention;

impl IncidentFinder {
    /// The date of an attack in `sentence`: the one nearest to character `anchor`, leaving out
    /// dates after publication (a trial, an anniversary), dates of statements ("on Thursday
    /// claimed") and, where another is given, estimates.
    pub(super) fn date_in(
        &self,
        x: &Inputs,
        sentence: Span,
        anchor: usize,
        rivals: &Rivals,
    ) -> Option<(String, Precision)> {
        let published = x.published.map(|p| p.format("%Y-%m-%d").to_string());
        x.dates_between(sentence.start, sentence.end)
            .into_iter()
            .filter(|d| d.end <= sentence.end)
            .filter(|d| !rivals.claim(d.start, anchor))
            .filter(|d| published.as_ref().is_none_or(|p| d.value.as_str() <= p.as_str()))
            .filter(|d| !self.reported_on(x, d.start, d.end))
            // "revised the toll down to 84 on Thursday": the date of the revision.
            .filter(|d| !x.revision_just_before(d.start))
            .filter(|d| !self.period_bound(x, d.start))
            .filter(|d| !self.founding(x, d.start))
            .filter(|d| !self.page_date(x, d.start))
            .min_by_key(|d| d.start.abs_diff(anchor) + if d.precision == Precision::Approx { 200 } else { 0 })
            .map(|d| {
                let (value, precision) = refined(x, d, sentence, anchor, rivals);
                // A year made precise only by the page's own date stays a year.
                let page = x
                    .dates_between(d.start + 1, sentence.end)
                    .into_iter()
                    .any(|r| r.value == value && r.value != d.value && self.page_date(x, r.start));
                if page { (d.value.clone(), d.precision) } else { (value, precision) }
            })
    }

    /// A date for a frame without one, from the sentences just before and after those that
    /// name its attack, where no other attack took them (`framed`: the sentences of every
    /// frame).
    pub(super) fn date_from_neighbours(&self, x: &Inputs, frame: &mut Frame, framed: &[bool]) {
        let mut near: Vec<usize> = Vec::new();
        let named = |i: &&usize| {
            let s = x.sentences[**i];
            frame.anchors.iter().any(|&a| s.start <= a && a < s.end)
        };
        // A date heading just before ("14 février", then the paragraph it dates) comes first.
        let heading = |n: usize| {
            let s = x.sentences[n];
            let line = x.slice(s.start, s.end).trim();
            line.split_whitespace().count() <= 4
                && x.dates_between(s.start, s.end).iter().any(|d| d.end - d.start + 4 >= line.chars().count())
        };
        for &i in frame.sentences.iter().filter(named) {
            let before = i.wrapping_sub(1);
            let order =
                if before < x.sentences.len() && heading(before) { [before, i + 1] } else { [i + 1, before] };
            for n in order {
                if n < x.sentences.len() && !framed[n] && !near.contains(&n) {
                    near.push(n);
                }
            }
        }
        if let Some(date) = near
            .into_iter()
            .find_map(|n| self.date_in(x, x.sentences[n], x.sentences[n].start, &Rivals::default()))
        {
            frame.date = Some(date);
        }
    }

    /// Whether a date bounds a period ("since 2020", "seit 2019") rather than dating an event.
    pub(super) fn period_bound(&self, x: &Inputs, start: usize) -> bool {
        let before = x.slice(start.saturating_sub(12), start).to_lowercase();
        let word = before.split_whitespace().next_back().unwrap_or("");
        self.lexicon.period_words.iter().any(|w| w == word)
    }

    /// Whether a date is a group's founding ("founded in 2011", "formed in 2009 by").
    fn founding(&self, x: &Inputs, start: usize) -> bool {
        super::has_phrase(&words_before(x, start, 3), &self.lexicon.founding_words)
    }

    /// Whether a date is the page's own ("Rédigé par A. Writer le 9 octobre 2019", "Posted on
    /// 3 March 2021"): a publishing word a few words before it.
    fn page_date(&self, x: &Inputs, start: usize) -> bool {
        super::has_phrase(&words_before(x, start, 6), &self.lexicon.publishing_words)
    }

    /// Whether a date is the date of a statement: a reporting verb right before or after it.
    pub(super) fn reported_on(&self, x: &Inputs, start: usize, end: usize) -> bool {
        // "said on Friday", "claimed responsibility on Thursday", "on Thursday claimed".
        let before = x.slice(start.saturating_sub(40), start);
        let after = x.slice(end, end + 40);
        let near_after: Vec<String> = after.split_whitespace().take(3).map(|w| w.to_lowercase()).collect();
        let near_before: Vec<String> =
            before.split_whitespace().rev().take(3).map(|w| w.to_lowercase()).collect();
        let verb = |w: &String| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            self.lexicon.reporting_verbs.iter().any(|v| v == w)
        };
        // "through its Amaq news agency on 4 January", "in a statement on Friday".
        let medium = |w: &String| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            self.lexicon.media.iter().any(|m| m == w)
        };
        near_after.iter().any(verb) || near_before.iter().any(|w| verb(w) || medium(w))
    }
}

/// The last `n` words before character `start`, lower-cased and folded, joined by spaces.
fn words_before(x: &Inputs, start: usize, n: usize) -> String {
    let before = crate::fold::fold_lower(x.slice(start.saturating_sub(12 * n), start));
    let mut words: Vec<&str> = before.split_whitespace().rev().take(n).collect();
    words.reverse();
    words.join(" ")
}

/// The date written with the attack word at character `at` of a sentence, in its own phrase
/// ("the attack on 22 March 2024", "a series of bombings in Turkey during 2016",
/// "l'attentat du 13 novembre"), which dates the attack itself.
pub(super) fn attached_date(
    x: &Inputs,
    lower: &str,
    sentence: Span,
    at: usize,
) -> Option<(String, Precision)> {
    let word = lower.chars().skip(at).take_while(|c| c.is_alphanumeric() || *c == '-').count();
    let after = sentence.start + at + word;
    let date = x.dates_between(after, after + 40).into_iter().find(|d| d.end <= sentence.end)?;
    let between = x.slice(after, date.start);
    (!between.contains([',', ';', ':', '(', '—'])).then(|| refined(x, date, sentence, at, &Rivals::default()))
}

/// A year made more precise by a later date of its sentence that falls within it ("during 2016,
/// including at Istanbul's Atatürk Airport in June").
pub(super) fn refined(
    x: &Inputs,
    d: &DateMention,
    sentence: Span,
    anchor: usize,
    rivals: &Rivals,
) -> (String, Precision) {
    x.dates_between(d.start + 1, sentence.end)
        .into_iter()
        .filter(|r| r.end <= sentence.end && !rivals.claim(r.start, anchor))
        .filter(|r| r.value.len() > d.value.len() && r.value.starts_with(d.value.as_str()))
        .find(|r| d.precision == Precision::Year && r.precision != Precision::Approx)
        .map_or((d.value.clone(), d.precision), |r| (r.value.clone(), r.precision))
}
