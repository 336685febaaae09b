//! The analyst's query language, translated to an FTS5 expression.
//!
//! Words and "quoted phrases" are matched as written (hyphens and dots included, so `ISIS-K`
//! and `al-Naba` just work); `AND`, `OR` and `NOT` in capitals and parentheses combine them;
//! a trailing `*` matches a prefix. Everything else is quoted before it reaches FTS5, so a
//! query can never be read as FTS5 syntax by accident.
//!
//! A query is bounded before it reaches the index: its length, its terms, its prefixes (each
//! of which FTS5 expands to every indexed word it begins) and its nesting are capped, so that
//! no query can hold a core for long whatever its author meant.

use crate::StoreError;

/// Longest query read, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Most words and phrases in one query.
pub const MAX_TERMS: usize = 32;
/// Most prefix terms (`word*`) in one query.
pub const MAX_PREFIXES: usize = 4;
/// Fewest characters before a `*`: a shorter prefix expands to too much of the vocabulary.
pub const MIN_PREFIX_CHARS: usize = 3;
/// Deepest nesting of parentheses.
pub const MAX_DEPTH: usize = 8;
/// Ranked results served at most for one query, counting those skipped by an offset.
pub const MAX_WINDOW: usize = 10_000;

/// Refuses a page of results that reaches past [`MAX_WINDOW`] (`limit` 0: every result).
pub fn check_window(offset: usize, limit: usize) -> Result<(), StoreError> {
    if offset > MAX_WINDOW || limit > 0 && offset.saturating_add(limit) > MAX_WINDOW {
        return Err(StoreError::Query(format!(
            "offset {offset}: results past the first {MAX_WINDOW} are not served; narrow the search with more terms or a filter"
        )));
    }
    Ok(())
}

#[derive(Debug, PartialEq)]
enum Token {
    Term { text: String, prefix: bool },
    And,
    Or,
    Not,
    Open,
    Close,
}

/// Translates a query; explains what is wrong with a malformed one.
pub fn to_fts5(query: &str) -> Result<String, StoreError> {
    let tokens = tokenize(query)?;
    check(&tokens)?;
    let mut parts: Vec<String> = Vec::with_capacity(tokens.len());
    let mut prev: Option<&Token> = None;
    for t in &tokens {
        // FTS5 reads two phrases side by side as AND, but not a phrase beside parentheses:
        // there the AND is written out.
        let after_operand = matches!(prev, Some(Token::Term { .. } | Token::Close));
        let grouped = matches!(prev, Some(Token::Close)) || matches!(t, Token::Open);
        if after_operand && grouped && matches!(t, Token::Term { .. } | Token::Open) {
            parts.push("AND".into());
        }
        parts.push(match t {
            Token::Term { text, prefix } => {
                format!("\"{}\"{}", text.replace('"', "\"\""), if *prefix { "*" } else { "" })
            }
            Token::And => "AND".into(),
            Token::Or => "OR".into(),
            Token::Not => "NOT".into(),
            Token::Open => "(".into(),
            Token::Close => ")".into(),
        });
        prev = Some(t);
    }
    Ok(parts.join(" "))
}

fn tokenize(query: &str) -> Result<Vec<Token>, StoreError> {
    let length = query.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(StoreError::Query(format!(
            "the query is {length} characters long; at most {MAX_QUERY_CHARS} are read"
        )));
    }
    // Control characters (a NUL, a tab from a paste) separate words like spaces.
    let query: String = query.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let query = query.as_str();
    if !closed(query) {
        return Err(StoreError::Query("unclosed quote".into()));
    }
    let mut tokens = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => {
                chars.next();
                tokens.push(if c == '(' { Token::Open } else { Token::Close });
            }
            '"' | '“' | '”' | '«' | '»' | '„' => {
                chars.next();
                let text: String =
                    chars.by_ref().take_while(|c| !matches!(c, '"' | '“' | '”' | '«' | '»')).collect();
                let prefix = chars.next_if_eq(&'*').is_some();
                if text.trim().is_empty() {
                    return Err(StoreError::Query("empty quoted phrase".into()));
                }
                tokens.push(Token::Term { text, prefix });
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '“' | '”' | '«' | '»' | '„')
                    {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                tokens.push(match word.as_str() {
                    "AND" => Token::And,
                    "OR" => Token::Or,
                    "NOT" => Token::Not,
                    _ => {
                        let prefix = word.ends_with('*');
                        let text = word.trim_end_matches('*').to_string();
                        if text.is_empty() {
                            return Err(StoreError::Query(
                                "a lone `*` matches nothing; put it after a word".into(),
                            ));
                        }
                        Token::Term { text, prefix }
                    }
                });
            }
        }
    }
    Ok(tokens)
}

/// True when every opening quote has a closing one.
fn closed(query: &str) -> bool {
    query.chars().filter(|c| matches!(c, '"' | '“' | '”' | '«' | '»' | '„')).count() % 2 == 0
}

fn check(tokens: &[Token]) -> Result<(), StoreError> {
    if !tokens.iter().any(|t| matches!(t, Token::Term { .. })) {
        return Err(StoreError::Query("nothing to search for".into()));
    }
    let mut depth = 0i32;
    let mut prev: Option<&Token> = None;
    for t in tokens {
        let operator = matches!(t, Token::And | Token::Or | Token::Not);
        match t {
            Token::Open => {
                depth += 1;
                if depth > MAX_DEPTH as i32 {
                    return Err(StoreError::Query(format!("parentheses nested more than {MAX_DEPTH} deep")));
                }
            }
            Token::Close => {
                depth -= 1;
                if depth < 0 {
                    return Err(StoreError::Query("`)` without a matching `(`".into()));
                }
            }
            _ => {}
        }
        let after_operator = matches!(prev, None | Some(Token::And | Token::Or | Token::Not | Token::Open));
        if operator && after_operator {
            return Err(StoreError::Query(format!("{} needs a term before it", word(t))));
        }
        if matches!(t, Token::Close) && after_operator {
            return Err(StoreError::Query("empty parentheses or an operator before `)`".into()));
        }
        prev = Some(t);
    }
    if depth != 0 {
        return Err(StoreError::Query("`(` without a matching `)`".into()));
    }
    bounded(tokens)?;
    if let Some(t @ (Token::And | Token::Or | Token::Not)) = prev {
        return Err(StoreError::Query(format!("{} needs a term after it", word(t))));
    }
    Ok(())
}

/// The caps on terms and prefixes (nesting is capped where parentheses are checked).
fn bounded(tokens: &[Token]) -> Result<(), StoreError> {
    let terms = tokens.iter().filter(|t| matches!(t, Token::Term { .. })).count();
    if terms > MAX_TERMS {
        return Err(StoreError::Query(format!("{terms} terms; a query may have at most {MAX_TERMS}")));
    }
    let prefixes: Vec<&str> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Term { text, prefix: true } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    if let Some(short) = prefixes.iter().find(|p| p.trim().chars().count() < MIN_PREFIX_CHARS) {
        return Err(StoreError::Query(format!(
            "`{short}*`: a prefix needs at least {MIN_PREFIX_CHARS} characters before the `*`"
        )));
    }
    if prefixes.len() > MAX_PREFIXES {
        return Err(StoreError::Query(format!(
            "{} prefixes (`word*`); a query may have at most {MAX_PREFIXES}",
            prefixes.len()
        )));
    }
    Ok(())
}

fn word(t: &Token) -> &'static str {
    match t {
        Token::And => "AND",
        Token::Or => "OR",
        _ => "NOT",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_queries() {
        let cases = [
            ("Crocus", "\"Crocus\""),
            ("ISIS-K Moscow", "\"ISIS-K\" \"Moscow\""),
            ("\"Crocus City Hall\" OR Kerman", "\"Crocus City Hall\" OR \"Kerman\""),
            ("(Amaq OR al-Naba) NOT video", "( \"Amaq\" OR \"al-Naba\" ) NOT \"video\""),
            ("Khorasan*", "\"Khorasan\"*"),
            ("«Исламское государство»", "\"Исламское государство\""),
            ("and or not", "\"and\" \"or\" \"not\""),
            ("Crocus\u{0}City\tHall", "\"Crocus\" \"City\" \"Hall\""),
            ("Kerman (ISKP OR IS-K)", "\"Kerman\" AND ( \"ISKP\" OR \"IS-K\" )"),
            ("(Amaq) (Naba) video", "( \"Amaq\" ) AND ( \"Naba\" ) AND \"video\""),
            ("Kho* Isl* Amaq* Nab*", "\"Kho\"* \"Isl\"* \"Amaq\"* \"Nab\"*"),
        ];
        for (q, want) in cases {
            assert_eq!(to_fts5(q).unwrap(), want, "{q}");
        }
    }

    #[test]
    fn explains_malformed_queries() {
        for (q, why) in [
            ("", "nothing to search for"),
            ("OR Kerman", "OR needs a term before it"),
            ("Kerman AND", "AND needs a term after it"),
            ("(Kerman", "`(` without a matching `)`"),
            ("Kerman)", "`)` without a matching `(`"),
            ("\"Crocus City", "unclosed quote"),
            ("*", "a lone `*`"),
            ("Kerman ()", "empty parentheses"),
            ("\u{0}", "nothing to search for"),
            ("a*", "`a*`: a prefix needs at least 3 characters"),
            ("\"al \"*", "`al *`: a prefix needs at least 3"),
            ("abc* abd* abe* abf* abg*", "5 prefixes"),
            ("((((((((( Kerman )))))))))", "nested more than 8 deep"),
        ] {
            let err = to_fts5(q).unwrap_err().to_string();
            assert!(err.contains(why), "{q:?}: {err}");
        }
    }

    #[test]
    fn caps_long_and_wide_queries() {
        let words = |n: usize| (0..n).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" OR ");
        assert!(to_fts5(&words(MAX_TERMS)).is_ok());
        let err = to_fts5(&words(MAX_TERMS + 1)).unwrap_err().to_string();
        assert!(err.contains("33 terms; a query may have at most 32"), "{err}");
        let err = to_fts5(&"Kerman ".repeat(300)).unwrap_err().to_string();
        assert!(err.contains("2100 characters long; at most 1000"), "{err}");
    }
}
