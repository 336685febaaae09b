//! Who did it: the groups a frame's sentences name with claim and blame cues, the claiming
//! movement's branch, the group's own people named as the attackers, and a group's fighters
//! referred back to.

use vigil_core::Span;

use super::inputs::Inputs;
use super::{Cue, CueKind, Frame, IncidentFinder, Link};
use crate::groups::GroupFacts;

/// Who a frame's sentences hold responsible.
pub(super) struct Attribution<'a> {
    /// The group that claimed the attack: the most specific named beside a claim cue.
    pub(super) claimant: Option<&'a GroupFacts>,
    pub(super) perpetrator: Option<&'a GroupFacts>,
    /// The group mentions of the frame's sentences: (group, start, k-th sentence of the frame),
    /// in the order of the groups and then of the text.
    pub(super) mentions: Vec<(usize, usize, usize)>,
}

/// The groups a frame names, by what their sentences say of them.
struct Named<'a> {
    claimed: Vec<&'a GroupFacts>,
    blamed: Vec<&'a GroupFacts>,
    named: Vec<&'a GroupFacts>,
    mentions: Vec<(usize, usize, usize)>,
}

impl IncidentFinder {
    /// The claimant and the perpetrator of a frame, from the claim and blame cues nearest to
    /// each group its sentences name.
    pub(super) fn attribution<'a, 'c>(
        &self,
        x: &Inputs<'a>,
        lowered: &[String],
        cues_of: &dyn Fn(usize) -> &'c Vec<(usize, usize, CueKind)>,
        f: &Frame,
        spans: &[Span],
    ) -> Attribution<'a> {
        let Named { claimed, blamed, named, mentions } = named_groups(x, lowered, cues_of, f, spans);
        let claimant = most_specific(&claimed);
        let mut responsible = claimed.clone();
        responsible.extend(&blamed);
        // A group officials name that is no part of the claiming movement ("officials named
        // National Thowheeth Jama'ath as the main suspect"; the Islamic State claimed the
        // attacks) is the attackers' own: it is the perpetrator, with the link the officials'
        // word gives.
        let named_apart: Vec<&GroupFacts> =
            blamed.iter().copied().filter(|b| claimed.iter().all(|c| !related(b, c))).collect();
        let branch = |g: &GroupFacts| branch_of(x, f.country.as_deref(), g);
        let perpetrator = match claimant {
            Some(c) if let Some(b) = branch(c) => Some(b),
            // The movement itself claiming what officials lay on a local group is claiming the
            // local group's attack; a branch's own claim names its own fighters.
            Some(c)
                if c.parent.is_none()
                    && let Some(apart) = most_specific(&named_apart) =>
            {
                Some(apart)
            }
            _ => most_specific(&responsible)
                .or_else(|| (f.sentences.len() == 1).then(|| most_specific(&named)).flatten())
                .map(|p| branch(p).unwrap_or(p)),
        };
        Attribution { claimant, perpetrator, mentions }
    }

    /// "An ISKP suicide bomber struck Abbey Gate", "Islamic State gunmen stormed the hall",
    /// "gunmen from ISWAP": the first group mention of the frame written with a noun for the
    /// group's own people, as (group, start, end, level). One its operation sent (a suicide
    /// bomber) makes the attack directed; its members in general ("ISIS militants attacked
    /// the town") are the report's allegation.
    pub(super) fn own_people<'a>(
        &self,
        x: &Inputs<'a>,
        mentions: &[(usize, usize, usize)],
        spans: &[Span],
    ) -> Option<(&'a GroupFacts, usize, usize, Link)> {
        mentions.iter().find_map(|&(g, start, k)| {
            let g = &x.groups[g];
            let m = g.mentions.iter().find(|m| m.start == start)?;
            if m.end > spans[k].end {
                return None;
            }
            let level = |noun: &String| {
                if self.lexicon.operatives.contains(noun) { Link::Directed } else { Link::Alleged }
            };
            let after = crate::fold::fold_lower(x.slice(m.end, m.end + 20));
            let noun = self.lexicon.own_people.iter().find(|n| {
                after
                    .strip_prefix(' ')
                    .and_then(|a| a.strip_prefix(n.as_str()))
                    .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
            });
            if let Some(noun) = noun {
                return Some((g, m.start, m.end + 1 + noun.chars().count(), level(noun)));
            }
            // "gunmen from Islamic State West Africa Province", "fighters of the Islamic State".
            let before = crate::fold::fold_lower(x.slice(m.start.saturating_sub(40), m.start));
            // "боевики из группировки «Аш-Шабаб»": an opening quotation mark before the name.
            let head = before.trim_end_matches(['«', '"', '„']);
            let head = head.strip_suffix("the ").unwrap_or(head);
            let (noun, taken) = self.lexicon.member_links.iter().find_map(|l| {
                let rest = head.strip_suffix(' ')?.strip_suffix(l.as_str())?.strip_suffix(' ')?;
                self.lexicon.own_people.iter().find_map(|n| {
                    let rest = rest.strip_suffix(n.as_str())?;
                    (!rest.ends_with(char::is_alphanumeric))
                        .then(|| (n, before[rest.len()..].chars().count()))
                })
            })?;
            Some((g, m.start.saturating_sub(taken), m.end, level(noun)))
        })
    }

    /// "The group's fighters previously attacked the parliament in Tehran", "its fighters were
    /// responsible for the ambush": the group the phrase refers to (the first named in the
    /// sentence before, else the last named before), with the phrase as a directed cue.
    pub(super) fn group_anaphor<'a>(
        &self,
        x: &Inputs<'a>,
        lowered: &[String],
        f: &Frame,
    ) -> Option<(&'a GroupFacts, Cue)> {
        let &first = f.sentences.first()?;
        let (at, phrase) = self
            .lexicon
            .group_anaphors
            .iter()
            .find_map(|a| lowered[first].find(a.as_str()).map(|at| (at, a)))?;
        let opening = x.sentences[first].start;
        let previous = first.checked_sub(1).map(|p| x.sentences[p]);
        let first_in_previous = previous.and_then(|p| {
            x.groups_in(p.start, p.end).into_iter().min_by_key(|(_, m)| m.start).map(|(g, _)| &x.groups[g])
        });
        let g = first_in_previous.or_else(|| x.group_before(opening))?;
        let start = opening + lowered[first][..at].chars().count();
        let end = start + phrase.chars().count();
        Some((g, Cue { link: Link::Directed, text: x.slice(start, end).to_string(), start, end }))
    }
}

/// The groups named in a frame's sentences, each by the claim or blame cue nearest to it in
/// its sentence ("The government has blamed National Thowheeth Jama'ath, and the Islamic State
/// has claimed responsibility").
fn named_groups<'a, 'c>(
    x: &Inputs<'a>,
    lowered: &[String],
    cues_of: &dyn Fn(usize) -> &'c Vec<(usize, usize, CueKind)>,
    f: &Frame,
    spans: &[Span],
) -> Named<'a> {
    let said: Vec<Vec<(usize, CueKind)>> = f
        .sentences
        .iter()
        .map(|&i| {
            let lower = lowered[i].as_str();
            cues_of(i)
                .iter()
                .filter(|c| matches!(c.2, CueKind::Claim | CueKind::Blame))
                .map(|c| (lower[..c.0].chars().count(), c.2))
                .collect()
        })
        .collect();
    let mut mentions: Vec<(usize, usize, usize)> = spans
        .iter()
        .enumerate()
        .flat_map(|(k, s)| x.groups_in(s.start, s.end).into_iter().map(move |(g, m)| (g, m.start, k)))
        .collect();
    mentions.sort_unstable();
    let mut out = Named { claimed: Vec::new(), blamed: Vec::new(), named: Vec::new(), mentions: Vec::new() };
    for &(g, start, k) in &mentions {
        let g = &x.groups[g];
        let at = start - spans[k].start;
        match said[k].iter().min_by_key(|c| c.0.abs_diff(at)).map(|c| c.1) {
            Some(CueKind::Claim) => out.claimed.push(g),
            Some(_) => out.blamed.push(g),
            None => out.named.push(g),
        }
    }
    out.mentions = mentions;
    out
}

/// The branch that did what `g` claimed or is blamed for: the group the document names most
/// (at least three mentions and half of all) when it is a branch of `g` ("The Islamic State
/// claimed it" in a report about its Khorasan branch: claims of a province's attacks are made
/// in the name of the whole movement); or, for an attack outside `g`'s own regions, its one
/// branch the document names that operates in the attack's country ("Islamic State claimed
/// the attack" on Palma, in a report that also names ISIS-Mozambique).
fn branch_of<'a>(x: &Inputs<'a>, country: Option<&str>, g: &GroupFacts) -> Option<&'a GroupFacts> {
    let total: usize = x.groups.iter().map(|g| g.mentions.len()).sum();
    let main = x
        .groups
        .iter()
        .max_by_key(|g| g.mentions.len())
        .filter(|main| main.mentions.len() >= 3 && main.mentions.len() * 2 >= total);
    main.filter(|m| m.parent.as_deref() == Some(g.id.as_str())).or_else(|| {
        let c = country.filter(|c| !g.regions.iter().any(|r| r == c))?;
        let mut local = x
            .groups
            .iter()
            .filter(|b| b.parent.as_deref() == Some(g.id.as_str()) && b.regions.iter().any(|r| r == c));
        let only = local.next()?;
        local.next().is_none().then_some(only)
    })
}

/// Whether two groups are one, or one is the other's branch.
pub(super) fn related(a: &GroupFacts, b: &GroupFacts) -> bool {
    a.id == b.id || a.parent.as_deref() == Some(b.id.as_str()) || b.parent.as_deref() == Some(a.id.as_str())
}

/// The group that no other candidate is a branch of: ISKP rather than the Islamic State.
pub(super) fn most_specific<'g>(groups: &[&'g GroupFacts]) -> Option<&'g GroupFacts> {
    groups
        .iter()
        .find(|g| !groups.iter().any(|other| other.parent.as_deref() == Some(g.id.as_str())))
        .copied()
}
