//! A brief written as Markdown or HTML: source text escaped so that no markup, link or raw HTML
//! can come through, footnotes numbered as the brief numbers its sources.

use std::fmt::Write as _;

use vigil_app::briefs::{Block, Brief, Cell};
use vigil_core::words::{day, excerpt};
use vigil_store::Citation;

use crate::escape::safe;

/// Markdown-escaped, single-line source text: no markup, links or raw HTML can come through.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in safe(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn md_cell(c: &Cell) -> String {
    let notes: String = c.notes.iter().map(|n| format!("[^{n}]")).collect();
    format!("{}{notes}", md(&c.text))
}

fn source_line(n: usize, c: &Citation) -> (String, String) {
    let title = c.title.as_deref().unwrap_or("untitled");
    let head = format!("{}, “{}”, {}", c.source, title, day(c.published.as_deref()));
    let tail = format!("document {}, characters {}-{}", c.doc.as_str(), c.start, c.end);
    let _ = n;
    (head, format!("{tail}: “{}”", excerpt(&c.sentence, 240)))
}

/// A URL for a Markdown autolink: nothing that could end it or open markup.
fn url(u: &str) -> String {
    safe(u)
        .chars()
        .map(|c| match c {
            '<' => "%3C".to_string(),
            '>' => "%3E".to_string(),
            c if c.is_whitespace() => "%20".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// The brief as Markdown, its sources as footnotes.
pub fn markdown(b: &Brief) -> String {
    let mut out = format!("# {}\n\n", md(&b.title));
    for block in &b.blocks {
        match block {
            Block::Heading(h) => {
                let _ = write!(out, "## {}\n\n", md(h));
            }
            Block::Para(c) => {
                let _ = write!(out, "{}\n\n", md_cell(c));
            }
            Block::List(items) => {
                for c in items {
                    let _ = writeln!(out, "- {}", md_cell(c));
                }
                out.push('\n');
            }
            Block::Table { header, rows } => {
                let _ = writeln!(out, "| {} |", header.iter().map(|h| md(h)).collect::<Vec<_>>().join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
                for row in rows {
                    let _ = writeln!(out, "| {} |", row.iter().map(md_cell).collect::<Vec<_>>().join(" | "));
                }
                out.push('\n');
            }
        }
    }
    out.push_str("## Sources\n\n");
    for (i, c) in b.notes.list.iter().enumerate() {
        let (head, tail) = source_line(i + 1, c);
        let url = c.url.as_deref().map_or(String::new(), |u| format!(" <{}>", url(u)));
        let _ = writeln!(out, "[^{}]: {}{url}. {}", i + 1, md(&head), md(&tail));
    }
    out
}

fn h(s: &str) -> String {
    crate::escape::html(&safe(s))
}

fn html_cell(c: &Cell) -> String {
    let notes: String = c.notes.iter().map(|n| format!("<sup><a href=\"#s{n}\">{n}</a></sup>")).collect();
    format!("{}{notes}", h(&c.text))
}

/// The brief as a standalone HTML page (no script, no remote content).
pub fn html(b: &Brief) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{}</title><style>body{{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em;line-height:1.45;color:#111}}\
         table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left}}\
         th{{background:#eee}}sup a{{text-decoration:none}}li{{margin:.3em 0}}</style></head><body>\n<h1>{}</h1>\n",
        h(&b.title),
        h(&b.title)
    );
    for block in &b.blocks {
        match block {
            Block::Heading(t) => {
                let _ = writeln!(out, "<h2>{}</h2>", h(t));
            }
            Block::Para(c) => {
                let _ = writeln!(out, "<p>{}</p>", html_cell(c));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for c in items {
                    let _ = writeln!(out, "<li>{}</li>", html_cell(c));
                }
                out.push_str("</ul>\n");
            }
            Block::Table { header, rows } => {
                out.push_str("<table><thead><tr>");
                for t in header {
                    let _ = write!(out, "<th>{}</th>", h(t));
                }
                out.push_str("</tr></thead><tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        let _ = write!(out, "<td>{}</td>", html_cell(c));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody></table>\n");
            }
        }
    }
    out.push_str("<h2>Sources</h2>\n<ol>\n");
    for (i, c) in b.notes.list.iter().enumerate() {
        let (head, tail) = source_line(i + 1, c);
        let url = c.url.as_deref().map_or(String::new(), |u| format!(" <span class=\"url\">{}</span>", h(u)));
        let _ = writeln!(out, "<li id=\"s{}\">{}{url}. {}</li>", i + 1, h(&head), h(&tail));
    }
    out.push_str("</ol>\n</body></html>\n");
    out
}
