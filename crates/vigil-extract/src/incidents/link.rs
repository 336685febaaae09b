//! How the attack is tied to its group: the strongest unnegated, unhedged link cue of a
//! frame's sentences, weighed with the claim and the perpetrator.

use vigil_core::Span;

use super::inputs::Inputs;
use super::perpetrator::{Attribution, related};
use super::{Cue, CueKind, Frame, IncidentFinder, Link, tail};

impl IncidentFinder {
    /// The link level the frame's sentences support, with the cues found.
    pub(super) fn link<'c>(
        &self,
        x: &Inputs,
        f: &Frame,
        lowered: &[String],
        cues_of: &dyn Fn(usize) -> &'c Vec<(usize, usize, CueKind)>,
        blamed: bool,
        claimed: bool,
    ) -> (Link, Vec<Cue>) {
        let mut cues = Vec::new();
        for &i in &f.sentences {
            let lower = &lowered[i];
            for &(at, to, kind) in cues_of(i) {
                let CueKind::Link(level) = kind else { continue };
                // "investigating whether it was directed by": an open question says nothing.
                if matches!(level, Link::Directed | Link::Enabled)
                    && self.uncertain.find(tail(&lower[..at], 40)).is_some()
                {
                    continue;
                }
                let negated = self.negated(&lower[..at]);
                // "no evidence of training" speaks against direction: inspiration.
                let link = match (level, negated) {
                    (Link::Directed | Link::Enabled, true) => Link::Inspired,
                    (l, false) => l,
                    (_, true) => continue,
                };
                let start = x.sentences[i].start + lower[..at].chars().count();
                let end = start + lower[at..to].chars().count();
                let text = x.slice(start, end).to_string();
                cues.push(Cue { link, text, start, end });
            }
        }
        cues.sort_by_key(|c| c.start);
        let mut link = cues.iter().map(|c| c.link).max().unwrap_or(Link::Unknown);
        // A group's claim outweighs others' attribution ("attacks claimed by the Islamic
        // State and attributed by officials to ISKP" are claimed).
        if claimed && link < Link::Claimed {
            link = Link::Claimed;
        } else if link == Link::Unknown && blamed {
            link = Link::Alleged;
        } else if link == Link::Alleged && !blamed {
            // "Officials blamed Israel and the United States": an accusation with no group in
            // it links the attack to no group.
            link = Link::Unknown;
        }
        (link, cues)
    }

    pub(super) fn negated(&self, before: &str) -> bool {
        let window = tail(before, 40);
        self.negations
            .find_overlapping_iter(window)
            .any(|m| !window[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric))
    }

    /// The perpetrator and the link level of a frame: the link its cues support (a claim by
    /// another group than the perpetrator is the officials' allegation), raised by the group's
    /// own people named as the attackers and by a group's fighters referred back to.
    pub(super) fn tie<'c>(
        &self,
        x: &Inputs,
        lowered: &[String],
        cues_of: &dyn Fn(usize) -> &'c Vec<(usize, usize, CueKind)>,
        f: &Frame,
        spans: &[Span],
        who: &Attribution,
    ) -> (Option<String>, Link, Vec<Cue>) {
        let mut perpetrator = who.perpetrator;
        // The claim counts for the link when it is the perpetrator's (or its branch's).
        let claim_is_theirs = who.claimant.is_some_and(|c| perpetrator.is_some_and(|p| related(p, c)));
        let (mut link, mut cues) = self.link(x, f, lowered, cues_of, perpetrator.is_some(), claim_is_theirs);
        if who.claimant.is_some() && !claim_is_theirs && perpetrator.is_some() && link == Link::Claimed {
            link = Link::Alleged;
        }
        if let Some((g, start, end, level)) = self.own_people(x, &who.mentions, spans)
            && perpetrator.is_none_or(|p| related(p, g))
        {
            perpetrator = perpetrator.or(Some(g));
            cues.push(Cue { link: level, text: x.slice(start, end).to_string(), start, end });
            link = link.max(level);
        }
        if perpetrator.is_none()
            && let Some((g, cue)) = self.group_anaphor(x, lowered, f)
        {
            perpetrator = Some(g);
            cues.push(cue);
            if matches!(link, Link::Unknown | Link::Alleged) {
                link = Link::Directed;
            }
        }
        (perpetrator.map(|g| g.id.clone()), link, cues)
    }
}
