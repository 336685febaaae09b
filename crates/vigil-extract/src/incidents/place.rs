//! Where an attack happened: the place nearest its attack word that is written as a location
//! (not as an actor), venues the document places, and lists of dated cities.

use vigil_core::{Precision, Span};

use super::clauses::Rivals;
use super::inputs::Inputs;
use super::{Frame, IncidentFinder, Role};
use crate::places::Kind;

impl IncidentFinder {
    /// Cities written as locations and followed at once by their own date ("in Tehran in
    /// 2017"), in text order, when they are coordinated as a list ("in Tehran in 2017 and a
    /// shrine in Shiraz in 2022"): a few words with "and" or a comma between one item's date
    /// and the next city. Otherwise ("an attack in Berlin on Monday ... was shot dead near
    /// Milan on Friday") they are one attack and what followed it, and nothing is listed.
    pub(super) fn listed(&self, x: &Inputs, sentence: Span) -> Vec<(usize, usize, (String, Precision))> {
        let items = self.dated_cities(x, sentence);
        let coordinated = items.windows(2).all(|pair| {
            let gap = crate::fold::fold_lower(x.slice(pair[0].3, pair[1].0.max(pair[0].3)));
            let words = gap.split_whitespace().count();
            // "... on a hotel in Sousse in June 2015 and a car bombing at a stadium in Kano":
            // an attack word of its own makes a longer gap one more item.
            (words <= 6 || words <= 10 && !self.triggers(&gap).0.is_empty())
                && (gap.contains(',')
                    || gap.contains(';')
                    || gap
                        .split_whitespace()
                        .any(|w| matches!(w, "and" | "or" | "et" | "und" | "y" | "e" | "и")))
        });
        if !coordinated {
            return Vec::new();
        }
        items.into_iter().map(|(at, p, d, _)| (at, p, d)).collect()
    }

    /// Located cities each followed within a few characters by a date: (city start, place,
    /// date, date end).
    pub(super) fn dated_cities(
        &self,
        x: &Inputs,
        sentence: Span,
    ) -> Vec<(usize, usize, (String, Precision), usize)> {
        let mut out: Vec<(usize, usize, (String, Precision), usize)> = Vec::new();
        let mentions = x.places_in(sentence.start, sentence.end);
        for &(p, m) in &mentions {
            if x.places[p].kind != Kind::City || self.place_role(x, m.start, m.end) != Role::Located {
                continue;
            }
            // "in Kano, Nigeria, in May 2019": the country or region that qualifies the
            // city stands between it and its date.
            let qualified = mentions
                .iter()
                .find(|(q, n)| {
                    n.start > m.end
                        && n.start <= m.end + 3
                        && x.places[*q].kind != Kind::City
                        && x.slice(m.end, n.start).trim() == ","
                })
                .map_or(m.end, |(_, n)| n.end);
            let date = x.dates_between(qualified, qualified + 12).into_iter().next();
            if let Some(d) = date.filter(|d| !out.iter().any(|(_, _, (v, _), _)| *v == d.value)) {
                out.push((m.start, p, (d.value.clone(), d.precision), d.end));
            }
        }
        out.sort_by_key(|o| o.0);
        out
    }

    /// Venues the document places ("Crocus City Hall in Krasnogorsk", "the Abbey Gate of Kabul
    /// airport"): a capitalised name ending in a venue word, followed within a few words by a
    /// city. A later "the Crocus City Hall attack" is placed there.
    pub(super) fn venues(&self, x: &Inputs) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (p, place) in x.places.iter().enumerate().filter(|(_, p)| p.kind == Kind::City) {
            for m in &place.mentions {
                let head = x.slice(m.start.saturating_sub(60), m.start);
                if let Some(name) = venue_before(head, &self.lexicon.venue_words)
                    && seen.insert(name.clone())
                {
                    out.push((name, p));
                }
            }
        }
        out
    }

    /// Fills a frame's place and date from `sentence`, nearest to character `at` within it.
    /// A place counts as where the attack happened when it is written as a location ("in
    /// Kerman", "the Kabul airport bombing"), not as an actor ("Washington warned", "the US
    /// blamed"); a country needs a locative preposition; a region spanning several countries
    /// places nothing.
    /// Mentions nearer to one of `rivals` (other attack words of the sentence) than to `at` are
    /// left to them.
    pub(super) fn locate(
        &self,
        x: &Inputs,
        frame: &mut Frame,
        sentence: Span,
        at: usize,
        venues: &[(String, usize)],
        rivals: &Rivals,
    ) {
        let anchor = sentence.start + at;
        let distance = |start: usize| start.abs_diff(anchor);
        let mut best_city: Option<(usize, usize)> = None;
        let mut best_city_at = 0;
        let mut best_region: Option<(usize, usize)> = None;
        let mut best_country: Option<(usize, String)> = None;
        for (p, m) in x.places_in(sentence.start, sentence.end) {
            let place = &x.places[p];
            let Some(country) = &place.country else { continue };
            if rivals.claim(m.start, anchor) {
                continue;
            }
            let role = self.place_role(x, m.start, m.end);
            if matches!(role, Role::Actor | Role::Part | Role::Seat)
                || place.kind == Kind::Country && role != Role::Located
            {
                continue;
            }
            let d = if role == Role::Located { distance(m.start) / 2 } else { distance(m.start) };
            match place.kind {
                Kind::City if best_city.is_none_or(|(bd, _)| d < bd) => {
                    best_city = Some((d, p));
                    best_city_at = m.start;
                }
                Kind::Region if best_region.is_none_or(|(bd, _)| d < bd) => best_region = Some((d, p)),
                Kind::Country if best_country.as_ref().is_none_or(|(bd, _)| d < *bd) => {
                    best_country = Some((d, country.clone()))
                }
                _ => {}
            }
        }
        // "Barcelona and Cambrils": of two cities joined as one place, the first leads.
        if best_city.is_some() && best_city_at > sentence.start {
            for (p, m) in x.places_in(sentence.start, best_city_at - 1) {
                if x.places[p].kind != Kind::City {
                    continue;
                }
                let between = x.slice(m.end, best_city_at).trim().to_lowercase();
                if ["and", "y", "et", "und", "e", "и", "&"].contains(&between.as_str()) {
                    best_city = Some((0, p));
                }
            }
        }
        if best_city.is_none()
            && let slice = x.slice(sentence.start, sentence.end)
        {
            best_city = venues.iter().find(|(v, _)| slice.contains(v.as_str())).map(|&(_, p)| (0, p));
        }
        if !frame.placed() {
            frame.city = best_city.map(|(_, p)| p);
            frame.region = best_region.map(|(_, p)| p);
            frame.country = frame
                .city
                .or(frame.region)
                .and_then(|p| x.places[p].country.clone())
                .or(best_country.map(|(_, c)| c));
        }
        if frame.date.is_none() {
            frame.date = self.date_in(x, sentence, anchor, rivals);
        }
    }

    /// Towns of a sentence written as a list after a locative ("at El-Wak, Bula Gadud, Beled
    /// Hawo and Bariire"): (start, place) of each, when there are at least two, in text order.
    pub(super) fn listed_towns(&self, x: &Inputs, sentence: Span) -> Vec<(usize, usize)> {
        let mut cities: Vec<(usize, usize, usize)> = x
            .places_in(sentence.start, sentence.end)
            .into_iter()
            .filter(|&(p, _)| x.places[p].kind == Kind::City)
            .map(|(p, m)| (m.start, m.end, p))
            .collect();
        cities.sort_unstable();
        let joined = |a: &(usize, usize, usize), b: &(usize, usize, usize)| {
            matches!(x.slice(a.1, b.0), ", " | " and " | ", and " | " et " | " y " | " und " | " e " | " и ")
        };
        for (k, first) in cities.iter().enumerate() {
            if self.place_role(x, first.0, first.1) != Role::Located {
                continue;
            }
            let mut run = vec![(first.0, first.2)];
            while let Some(next) = cities.get(k + run.len())
                && joined(&cities[k + run.len() - 1], next)
            {
                run.push((next.0, next.2));
            }
            if run.len() >= 2 {
                return run;
            }
        }
        Vec::new()
    }

    /// How a place mention is used: as the location of something, as an actor, or neither.
    pub(super) fn place_role(&self, x: &Inputs, start: usize, end: usize) -> Role {
        let before = x.slice(start.saturating_sub(30), start).to_lowercase();
        let after = x.slice(end, end + 30).to_lowercase();
        let next_word: String = after
            .trim_start_matches(['\'', '’', 's'])
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let words: Vec<&str> = before.split_whitespace().rev().take(2).collect();
        // "in central Berlin", "in northern Nigeria": the word before the direction.
        let before_word = match words.as_slice() {
            [direction, word, ..] if self.lexicon.directions.iter().any(|d| d == direction) => word,
            [word, ..] => word,
            [] => "",
        }
        .trim_matches(|c: char| !c.is_alphabetic() && c != '\'')
        .to_string();
        // After a locative the place is where, whatever verb follows ("the bombing in
        // Peshawar has risen to 100": the subject is the toll, not the city).
        // "a farmer from nearby Tera told reporters": a place named beside the one it happened in.
        if self.lexicon.seats.contains(&before_word) {
            return Role::Seat;
        }
        if self.lexicon.locatives.contains(&before_word) {
            // "headquarters in Raqqa", "grew up in Lyon": the word before the locative.
            let head = before.trim_end().strip_suffix(before_word.as_str()).unwrap_or(&before);
            let head = head.trim_end().trim_end_matches(|c: char| !c.is_alphabetic());
            if self.lexicon.seats.iter().any(|s| {
                head.ends_with(s.as_str()) && !head[..head.len() - s.len()].ends_with(char::is_alphabetic)
            }) {
                return Role::Seat;
            }
            return Role::Located;
        }
        if after.starts_with([' ', ',']) && self.lexicon.actor_verbs.contains(&next_word) {
            return Role::Actor;
        }
        // "the Ortaköy neighbourhood", "the Esenyurt quarter": a part of the city the text is
        // in, named like some town elsewhere.
        if after.starts_with(' ') && self.lexicon.parts_of_town.contains(&next_word) {
            return Role::Part;
        }
        // "near Tongo Tongo, Niger": a country after a place name and a comma.
        let trimmed = before.trim_end();
        if let Some(head) = trimmed.strip_suffix(',')
            && x.slice(start.saturating_sub(30), start).trim_end().strip_suffix(',').is_some_and(|h| {
                h.split_whitespace()
                    .next_back()
                    .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
            })
            && !head.is_empty()
        {
            return Role::Located;
        }
        Role::Other
    }
}

/// The venue name ending right before a city: "Crocus City Hall in " + Krasnogorsk.
pub(super) fn venue_before(head: &str, venue_words: &[String]) -> Option<String> {
    // The link words between a venue and its city.
    let mut rest = head.trim_end();
    for link in
        [" in", " near", " outside", " on the outskirts of", " at", ",", " of", " en", " à", " bei", " в"]
    {
        if let Some(r) = rest.strip_suffix(link) {
            rest = r.trim_end();
            break;
        }
    }
    let mut words: Vec<&str> = rest.split(' ').collect();
    // "Crocus City Hall concert venue near Moscow", "Crocus City Hall, a large music venue in
    // Krasnogorsk": a few lower-case words may describe the venue before its city.
    for _ in 0..4 {
        match words.last() {
            Some(w)
                if w.chars().next().is_some_and(char::is_lowercase) && w.chars().all(char::is_alphabetic) =>
            {
                words.pop();
            }
            _ => break,
        }
    }
    let last = words.last()?.trim_matches(|c: char| !c.is_alphanumeric());
    if !venue_words.iter().any(|v| v == last) {
        return None;
    }
    // Capitalised words back from the venue word, at most five.
    let name: Vec<&str> = words
        .iter()
        .rev()
        .take(5)
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .copied()
        .collect();
    (name.len() >= 2).then(|| {
        let name: Vec<&str> = name.into_iter().rev().collect();
        name.join(" ").trim_matches(|c: char| !c.is_alphanumeric()).to_string()
    })
}
