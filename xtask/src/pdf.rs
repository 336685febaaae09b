//! A small PDF writer for the sample corpus: one Helvetica text layer, wrapped lines, and a
//! document information dictionary. Output is deterministic, so the committed PDFs can be
//! checked against their sources.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 64.0;
const SIZE: f32 = 10.5;
const LEADING: f32 = 14.0;
const WRAP: usize = 92;

/// `(source .txt, target .pdf)` for each PDF of the sample corpus.
pub fn corpus_pairs(root: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    let sources = root.join("examples/pdf-source");
    let target = root.join("examples/corpus/pdf");
    std::fs::create_dir_all(&target)?;
    let mut pairs = Vec::new();
    for entry in std::fs::read_dir(&sources).with_context(|| format!("cannot read {}", sources.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.with_extension("pdf").file_name().expect("a file name").to_owned();
            pairs.push((path, target.join(name)));
        }
    }
    pairs.sort();
    Ok(pairs)
}

/// A source is a `Key: value` header block, a blank line, and paragraphs.
pub fn from_source(source: &str) -> Result<Vec<u8>> {
    let (header, body) = source.split_once("\n\n").context("a source needs a header block and a body")?;
    let field = |key: &str| header.lines().find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_string()));
    let title = field("Title:").context("header has no Title")?;
    let date = field("Published:").context("header has no Published date")?;
    let byline = [field("Author:"), field("Source:")].into_iter().flatten().collect::<Vec<_>>().join(", ");
    let mut lines = vec![
        (true, title.clone()),
        (false, String::new()),
        (false, format!("{byline} - {date}")),
        (false, String::new()),
    ];
    for para in body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        lines.extend(
            wrap(&para.split_whitespace().collect::<Vec<_>>().join(" ")).into_iter().map(|l| (false, l)),
        );
        lines.push((false, String::new()));
    }
    let info =
        Info { title, author: field("Author:"), publisher: field("Source:"), date: date.replace('-', "") };
    write_pdf(&lines, &info)
}

struct Info {
    title: String,
    author: Option<String>,
    publisher: Option<String>,
    date: String,
}

fn wrap(text: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let line = lines.last_mut().expect("never empty");
        if !line.is_empty() && line.len() + 1 + word.len() > WRAP {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

fn escape(s: &str) -> Result<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ => bail!("PDF sources must be plain ASCII; found {c:?}"),
        }
    }
    Ok(out)
}

fn write_pdf(lines: &[(bool, String)], info: &Info) -> Result<Vec<u8>> {
    let per_page = ((PAGE_H - 2.0 * MARGIN) / LEADING) as usize;
    let pages: Vec<&[(bool, String)]> = lines.chunks(per_page).collect();
    // Objects: 1 catalog, 2 pages, 3 regular font, 4 bold font, 5 info, then a page and its
    // content stream for each page.
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        String::new(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".into(),
    ];
    let mut info_dict = format!(
        "<< /Title ({}) /CreationDate (D:{}000000Z) /Producer (vigil xtask)",
        escape(&info.title)?,
        info.date
    );
    if let Some(a) = &info.author {
        write!(info_dict, " /Author ({})", escape(a)?)?;
    }
    if let Some(p) = &info.publisher {
        write!(info_dict, " /Publisher ({})", escape(p)?)?;
    }
    objects.push(info_dict + " >>");
    let mut kids = Vec::new();
    for page in &pages {
        let page_id = objects.len() + 1;
        kids.push(format!("{page_id} 0 R"));
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
            page_id + 1
        ));
        let mut stream = format!("BT\n{LEADING} TL\n{MARGIN} {} Td\n", PAGE_H - MARGIN);
        for (bold, line) in page.iter() {
            let font = if *bold { format!("/F2 {} Tf", SIZE + 3.0) } else { format!("/F1 {SIZE} Tf") };
            writeln!(stream, "{font} ({}) Tj T*", escape(line)?)?;
        }
        stream.push_str("ET");
        objects.push(format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()));
    }
    objects[1] = format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len());
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        write!(out, "{} 0 obj\n{body}\nendobj\n", i + 1)?;
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1)?;
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ")?;
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )?;
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_pdfs_match_their_sources() {
        let pairs = corpus_pairs(&crate::root()).unwrap();
        assert!(pairs.len() >= 2, "the sample corpus has PDFs");
        for (source, target) in pairs {
            let want = from_source(&std::fs::read_to_string(&source).unwrap()).unwrap();
            let have = std::fs::read(&target).unwrap_or_default();
            assert!(have == want, "{} is stale: run `cargo xtask corpus-pdfs`", target.display());
        }
    }

    #[test]
    fn rejects_non_ascii_and_wraps() {
        assert!(escape("Caf\u{e9}").is_err());
        assert_eq!(escape("a (b) \\").unwrap(), "a \\(b\\) \\\\");
        assert!(wrap(&"word ".repeat(100)).iter().all(|l| l.len() <= WRAP));
    }
}
