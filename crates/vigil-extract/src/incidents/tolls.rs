//! How many were killed and injured: the figures of a frame's sentences that are its own, the
//! latest revision or the largest count, and tolls of whole conflicts left out.

use vigil_core::{Count, Span};

use super::inputs::Inputs;
use super::{Frame, IncidentFinder};
use crate::figures::{Figure, Quantity};

impl IncidentFinder {
    /// A toll of a whole conflict: an aggregate word up to 80 characters before the figure or
    /// 40 after it, inside its sentence.
    pub(super) fn aggregate(&self, x: &Inputs, fig: &Figure) -> bool {
        let from = fig.start.saturating_sub(80).max(fig.evidence.start);
        let to = (fig.end + 40).min(fig.evidence.end);
        if from >= to {
            return false;
        }
        let around = crate::fold::fold_lower(x.slice(from, to));
        self.lexicon.aggregates.iter().any(|w| around.contains(w.as_str()))
    }
}

/// The toll of `quantity` a frame reports from its `figures`: of the revised tolls, the latest;
/// else the largest, figures of one sentence joined by "and" added up; none when it is below
/// what the frame says without a number ("dozens were injured").
pub(super) fn toll(
    x: &Inputs,
    lowered: &[String],
    f: &Frame,
    spans: &[Span],
    figures: &[&Figure],
    quantity: Quantity,
) -> Option<Count> {
    let of: Vec<&Figure> = figures.iter().copied().filter(|fig| fig.quantity == quantity).collect();
    if let Some(latest) = latest_revision(x, &of) {
        return Some(latest);
    }
    let best = largest(x, &of)?;
    // "Dozens of people were injured, and two police officers were wounded": a number below
    // what the frame says without one counts only some of them.
    let vague = spans
        .iter()
        .zip(&f.sentences)
        .filter(|(_, i)| crate::figures::may_count_vaguely(&lowered[**i]))
        .flat_map(|(s, _)| crate::figures::vague_counts(x.slice(s.start, s.end)))
        .filter(|(q, _)| *q == quantity)
        .map(|(_, least)| least)
        .max();
    match vague {
        Some(least) if best.value < least => None,
        _ => Some(best),
    }
}

/// Of the revised tolls, the latest: by the date written nearest to each ("has risen to 359,
/// police said on Wednesday" over "by Monday the toll stood at 290"), an undated one being as
/// of the revision before it; then the last in the text.
fn latest_revision(x: &Inputs, of: &[&Figure]) -> Option<Count> {
    let published = x.published.map(|p| p.format("%Y-%m-%d").to_string());
    let mut as_of = String::new();
    let mut latest: Option<(String, &Figure)> = None;
    for fig in of.iter().filter(|fig| fig.update) {
        // The statement's date follows the figure ("rose to 359, police said on Wednesday");
        // one before it may be the attack's ("the bombings on Sunday").
        if let Some(d) = x
            .dates_between(fig.evidence.start, fig.evidence.end)
            .into_iter()
            .filter(|d| d.end <= fig.evidence.end)
            .filter(|d| published.as_ref().is_none_or(|p| d.value <= *p))
            .min_by_key(|d| (d.start < fig.start, d.start.abs_diff(fig.start)))
        {
            as_of = d.value.clone();
        }
        if latest.as_ref().is_none_or(|(when, _)| as_of >= *when) {
            latest = Some((as_of.clone(), fig));
        }
    }
    latest.map(|(_, update)| Count { value: update.value, qualifier: update.qualifier.map(String::from) })
}

/// The largest count: "killed 13 US service members and about 170 Afghans" gives figures of
/// one sentence joined by "and", which count different people and add up ("including 5
/// children" would be a part, and does not).
fn largest(x: &Inputs, of: &[&Figure]) -> Option<Count> {
    let mut best: Option<Count> = None;
    let mut i = 0;
    // A range of the dead ("between 10 and 30") counts its lower bound, at least.
    let count = |f: &Figure| match f.low {
        Some(low) => (low, f.qualifier.or(Some("at least"))),
        None => (f.value, f.qualifier),
    };
    while i < of.len() {
        let ((mut value, mut qualifier), mut j) = (count(of[i]), i);
        while j + 1 < of.len() && of[j + 1].evidence == of[i].evidence && joined(x, of[j], of[j + 1]) {
            j += 1;
            let (v, q) = count(of[j]);
            value += v;
            qualifier = qualifier.or(q);
        }
        if best.as_ref().is_none_or(|b| value > b.value) {
            best = Some(Count { value, qualifier: qualifier.map(String::from) });
        }
        i = j + 1;
    }
    best
}

/// Whether two figures of one sentence count different people: "and" within a few words, or
/// a clause after a semicolon ("13 American service members were killed; ... the number of
/// Afghan dead at around 170"), and no word that makes the second a part of the first.
fn joined(x: &Inputs, a: &Figure, b: &Figure) -> bool {
    let between = crate::fold::fold_lower(x.slice(a.end, b.start));
    (between.split_whitespace().any(|w| w == "and") && between.split_whitespace().count() <= 8
        || between.contains(';') && !a.update && !b.update)
        && !["including", "among", "of whom", "of them", "and another", "in all", "in total"]
            .iter()
            .any(|w| between.contains(w))
}

/// For each figure, the frame it belongs to when its sentence is shared by several frames that
/// name their attack in it: the one named last before the figure ("gunmen killed more than 140
/// people at Crocus City Hall ... and twin bombings in Kerman"; "the ambush near Tongo Tongo,
/// in which four soldiers were killed, and the attack on Inates, in which 71 died"), else the
/// one named first after it. `None` leaves the figure to every frame of its sentence; attacks
/// named without a frame (`orphans`) take their figures from all. A toll that leads into the
/// attack word after it ("12 died two days earlier in a car bombing", "nine guards were killed
/// in a May 3 raid") is that attack's.
pub(super) fn figure_owners(
    x: &Inputs,
    frames: &[Frame],
    orphans: &[usize],
    prepositions: &[String],
) -> Vec<Option<usize>> {
    // Every place an attack is named: (offset, frame, k), the frame's k-th anchor, sorted by
    // offset; the frame after the last stands for the orphans.
    let mut anchors: Vec<(usize, usize, usize)> = frames
        .iter()
        .map(|f| f.anchors.as_slice())
        .chain([orphans])
        .enumerate()
        .flat_map(|(k, list)| list.iter().enumerate().map(move |(j, &a)| (a, k, j)))
        .collect();
    anchors.sort_unstable();
    x.figures
        .iter()
        .map(|fig| {
            let sentence = fig.evidence;
            let from = anchors.partition_point(|a| a.0 < sentence.start);
            let mut within: Vec<(usize, usize, usize)> = anchors[from..]
                .iter()
                .take_while(|a| a.0 < sentence.end)
                .map(|&(a, k, j)| (k, j, a))
                .collect();
            within.sort_unstable();
            let named: Vec<(usize, usize)> = within.into_iter().map(|(k, _, a)| (k, a)).collect();
            let mut framed: Vec<usize> = named.iter().map(|&(k, _)| k).collect();
            framed.sort_unstable();
            framed.dedup();
            if framed.len() < 2 {
                return None;
            }
            let before = named.iter().filter(|&&(_, a)| a <= fig.start).max_by_key(|&&(_, a)| a);
            let after = named.iter().filter(|&&(_, a)| a > fig.start).min_by_key(|&&(_, a)| a);
            let leads = after.filter(|&&(_, a)| leads_into(x, fig, a, prepositions));
            leads.or(before).or(after).map(|&(k, _)| k)
        })
        .collect()
}

/// Whether the words from a figure to the attack word at `anchor` tie the figure to it: a few
/// words, no clause mark, and a preposition ("killed in a May 3 raid").
fn leads_into(x: &Inputs, fig: &Figure, anchor: usize, prepositions: &[String]) -> bool {
    if anchor <= fig.end || anchor - fig.end > 60 {
        return false;
    }
    let between = crate::fold::fold_lower(x.slice(fig.end, anchor));
    // Not across another figure or a coordinated clause ("40 villagers in the east and killed
    // nine soldiers in an ambush").
    let words: Vec<&str> = between.split_whitespace().collect();
    !between.contains([',', ';', '(', ':'])
        && !between.contains(|c: char| c.is_ascii_digit())
        && !words.iter().any(|w| matches!(*w, "and" | "et" | "und" | "y" | "e" | "и"))
        && words.iter().any(|w| prepositions.iter().any(|p| p == w))
}

pub(super) fn is_attacker_word(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "gunmen" | "attackers" | "assailants" | "bombers" | "militants")
}
