//! From an input's bytes to finished documents: dispatch by detected format, then ids,
//! language and the fallbacks for source, title and date.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use vigil_core::{DateOrigin, DocId, Document, Format, Published};

use crate::detect::{self, Kind};
use crate::{DocError, Problem, feed, guard, html, jsonl, lang, pdf, text};

/// One input as read: a file's bytes with where they came from.
#[derive(Debug, Clone)]
pub struct Input {
    /// How the input is named in messages and stored as a document's origin.
    pub origin: String,
    pub path: Option<PathBuf>,
    pub bytes: Vec<u8>,
    /// The file's modification time, the fallback publication date.
    pub modified: Option<DateTime<Utc>>,
}

/// A document as a parser produced it, before it has an id.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub origin: String,
    pub format: Format,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub published: Option<Published>,
    pub text: String,
    /// Things the analyst should know that did not stop the document (bad bytes, odd dates).
    pub warnings: Vec<String>,
}

impl Draft {
    pub fn new(origin: &str, format: Format) -> Draft {
        Draft {
            origin: origin.to_string(),
            format,
            title: None,
            source: None,
            url: None,
            author: None,
            published: None,
            text: String::new(),
            warnings: Vec::new(),
        }
    }
}

/// Values the analyst sets for a whole run; they win over anything found in the documents.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub source: Option<String>,
    pub published: Option<Published>,
    /// Date documents that give no date by their file's modification time
    /// (`--published file-time`); otherwise they stay undated.
    pub file_time: bool,
}

/// Parses one input into its documents: one for most formats, one per entry for feeds and
/// JSON Lines. A bad entry fails alone; a panic in a parser fails the input, not the run.
pub fn parse(input: &Input) -> Vec<Result<Draft, DocError>> {
    let fail = |problem| vec![Err(DocError::new(&input.origin, problem))];
    let kind = match detect::sniff(&input.bytes, input.path.as_deref()) {
        Ok(kind) => kind,
        Err(problem) => return fail(problem),
    };
    match guard::contain(|| parse_kind(input, kind)) {
        Ok(results) => results.into_iter().map(|r| r.and_then(require_text)).collect(),
        Err(panic) => fail(Problem::Crashed(panic)),
    }
}

fn parse_kind(input: &Input, kind: Kind) -> Vec<Result<Draft, DocError>> {
    let origin = input.origin.as_str();
    if kind == Kind::Pdf {
        return vec![pdf::parse(&input.bytes, origin)];
    }
    let (decoded, warning) = detect::decode(&input.bytes);
    let mut results = match kind {
        Kind::Feed => feed::parse(&decoded, origin),
        Kind::Jsonl => jsonl::parse(&decoded, origin),
        Kind::Html => vec![Ok(html::parse(&decoded, origin))],
        Kind::Text(format) => vec![Ok(text::parse(&decoded, format, origin))],
        Kind::Pdf => unreachable!("handled above"),
    };
    if let Some(warning) = warning {
        for draft in results.iter_mut().flatten() {
            draft.warnings.push(warning.clone());
        }
    }
    results
}

fn require_text(draft: Draft) -> Result<Draft, DocError> {
    if draft.text.trim().is_empty() {
        return Err(DocError::new(draft.origin, Problem::NoText));
    }
    Ok(draft)
}

/// Completes a draft: id from the text, language, overrides, and fallbacks — source from
/// the URL's domain, else the file name; title from the first line; date from the address
/// (`/2024/11/25/`) when the document gives none, and from the file time only when asked.
pub fn finish(draft: Draft, input: &Input, overrides: &Overrides, now: DateTime<Utc>) -> Document {
    let id = DocId::for_text(&draft.text);
    let language = lang::detect(&draft.text);
    let source = overrides
        .source
        .clone()
        .or(draft.source)
        .or_else(|| draft.url.as_deref().and_then(domain))
        .or_else(|| file_name(input))
        .unwrap_or_else(|| "stdin".to_string());
    let published = overrides
        .published
        .or(draft.published)
        .or_else(|| {
            let date = crate::dates::url_date(draft.url.as_deref()?)?;
            Some(Published { date, time: None, origin: DateOrigin::Url })
        })
        .or_else(|| {
            let at = input.modified.filter(|_| overrides.file_time)?;
            Some(Published::from_datetime(at, DateOrigin::File))
        });
    let title = draft.title.or_else(|| first_line_title(&draft.text));
    Document {
        id,
        title,
        source,
        url: draft.url,
        author: draft.author,
        published,
        language,
        format: draft.format,
        origin: draft.origin,
        text: draft.text,
        ingested_at: now,
    }
}

/// `https://www.harbourpost.example/2024/...` -> `harbourpost.example`.
pub fn domain(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_start_matches("www.").to_ascii_lowercase();
    (host.contains('.') && !host.is_empty()).then_some(host)
}

fn file_name(input: &Input) -> Option<String> {
    input.path.as_ref()?.file_name().map(|n| n.to_string_lossy().into_owned())
}

fn first_line_title(text: &str) -> Option<String> {
    let line = text.lines().next()?.trim();
    let title: String = line.chars().take(120).collect();
    (!title.is_empty()).then(|| if title.len() < line.len() { format!("{title}…") } else { title })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(origin: &str, bytes: &[u8]) -> Input {
        Input { origin: origin.into(), path: Some(origin.into()), bytes: bytes.to_vec(), modified: None }
    }

    #[test]
    fn domains() {
        assert_eq!(domain("https://www.harbourpost.example/2024/x").as_deref(), Some("harbourpost.example"));
        assert_eq!(domain("http://user@Wire.EXAMPLE:8080?q").as_deref(), Some("wire.example"));
        assert_eq!(domain("not a url"), None);
    }

    #[test]
    fn fallbacks_and_overrides() {
        let i = input("notes/kabul.txt", b"Kabul airport blast kills dozens\n\nA suicide bomber struck the crowd at Abbey Gate, officials said.");
        let draft = parse(&i).remove(0).unwrap();
        let now = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap().with_timezone(&Utc);
        let doc = finish(draft.clone(), &i, &Overrides::default(), now);
        assert_eq!(doc.source, "kabul.txt");
        assert_eq!(doc.title.as_deref(), Some("Kabul airport blast kills dozens"));
        assert_eq!(doc.published, None);
        assert_eq!(doc.language.code, "en");
        let given = Published::from_iso("2021-08-27", DateOrigin::Given).unwrap();
        let o = Overrides { source: Some("Field notes".into()), published: Some(given), file_time: false };
        let doc = finish(draft, &i, &o, now);
        assert_eq!((doc.source.as_str(), doc.published), ("Field notes", Some(given)));
    }

    #[test]
    fn dates_from_the_address_and_the_file_time_only_when_asked() {
        let now = DateTime::parse_from_rfc3339("2026-12-02T00:00:00Z").unwrap().with_timezone(&Utc);
        let mut i = input("notes/raid.txt", b"Gunmen raided a village on Sunday, officials said.");
        i.modified = Some(now);
        let undated = finish(parse(&i).remove(0).unwrap(), &i, &Overrides::default(), now);
        assert_eq!(undated.published, None, "a file time is no publication date");
        let asked = Overrides { file_time: true, ..Overrides::default() };
        let filed = finish(parse(&i).remove(0).unwrap(), &i, &asked, now);
        assert_eq!(
            filed.published.map(|p| (p.date.to_string(), p.origin)),
            Some(("2026-12-02".into(), DateOrigin::File))
        );
        let page = input(
            "notes/raid2.txt",
            b"Title: Raid on a village\nURL: https://news.example/world/2024/11/25/raid-on-village\n\nGunmen raided a village on Sunday, officials said.",
        );
        let dated = finish(parse(&page).remove(0).unwrap(), &page, &Overrides::default(), now);
        assert_eq!(
            dated.published.map(|p| (p.date.to_string(), p.origin)),
            Some(("2024-11-25".into(), DateOrigin::Url))
        );
    }

    #[test]
    fn bad_inputs_fail_alone_with_reasons() {
        let err = parse(&input("e.txt", b"")).remove(0).unwrap_err();
        assert_eq!(err.to_string(), "e.txt: empty file");
        let err =
            parse(&input("x.html", b"<html><body><nav>Home</nav></body></html>")).remove(0).unwrap_err();
        assert_eq!(err.problem, Problem::NoText);
    }
}
