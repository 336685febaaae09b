//! `cargo xtask given-names --nam-dict FILE [--words FILE]`: builds `crates/vigil-extract/data/given-names.txt`,
//! the given-name lexicon that people extraction takes as evidence of a person's name.
//!
//! Source: `nam_dict.txt` by Jörg Michael (2007–2008, GNU Free Documentation License 1.2 or
//! later), as shipped in the PyPI wheel `gender-guesser` 0.4.0 (`gender_guesser/data/`). Its
//! lines are a gender code (columns 1–2), the name (columns 4–29) and one frequency digit per
//! country. What is kept:
//! - every name of the normal list (equivalence lines `=` and the duplicate lines with
//!   "expanded" umlauts, `+` in column 30, are left out);
//! - compound names written with `+` ("Abdul+Aziz") give each of their parts;
//! - names of at least two letters, letters, apostrophes and hyphens only;
//! - with `--words FILE` (Debian's `wamerican`, `/usr/share/dict/words`), a name that is also a
//!   lower-case English word is kept only where it is common somewhere (a frequency digit of at
//!   least 4): "Mark" and "Grace" stay, "Key", "Data" and "Nova" go.
//!
//! Output: one lower-case name a line, sorted and unique, under a header that names the source
//! and its licence, so a rebuild from the same file is byte-identical.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Reads the name dictionary and writes the lexicon; returns the written path.
pub fn build(root: &Path, args: &[String]) -> Result<PathBuf> {
    let at = args.iter().position(|a| a == "--nam-dict").context("missing --nam-dict FILE")?;
    let source = args.get(at + 1).context("missing --nam-dict FILE")?;
    let text = std::fs::read_to_string(source).with_context(|| format!("cannot read {source}"))?;
    let words = match args.iter().position(|a| a == "--words").and_then(|k| args.get(k + 1)) {
        Some(path) => {
            let list = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
            list.lines()
                .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
                .map(str::to_string)
                .collect()
        }
        None => HashSet::new(),
    };
    let names = given_names(&text, &words);
    let mut out = String::from(HEADER);
    for name in &names {
        out.push_str(name);
        out.push('\n');
    }
    let target = root.join("crates/vigil-extract/data/given-names.txt");
    std::fs::write(&target, out).with_context(|| format!("cannot write {}", target.display()))?;
    Ok(target)
}

const HEADER: &str = "\
# Given names, lower case, one a line: evidence that a capitalised word starts a person's name.
# Built by `cargo xtask given-names` from nam_dict.txt, (c) 2007-2008 Joerg Michael, under the
# GNU Free Documentation License 1.2 or later, as shipped in the PyPI wheel gender-guesser 0.4.0.
# This file is a modified version of that list (names only) under the same licence.
";

/// The names of the dictionary's normal list, lower case.
fn given_names(text: &str, words: &HashSet<String>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        if chars.len() < 30 || chars[0] == '#' || chars[0] == '=' || chars[29] == '+' {
            continue;
        }
        let field: String = chars[3..29].iter().collect();
        let common = chars[30..].iter().filter_map(|c| c.to_digit(16)).max().unwrap_or(0) >= 4;
        for part in field.trim().split('+') {
            let ok = part.chars().count() >= 2
                && (common || !words.contains(&part.to_lowercase()))
                && part.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '-')
                && part.chars().next().is_some_and(char::is_uppercase);
            if ok {
                names.insert(part.to_lowercase());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_names_and_parts_and_skips_the_rest() {
        let pad = |code: &str, name: &str, mark: char| format!("{code:<3}{name:<26}{mark}1 2 3 $");
        let text = [
            "# a comment line that is long enough to be read as a name line".to_string(),
            pad("M", "Amadou", ' '),
            pad("F", "Nora", ' '),
            pad("M", "Abdul+Aziz", ' '),
            pad("M", "Jörg", '+'),
            pad("=", "Bob Robert", ' '),
            pad("M", "X", ' '),
            pad("M", "Key", ' ').replace("1 2 3", "1 1 3"),
            pad("M", "Mark", ' ').replace("1 2 3", "1 9 3"),
        ]
        .join("\n");
        let words: HashSet<String> = ["key", "mark"].map(String::from).into();
        let names: Vec<String> = given_names(&text, &words).into_iter().collect();
        assert_eq!(names, ["abdul", "amadou", "aziz", "mark", "nora"]);
    }
}
