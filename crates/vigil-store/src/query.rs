//! The analyst's query language, translated to an FTS5 expression.
//!
//! Words and "quoted phrases" are matched as written (hyphens and dots included, so `ISIS-K`
//! and `al-Naba` just work); `AND`, `OR` and `NOT` in capitals and parentheses combine them;
//! a trailing `*` matches a prefix. Everything else is quoted before it reaches FTS5, so a
//! query can never be read as FTS5 syntax by accident.

use crate::StoreError;

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
    let parts: Vec<String> = tokens
        .iter()
        .map(|t| match t {
            Token::Term { text, prefix } => {
                format!("\"{}\"{}", text.replace('"', "\"\""), if *prefix { "*" } else { "" })
            }
            Token::And => "AND".into(),
            Token::Or => "OR".into(),
            Token::Not => "NOT".into(),
            Token::Open => "(".into(),
            Token::Close => ")".into(),
        })
        .collect();
    Ok(parts.join(" "))
}

fn tokenize(query: &str) -> Result<Vec<Token>, StoreError> {
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
            Token::Open => depth += 1,
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
    if let Some(t @ (Token::And | Token::Or | Token::Not)) = prev {
        return Err(StoreError::Query(format!("{} needs a term after it", word(t))));
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
        ] {
            let err = to_fts5(q).unwrap_err().to_string();
            assert!(err.contains(why), "{q:?}: {err}");
        }
    }
}
