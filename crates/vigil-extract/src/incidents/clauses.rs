//! The clauses of a sentence that holds several attack words: where they break, where
//! relative clauses open, and which attack word a place or date belongs to.

/// The other attack words of a sentence, and where its clauses break, both as character
/// offsets into the text.
#[derive(Default)]
pub(super) struct Rivals<'a> {
    pub(super) at: Vec<usize>,
    pub(super) clauses: &'a [usize],
    /// Where relative clauses open (", where", ", who"): what they say after the attack word
    /// is of something else ("on the road to the cemetery where Soleimani, killed in a drone
    /// strike in Baghdad in 2020, is buried").
    pub(super) relative: &'a [usize],
}

impl Rivals<'_> {
    /// Whether a mention at `start` belongs to another attack word than the one at `anchor`:
    /// it lies in that word's clause ("Insurgents seized the town in August 2020, and an
    /// assault on Palma began on 24 March 2021"), or, with no clause break between the two
    /// words, nearer to it.
    pub(super) fn claim(&self, start: usize, anchor: usize) -> bool {
        // A relative clause right after the attack word is about the attack ("the raid,
        // which struck the market of X").
        if self.relative.iter().any(|&b| anchor < b && b <= start && b - anchor > 16) {
            return true;
        }
        self.at.iter().any(|&r| {
            let (low, high) = (anchor.min(r), anchor.max(r));
            match self.clauses.iter().find(|&&b| b > low && b <= high) {
                Some(&b) if r > anchor => start >= b,
                Some(&b) => start < b,
                None => start.abs_diff(r) < start.abs_diff(anchor),
            }
        })
    }
}

/// Where relative clauses open in a lower-cased sentence, as character offsets into the text.
pub(super) fn relative_clauses(lower: &str, offset: usize) -> Vec<usize> {
    const OPENINGS: &[&str] = &[", where ", " where ", ", who ", ", whose ", ", which "];
    if !lower.contains(" wh") {
        return Vec::new();
    }
    OPENINGS
        .iter()
        .flat_map(|b| lower.match_indices(b).map(|(i, _)| offset + lower[..i].chars().count()))
        .collect()
}

/// Where the clauses of a lower-cased sentence break (", and", "; ", ", while"), as character
/// offsets into the text.
pub(super) fn clause_breaks(lower: &str, offset: usize) -> Vec<usize> {
    const BREAKS: &[&str] =
        &[", and ", "; ", ", while ", ", whereas ", ", but ", " and for ", ", et ", ", und ", ", y "];
    let mut out: Vec<usize> = BREAKS
        .iter()
        .flat_map(|b| lower.match_indices(b).map(|(i, _)| offset + lower[..i].chars().count()))
        .collect();
    out.sort_unstable();
    out
}

/// Whether the word starting at character `at` is an English plural ("attacks", "bombings").
pub(super) fn plural_at(lower: &str, at: usize) -> bool {
    let word: String = lower.chars().skip(at).take_while(|c| c.is_alphanumeric() || *c == '-').collect();
    word.len() > 3 && word.ends_with('s') && !word.ends_with("ss")
}
