//! Layout: what a line of a document is, beyond its words. Stored text keeps one paragraph,
//! heading or list item per line, so the marks are per line.
//!
//! So far one layout is read: the interview. A document is an interview when at least two
//! question lines are each followed by an answer line, and its questions are marked ("Q.", a
//! label) or its introduction says it is an interview (both, where only one question is
//! answered, as in an excerpt):
//! - a question line opens with "Q." / "Q:" / "Question:", or with a short label and a colon
//!   ("CTC:", "Interviewer:") and ends with a question mark, or is a line of at most 30 words
//!   that ends with a question mark;
//! - answer lines are the lines after a question, up to the next question, that do not open
//!   with a quotation mark; an answer may open with its own label ("A.", "Okonjo:").
//!
//! Each answer is a quotation of the interviewee: the person its label names, else the first
//! person named before the first question (the introduction names who is interviewed).

use rustc_hash::FxHashSet as HashSet;

/// Most words in an unlabelled question line.
const MAX_QUESTION_WORDS: usize = 30;
/// Longest label before a colon, in characters ("Interviewer", "CTC").
const MAX_LABEL: usize = 24;

/// One answer of an interview: its text without the label, in characters of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub start: usize,
    pub end: usize,
    /// The label it opens with ("Okonjo"), where it has one other than "A".
    pub label: Option<String>,
}

/// The interview read from a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Interview {
    /// Where the first question starts: the introduction is the text before it.
    pub first_question: usize,
    pub answers: Vec<Answer>,
}

#[derive(Debug, PartialEq)]
enum Line {
    Blank,
    /// `marked`: opened by "Q." or a label, not only ended by a question mark.
    Question {
        marked: bool,
    },
    Other,
}

/// The document's interview, when it is one.
pub fn interview(text: &str) -> Option<Interview> {
    let mut offset = 0;
    let mut first_question = None;
    let mut answers = Vec::new();
    // A question waits for its first answer; `pairs` counts the questions answered.
    let (mut in_answer, mut waiting, mut pairs) = (false, false, 0);
    let mut question_labels = HashSet::default();
    // Questions set apart by a mark ("Q.", "CTC:"), or an introduction that says it is an
    // interview: an explainer's question headings alone make no interview.
    let mut marked = false;
    // Where the first question starts, in bytes: the introduction is read only when needed.
    let mut intro_bytes = None;
    let mut bytes = 0;
    for line in text.split('\n') {
        match kind(line) {
            Line::Blank => {}
            Line::Question { marked: is_marked } => {
                first_question.get_or_insert(offset);
                intro_bytes.get_or_insert(bytes);
                if let Some((label, _)) = label(line) {
                    question_labels.insert(label.to_lowercase());
                }
                marked |= is_marked;
                (in_answer, waiting) = (true, true);
            }
            Line::Other if in_answer && !opens_with_quote(line) => {
                pairs += usize::from(waiting);
                waiting = false;
                answers.push(answer(line, offset, &question_labels));
            }
            Line::Other => {}
        }
        offset += line.chars().count() + 1;
        bytes += line.len() + 1;
    }
    let announced = || {
        let intro = text[..intro_bytes.unwrap_or(0).min(text.len())].to_lowercase();
        INTERVIEW_WORDS.iter().any(|w| intro.contains(w))
    };
    let enough = pairs >= 2 && (marked || announced()) || pairs >= 1 && marked && announced();
    enough.then(|| Interview { first_question: first_question.unwrap_or(0), answers })
}

/// Words of an introduction that announces an interview, in the languages vigil reads.
const INTERVIEW_WORDS: [&str; 6] = ["interview", "q&a", "entretien", "entrevista", "интервью", "spoke to"];

fn opens_as_question(line: &str) -> bool {
    let trimmed = line.trim_start();
    ["Q.", "Q:", "Question:", "QUESTION:"].iter().any(|q| trimmed.starts_with(q))
}

/// What a line is. Most lines end without a question mark and are looked at no further.
fn kind(line: &str) -> Line {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Line::Blank;
    }
    if opens_as_question(trimmed) {
        return Line::Question { marked: true };
    }
    if !trimmed.ends_with('?') {
        return Line::Other;
    }
    if label(trimmed).is_some() {
        return Line::Question { marked: true };
    }
    if trimmed.split_whitespace().count() <= MAX_QUESTION_WORDS {
        Line::Question { marked: false }
    } else {
        Line::Other
    }
}

/// "Okonjo: It began…": a label of one or two capitalised words before a colon, and where the
/// text after it starts (in characters of the line).
fn label(line: &str) -> Option<(String, usize)> {
    let colon = line.find(':')?;
    let head = line[..colon].trim();
    let words: Vec<&str> = head.split_whitespace().collect();
    let capitalised = words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if words.is_empty() || words.len() > 2 || !capitalised || head.chars().count() > MAX_LABEL {
        return None;
    }
    let after = line[..colon + 1].chars().count();
    Some((head.to_string(), after))
}

fn opens_with_quote(line: &str) -> bool {
    line.trim_start().starts_with(['"', '“', '«', '„', '‘'])
}

fn answer(line: &str, offset: usize, question_labels: &HashSet<String>) -> Answer {
    let (label, skip) = match label(line) {
        Some((l, after)) if !question_labels.contains(&l.to_lowercase()) => (Some(l), after),
        _ => match line.trim_start().strip_prefix("A.").or_else(|| line.trim_start().strip_prefix("A:")) {
            Some(rest) => (None, line.chars().count() - rest.chars().count()),
            None => (None, 0),
        },
    };
    let chars: Vec<char> = line.chars().collect();
    let mut start = skip;
    while start < chars.len() && chars[start].is_whitespace() {
        start += 1;
    }
    let mut end = chars.len();
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    let label = label.filter(|l| l != "A");
    Answer { start: offset + start, end: offset + end, label }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(text: &str) -> Vec<(String, Option<String>)> {
        let chars: Vec<char> = text.chars().collect();
        interview(text)
            .map(|i| {
                i.answers.into_iter().map(|a| (chars[a.start..a.end].iter().collect(), a.label)).collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn questions_and_answers_by_layout() {
        let text = "In this interview, analyst Mira Okonjo talks about the insurgency.\n\nQ. What changed in the north this year?\n\n\
                    The group moved its fighters south and changed how it pays them.\n\n\
                    Q. Is the group weaker now?\n\nNot weaker, but it is spread more thinly than before.\n";
        let found = answers(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].0.starts_with("The group moved"));
        assert_eq!(found[1].1, None);
    }

    #[test]
    fn labelled_turns() {
        let text = "Intro: Sam Teller spoke to us.\nDesk: How did it start?\nTeller: It began with a letter.\n\
                    Desk: And then?\nTeller: Then nothing for a year.\n";
        let found = answers(text);
        assert_eq!(
            found,
            [
                ("It began with a letter.".into(), Some("Teller".into())),
                ("Then nothing for a year.".into(), Some("Teller".into()))
            ]
        );
    }

    #[test]
    fn an_article_with_one_rhetorical_question_is_no_interview() {
        let text = "The army retook the town on Monday.\nWhat happens next?\nOfficials expect more raids in the coming weeks.\n";
        assert_eq!(interview(text), None);
        // An explainer's question headings are no interview either.
        let text = "Who leads the group?\nA council of five men leads it.\nWhere does it fight?\nIn the north and the east.\n";
        assert_eq!(interview(text), None);
        assert_eq!(interview(""), None);
    }
}
