//! Terminal output: safe rendering of source text, tables, and JSON.
//!
//! Source text is hostile until shown otherwise: control characters (which could carry
//! terminal escape sequences) are replaced before anything reaches the terminal.

use std::io::{IsTerminal, Write};

use serde::Serialize;

pub use vigil_export::escape::safe;

/// One line, at most `width` characters, safe to print.
pub fn cell(s: &str, width: usize) -> String {
    let one_line: String = safe(s).split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= width {
        return format!("{one_line:<width$}");
    }
    let cut: String = one_line.chars().take(width.saturating_sub(1)).collect();
    format!("{cut}…")
}

pub fn json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Whether to style what is printed: standard output is a terminal, and `NO_COLOR` is unset
/// or empty (the no-color.org convention).
pub fn styled() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A snippet with its highlighted ranges marked: bold when [`styled`], `[...]` otherwise.
pub fn highlight(snippet: &str, ranges: &[[usize; 2]]) -> String {
    let (open, close) = if styled() { ("\x1b[1m", "\x1b[0m") } else { ("[", "]") };
    let mut out = String::with_capacity(snippet.len() + ranges.len() * 8);
    for (i, c) in safe(snippet).chars().map(|c| if c == '\n' { ' ' } else { c }).enumerate() {
        if ranges.iter().any(|r| r[0] == i) {
            out.push_str(open);
        }
        out.push(c);
        if ranges.iter().any(|r| r[1] == i + 1) {
            out.push_str(close);
        }
    }
    out
}

/// `1234567` -> `1.2 MB`.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_defused() {
        assert_eq!(safe("abc\u{202e}fed"), "abc\u{fffd}fed");
        assert_eq!(cell("a  long\ntitle here", 8), "a long …");
        assert_eq!(cell("short", 8), "short   ");
    }
}
