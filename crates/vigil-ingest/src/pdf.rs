//! PDF: the text layer, re-flowed into paragraphs, and the document information dictionary
//! (title, author, creation date, and the publisher where a producer recorded one). Scanned PDFs without a text layer fail with a clear reason.

use pdf_extract::{Document as Pdf, Object, PlainTextOutput};
use vigil_core::{DateOrigin, Format, Published};

use crate::dates::parse_stamp;
use crate::{DocError, Draft, Problem, guard, text};

pub fn parse(bytes: &[u8], origin: &str) -> Result<Draft, DocError> {
    let malformed = |reason: String| DocError::new(origin, Problem::Malformed { format: "PDF", reason });
    let pdf = Pdf::load_mem(bytes).map_err(|e| malformed(e.to_string()))?;
    if pdf.is_encrypted() {
        return Err(DocError::new(origin, Problem::Refused("PDF is encrypted".into())));
    }
    let mut raw = String::new();
    let extracted = guard::contain(|| {
        let mut out = PlainTextOutput::new(&mut raw);
        pdf_extract::output_doc(&pdf, &mut out)
    });
    match extracted {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(malformed(e.to_string())),
        Err(panic) => {
            return Err(DocError::new(origin, Problem::Crashed(format!("PDF text extraction: {panic}"))));
        }
    }
    let mut d = Draft::new(origin, Format::Pdf);
    d.title = info(&pdf, b"Title");
    d.author = info(&pdf, b"Author");
    d.source = info(&pdf, b"Publisher");
    d.published = info(&pdf, b"CreationDate").and_then(|s| parse_stamp(&s)).map(|(date, time)| Published {
        date,
        time,
        origin: DateOrigin::Metadata,
    });
    d.text = reflow(&raw);
    if d.text.is_empty() {
        return Err(DocError::new(origin, Problem::Refused("PDF has no text layer (scanned image?)".into())));
    }
    Ok(d)
}

/// A string from the PDF's document information dictionary.
fn info(pdf: &Pdf, key: &[u8]) -> Option<String> {
    let dict = match pdf.trailer.get(b"Info").ok()? {
        Object::Reference(id) => pdf.get_dictionary(*id).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let Object::String(bytes, _) = dict.get(key).ok()? else {
        return None;
    };
    let value = decode_pdf_string(bytes);
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// PDF text strings are UTF-16BE with a BOM, or PDFDocEncoding (Latin-1 for our purposes).
fn decode_pdf_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]]));
        return char::decode_utf16(units).map(|r| r.unwrap_or('\u{fffd}')).collect();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Joins the lines of each paragraph (a PDF breaks lines where the page did) and rejoins
/// words hyphenated across a line break.
fn reflow(raw: &str) -> String {
    let normalized = text::normalize(raw);
    let paragraphs: Vec<String> = normalized
        .split("\n\n")
        .map(|para| {
            let mut out = String::new();
            for line in para.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if out.ends_with('-') && line.starts_with(|c: char| c.is_lowercase()) {
                    out.pop();
                } else if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(line);
            }
            out
        })
        .filter(|p| !p.is_empty())
        .collect();
    paragraphs.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflows_lines_into_paragraphs() {
        assert_eq!(
            reflow("The group claimed\nthe attack through its news agen-\ncy.\n\n\nSecond para.\n"),
            "The group claimed the attack through its news agency.\n\nSecond para."
        );
    }

    #[test]
    fn garbage_pdf_is_a_clear_error() {
        let err = parse(b"%PDF-1.4\ngarbage without objects", "bad.pdf").unwrap_err();
        assert!(matches!(err.problem, Problem::Malformed { format: "PDF", .. }), "{err}");
    }
}
