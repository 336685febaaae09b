//! JSON Lines: one `{url, title, published, source, author, text}` object per line. A bad
//! line fails alone and is named by its line number.

use serde::Deserialize;
use vigil_core::{DateOrigin, Format, Published};

use crate::dates::parse_stamp;
use crate::{DocError, Draft, Problem, text};

#[derive(Deserialize)]
struct Record {
    text: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
    source: Option<String>,
    author: Option<String>,
}

pub fn parse(data: &str, origin: &str) -> Vec<Result<Draft, DocError>> {
    data.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| record(line, &format!("{origin}#line-{}", i + 1)))
        .collect()
}

fn record(line: &str, origin: &str) -> Result<Draft, DocError> {
    let malformed =
        |reason: String| DocError::new(origin, Problem::Malformed { format: "JSON Lines", reason });
    if !line.trim_start().starts_with('{') {
        return Err(malformed("the line is not a JSON object".into()));
    }
    let r: Record = serde_json::from_str(line).map_err(|e| malformed(e.to_string()))?;
    let body = r.text.ok_or_else(|| malformed("missing \"text\"".into()))?;
    let mut d = Draft::new(origin, Format::Jsonl);
    d.text = text::normalize(&body);
    d.title = r.title.filter(|t| !t.trim().is_empty());
    d.url = r.url.filter(|u| !u.trim().is_empty());
    d.source = r.source.filter(|s| !s.trim().is_empty());
    d.author = r.author.filter(|a| !a.trim().is_empty());
    if let Some(raw) = r.published.filter(|p| !p.trim().is_empty()) {
        match parse_stamp(&raw) {
            Some((date, time)) => d.published = Some(Published { date, time, origin: DateOrigin::Metadata }),
            None => d.warnings.push(format!("unreadable publication date {raw:?}")),
        }
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_is_a_document_and_bad_lines_fail_alone() {
        let data = "{\"url\":\"https://a.example/1\",\"title\":\"One\",\"published\":\"2024-03-23\",\"source\":\"A\",\"text\":\"First.\\n\\nSecond.\"}\n\n{\"title\": \"broken\"\n{\"title\":\"no text\"}\n{\"text\":\"ok\",\"published\":\"someday\"}\n";
        let out = parse(data, "c.jsonl");
        assert_eq!(out.len(), 4);
        let d = out[0].as_ref().unwrap();
        assert_eq!((d.origin.as_str(), d.text.as_str()), ("c.jsonl#line-1", "First.\n\nSecond."));
        assert_eq!(d.published.unwrap().to_iso(), "2024-03-23");
        assert_eq!(out[1].as_ref().unwrap_err().origin, "c.jsonl#line-3");
        assert!(out[2].as_ref().unwrap_err().to_string().contains("missing \"text\""));
        assert_eq!(out[3].as_ref().unwrap().warnings.len(), 1);
    }
}
