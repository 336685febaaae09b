//! The facts of a document that incidents are built from, indexed by position so that the
//! facts of a sentence are found by binary search.

use vigil_core::Span;

use crate::dates::DateMention;
use crate::figures::Figure;
use crate::groups::{GroupFacts, Mention};
use crate::places::PlaceFacts;

/// The facts of a document that incidents are built from.
pub struct Inputs<'a> {
    pub text: &'a str,
    pub sentences: &'a [Span],
    pub places: &'a [PlaceFacts],
    pub dates: &'a [DateMention],
    pub groups: &'a [GroupFacts],
    pub figures: &'a [Figure],
    pub published: Option<chrono::NaiveDate>,
    /// Character spans to text, built on first use.
    index: std::cell::OnceCell<crate::fold::CharIndex<'a>>,
    /// Where the facts are, built on first use.
    positions: std::cell::OnceCell<Positions>,
}

/// The mentions of a document's facts sorted by where they start, so that the facts of a
/// sentence are found by binary search rather than by a pass over the whole document: the
/// work per sentence stays the same however long the document is.
struct Positions {
    /// (start, end, place, k): the k-th mention of a place.
    places: Vec<(usize, usize, usize, usize)>,
    /// (start, end, group, k): the k-th mention of a group.
    groups: Vec<(usize, usize, usize, usize)>,
    /// (start, index into the dates).
    dates: Vec<(usize, usize)>,
    /// The ends of the figures that revise a toll.
    revisions: Vec<usize>,
}

impl Positions {
    pub(super) fn new(x: &Inputs) -> Positions {
        let mut places: Vec<(usize, usize, usize, usize)> = x
            .places
            .iter()
            .enumerate()
            .flat_map(|(p, place)| {
                place.mentions.iter().enumerate().map(move |(k, m)| (m.start, m.end, p, k))
            })
            .collect();
        places.sort_unstable();
        let mut groups: Vec<(usize, usize, usize, usize)> = x
            .groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| {
                group.mentions.iter().enumerate().map(move |(k, m)| (m.start, m.end, g, k))
            })
            .collect();
        groups.sort_unstable();
        let mut dates: Vec<(usize, usize)> = x.dates.iter().enumerate().map(|(i, d)| (d.start, i)).collect();
        dates.sort_unstable();
        let mut revisions: Vec<usize> = x.figures.iter().filter(|f| f.update).map(|f| f.end).collect();
        revisions.sort_unstable();
        Positions { places, groups, dates, revisions }
    }
}

impl<'a> Inputs<'a> {
    pub fn new(
        text: &'a str,
        sentences: &'a [Span],
        places: &'a [PlaceFacts],
        dates: &'a [DateMention],
        groups: &'a [GroupFacts],
        figures: &'a [Figure],
        published: Option<chrono::NaiveDate>,
    ) -> Inputs<'a> {
        Inputs {
            text,
            sentences,
            places,
            dates,
            groups,
            figures,
            published,
            index: Default::default(),
            positions: Default::default(),
        }
    }

    fn positions(&self) -> &Positions {
        self.positions.get_or_init(|| Positions::new(self))
    }

    /// The place mentions wholly within characters `start..end`, as (place, mention), in the
    /// order of the places and then of the text.
    pub(super) fn places_in(&self, start: usize, end: usize) -> Vec<(usize, &'a Mention)> {
        let all = &self.positions().places;
        let from = all.partition_point(|m| m.0 < start);
        let mut out: Vec<(usize, usize)> =
            all[from..].iter().take_while(|m| m.0 < end).filter(|m| m.1 <= end).map(|m| (m.2, m.3)).collect();
        out.sort_unstable();
        let places = self.places;
        out.into_iter().map(|(p, k)| (p, &places[p].mentions[k])).collect()
    }

    /// The group mentions that start within characters `start..end`, as (group, mention), in
    /// the order of the groups and then of the text.
    pub(super) fn groups_in(&self, start: usize, end: usize) -> Vec<(usize, &'a Mention)> {
        let all = &self.positions().groups;
        let from = all.partition_point(|m| m.0 < start);
        let mut out: Vec<(usize, usize)> =
            all[from..].iter().take_while(|m| m.0 < end).map(|m| (m.2, m.3)).collect();
        out.sort_unstable();
        let groups = self.groups;
        out.into_iter().map(|(g, k)| (g, &groups[g].mentions[k])).collect()
    }

    /// The group named last before character `at` (of two named at the same place, the later
    /// in the document's list of groups).
    pub(super) fn group_before(&self, at: usize) -> Option<&'a GroupFacts> {
        let all = &self.positions().groups;
        let before = &all[..all.partition_point(|m| m.0 < at)];
        let last = before.last()?.0;
        before.iter().rev().take_while(|m| m.0 == last).map(|m| m.2).max().map(|g| &self.groups[g])
    }

    /// The dates that start within characters `from..=to`, in the document's order of dates.
    pub(super) fn dates_between(&self, from: usize, to: usize) -> Vec<&'a DateMention> {
        let all = &self.positions().dates;
        let first = all.partition_point(|d| d.0 < from);
        let mut out: Vec<usize> = all[first..].iter().take_while(|d| d.0 <= to).map(|d| d.1).collect();
        out.sort_unstable();
        out.into_iter().map(|i| &self.dates[i]).collect()
    }

    /// Whether a figure that revises a toll ends within six characters before `at` ("revised
    /// the toll down to 84 on Thursday").
    pub(super) fn revision_just_before(&self, at: usize) -> bool {
        let ends = &self.positions().revisions;
        let first = ends.partition_point(|&e| e + 6 < at);
        ends.get(first).is_some_and(|&e| e <= at)
    }

    /// The text between two character offsets (clamped to the text), in constant time.
    pub(super) fn slice(&self, start: usize, end: usize) -> &'a str {
        self.index.get_or_init(|| crate::fold::CharIndex::new(self.text)).slice(start, end)
    }
}
