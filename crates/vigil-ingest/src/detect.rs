//! Format detection and decoding. The content decides; the file extension only breaks ties
//! between plain text and Markdown.

use std::path::Path;

use vigil_core::Format;

use crate::Problem;

/// What the bytes turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Feed,
    Html,
    Jsonl,
    Text(Format),
}

/// Decides what `bytes` are. Binary and empty inputs are problems, not formats.
pub fn sniff(bytes: &[u8], path: Option<&Path>) -> Result<Kind, Problem> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::Empty);
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(Kind::Pdf);
    }
    if let Some(what) = binary_kind(bytes) {
        return Err(Problem::Binary(what.to_string()));
    }
    let head = decode(&bytes[..bytes.len().min(4096)]).0;
    Ok(sniff_text(head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']), path))
}

fn sniff_text(head: &str, path: Option<&Path>) -> Kind {
    if head.starts_with('<') {
        return match root_element(head).to_ascii_lowercase().as_str() {
            "rss" | "feed" | "rdf:rdf" => Kind::Feed,
            _ => Kind::Html,
        };
    }
    // A JSON object opens with `{` and then a key (or closes at once); lines may be longer
    // than the sniffed head, so the closing brace is not looked for.
    if head.strip_prefix('{').is_some_and(|rest| rest.trim_start().starts_with(['"', '}'])) {
        return Kind::Jsonl;
    }
    let markdown = path
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown"));
    Kind::Text(if markdown { Format::Markdown } else { Format::Text })
}

/// The name of the first element, after any XML declaration, processing instructions,
/// comments and DOCTYPE (internal subset included).
fn root_element(markup: &str) -> &str {
    let mut rest = markup;
    loop {
        rest = rest.trim_start();
        let skip = if rest.starts_with("<?") {
            rest.find("?>").map(|e| e + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|e| e + 3)
        } else if rest.starts_with("<!") {
            let subset_end = rest
                .find('[')
                .filter(|&b| rest.find('>').is_some_and(|g| b < g))
                .and_then(|_| rest.find("]>"));
            subset_end.map(|e| e + 2).or_else(|| rest.find('>').map(|e| e + 1))
        } else {
            None
        };
        match skip {
            Some(n) => rest = &rest[n..],
            None if rest.starts_with('<') => break,
            None => return "",
        }
    }
    let name = &rest[1..];
    let end = name.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(name.len());
    &name[..end]
}

/// Recognises binary content by magic number, or by a share of NUL bytes (above 1%) or of
/// control bytes (above 10%) that no text has: a text with a stray NUL or a few escape codes
/// from a bad conversion is still text, and loses those characters when it is normalised.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"PK\x03\x04", "ZIP archive or Office document"),
        (b"\x1f\x8b", "gzip archive"),
        (b"\x7fELF", "executable"),
        (b"MZ", "Windows executable"),
        (b"SQLite format 3\0", "SQLite database"),
        (b"\xd0\xcf\x11\xe0", "legacy Office document"),
        (b"7z\xbc\xaf", "7-Zip archive"),
        (b"Rar!", "RAR archive"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(what);
    }
    if utf16_bom(bytes).is_some() {
        return None;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    let nul = head.iter().filter(|&&b| b == 0).count();
    (nul * 100 > head.len() || control * 10 > head.len()).then_some("unrecognised binary data")
}

fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xff, 0xfe, ..] => Some(true),
        [0xfe, 0xff, ..] => Some(false),
        _ => None,
    }
}

/// Decodes bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252
/// where an HTML or XML declaration says so. Invalid UTF-8 is decoded with U+FFFD replacement
/// characters and reported in the returned warning; nothing is dropped silently.
pub fn decode(bytes: &[u8]) -> (String, Option<String>) {
    if let Some(little) = utf16_bom(bytes) {
        let units = bytes[2..].chunks_exact(2).map(|c| {
            if little { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) }
        });
        let text: String = char::decode_utf16(units).map(|r| r.unwrap_or('\u{fffd}')).collect();
        return (text, None);
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(_) if declares_latin1(bytes) => (bytes.iter().map(|&b| windows_1252(b)).collect(), None),
        Err(e) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let bad = text.matches('\u{fffd}').count();
            let warning = format!(
                "invalid UTF-8 from byte {}; {bad} replacement character(s) in the text",
                e.valid_up_to()
            );
            (text, Some(warning))
        }
    }
}

fn declares_latin1(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    ["iso-8859-1", "windows-1252", "latin1", "latin-1", "cp1252"].iter().any(|name| {
        head.contains(&format!("charset={name}"))
            || head.contains(&format!("encoding=\"{name}\""))
            || head.contains(&format!("charset=\"{name}\""))
    })
}

/// Windows-1252, the encoding browsers use for pages labelled ISO-8859-1.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
        '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Kind {
        sniff(s.as_bytes(), None).unwrap()
    }

    #[test]
    fn sniffs_by_content() {
        assert_eq!(kind("<!DOCTYPE html><html><body><p>x</p></body></html>"), Kind::Html);
        assert_eq!(kind("\n  <?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>"), Kind::Feed);
        assert_eq!(kind("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"/>"), Kind::Feed);
        let cdata = "<?xml version=\"1.0\"?><!-- feed --><rss><channel><item><description><![CDATA[<html><body>x]]></description></item></channel></rss>";
        assert_eq!(kind(cdata), Kind::Feed, "HTML inside an item does not make the feed a page");
        assert_eq!(kind("<div><feedback>Reader comments</feedback></div>"), Kind::Html);
        assert_eq!(kind("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"b\">]><rss/>"), Kind::Feed);
        assert_eq!(kind("{\"text\": \"a\"}\n{\"text\": \"b\"}\n"), Kind::Jsonl);
        let long_line = format!("{{\"text\": \"{}\"}}\n", "word ".repeat(2000));
        assert_eq!(kind(&long_line), Kind::Jsonl, "lines longer than the sniffed head");
        assert_eq!(kind("{braces} in a note"), Kind::Text(Format::Text));
        assert_eq!(kind("Title: x\n\nBody."), Kind::Text(Format::Text));
        assert_eq!(sniff(b"%PDF-1.4\n...", None), Ok(Kind::Pdf));
        let md = sniff(b"# Heading\n\nBody.", Some(Path::new("notes.MD"))).unwrap();
        assert_eq!(md, Kind::Text(Format::Markdown));
        // An .html extension does not make plain text HTML.
        let txt = sniff(b"Just words.", Some(Path::new("page.html"))).unwrap();
        assert_eq!(txt, Kind::Text(Format::Text));
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert_eq!(sniff(b"  \n\t ", None), Err(Problem::Empty));
        assert_eq!(sniff(b"", None), Err(Problem::Empty));
        assert!(matches!(sniff(b"\x89PNG\r\n\x1a\n....", None), Err(Problem::Binary(w)) if w == "PNG image"));
        assert!(matches!(sniff(b"abc\0def\0ghi", None), Err(Problem::Binary(_))));
        let mut noise = vec![0u8; 4096];
        noise.iter_mut().enumerate().for_each(|(i, b)| *b = (i * 7 % 251) as u8);
        assert!(matches!(sniff(&noise, None), Err(Problem::Binary(_))));
    }

    #[test]
    fn text_with_a_few_control_characters_is_text() {
        let mut text = "The attack in Kerman killed 95 people, officials said. ".repeat(40).into_bytes();
        text[100] = 0;
        text[900] = 0x1b;
        text[1500] = 0x07;
        assert_eq!(sniff(&text, None), Ok(Kind::Text(Format::Text)));
    }

    #[test]
    fn decodes_bad_utf8_with_a_warning() {
        let (text, warning) = decode(b"Caf\xe9 attack");
        assert_eq!(text, "Caf\u{fffd} attack");
        assert!(warning.unwrap().contains("byte 3"));
        let (text, warning) = decode("<meta charset=windows-1252>Caf\u{e9}".as_bytes());
        assert!(text.ends_with("Café") && warning.is_none());
        let (text, _) = decode(b"<meta charset=windows-1252>Caf\xe9 \x93quoted\x94");
        assert!(text.ends_with("Café “quoted”"));
        let (text, _) = decode(b"\xff\xfeK\0a\0b\0u\0l\0");
        assert_eq!(text, "Kabul");
    }
}
