//! Arbitrary and half-formed inputs through every parser: whatever the bytes, parsing ends
//! with documents or with a failure that names the input, never with a panic (a panic the
//! guard contains shows as `Problem::Crashed`, and fails these tests too).
//!
//! The inputs are built from the pieces each format is made of, so that the cases reach past
//! the first check of a parser. `PROPTEST_CASES` sets how many cases each property runs
//! (default 256); the coverage-guided fuzz targets in `fuzz/` explore further.

use proptest::prelude::*;
use vigil_core::Format;
use vigil_ingest::{Input, Problem, dates, feed, html, jsonl, pdf, text};

/// A string assembled from `pieces` and arbitrary text between them.
fn assembled(pieces: &'static [&'static str], most: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(pieces).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[ -~]{0,12}",
    ];
    prop::collection::vec(piece, 0..most).prop_map(|parts| parts.concat())
}

const HTML: &[&str] = &[
    "<html>",
    "</html>",
    "<head>",
    "</head>",
    "<body>",
    "</body>",
    "<p>",
    "</p>",
    "<div class=\"article\">",
    "</div>",
    "<h1>",
    "</h1>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<meta property=\"article:published_time\" content=\"",
    "<meta name=\"author\" content=\"",
    "\">",
    "<time datetime=\"",
    "<table><tr><td>",
    "</td></tr></table>",
    "<ul><li>",
    "</li></ul>",
    "<a href=\"",
    "&amp;",
    "&#x",
    "&#",
    ";",
    "<br/>",
    "<title>",
    "</title>",
    "<article>",
    "</article>",
    "<",
    ">",
    "\"",
    "Kerman",
    " killed 12 people",
    ". ",
    "\n",
    "2024-01-03",
    "\u{0}",
    "\u{feff}",
];

const FEED: &[&str] = &[
    "<?xml version=\"1.0\"?>",
    "<rss version=\"2.0\">",
    "</rss>",
    "<channel>",
    "</channel>",
    "<item>",
    "</item>",
    "<title>",
    "</title>",
    "<link>",
    "</link>",
    "<description>",
    "</description>",
    "<pubDate>",
    "</pubDate>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
    "</feed>",
    "<entry>",
    "</entry>",
    "<content type=\"html\">",
    "</content>",
    "<updated>",
    "</updated>",
    "<![CDATA[",
    "]]>",
    "&lt;p&gt;",
    "&amp;",
    "<!DOCTYPE x [",
    "]>",
    "Tue, 10 Jun 2003 04:00:00 GMT",
    "2024-03-22T18:00:00Z",
    "Raid in Kabul",
    "<",
    ">",
    "\n",
];

const JSONL: &[&str] = &[
    "{",
    "}",
    "\"text\": ",
    "\"title\": ",
    "\"published\": ",
    "\"source\": ",
    "\"url\": ",
    "\"id\": ",
    "\"",
    ",",
    ":",
    "[",
    "]",
    "null",
    "true",
    "1e999",
    "-0",
    "12345678901234567890",
    "\\u0000",
    "\\ud800",
    "\\n",
    "\n",
    "\"2024-03-22\"",
    "\"Gunmen attacked a hall.\"",
    " ",
];

const HEADER: &[&str] = &[
    "Title: ",
    "Source: ",
    "Published: ",
    "URL: ",
    "Author: ",
    "Date: ",
    "---\n",
    "\n",
    "\n\n",
    ": ",
    "2024-03-22T08:00:00Z",
    "22 March 2024",
    "https://news.example/2024/03/22/a",
    "By ",
    "· ",
    "Posted ",
    "# ",
    "* ",
    "[link](",
    ")",
    "Officials said 40 people were killed.",
    "Menu",
    "Cookies",
    "\r",
];

const PDF: &[&str] = &[
    "%PDF-1.4\n",
    "1 0 obj\n",
    "endobj\n",
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
    "<< /Length 44 >>",
    "stream\n",
    "endstream\n",
    "BT /F1 12 Tf 72 712 Td (Attack in Kerman) Tj ET",
    "xref\n",
    "0 5\n",
    "0000000000 65535 f \n",
    "trailer\n",
    "<< /Root 1 0 R /Size 5 >>",
    "startxref\n",
    "%%EOF",
    "/Filter /FlateDecode",
    "(",
    ")",
    "<",
    ">",
    "[",
    "]",
    "R",
    " ",
    "\n",
];

const STAMPS: &[&str] = &[
    "2024",
    "-",
    "03",
    "22",
    "T",
    ":",
    "00",
    "Z",
    "+05:30",
    "/",
    " ",
    "March",
    "Mar",
    "Monday,",
    ",",
    "Tue, 10 Jun 2003 04:00:00 GMT",
    "99999",
    "0",
    "31",
    "13",
    "2024-02-30",
    "ago",
    "yesterday",
    ".",
    "https://news.example/",
    "/2024/11/25/",
    "?",
    "年",
    "월",
    "\u{0}",
];

fn input(bytes: Vec<u8>, path: Option<&str>) -> Input {
    Input { origin: "case".into(), path: path.map(Into::into), bytes, modified: None }
}

/// Parses through the front door, as ingest does, and checks the outcome. A PDF may fail as
/// `Crashed`: the PDF library panics on some malformed files, and the guard turns that into
/// this input's failure by design; every other parser must not panic at all.
fn survives(bytes: Vec<u8>, path: Option<&str>) -> Result<(), TestCaseError> {
    let pdf = bytes.starts_with(b"%PDF-");
    for parsed in vigil_ingest::parse(&input(bytes, path)) {
        match parsed {
            Ok(draft) => prop_assert!(!draft.text.trim().is_empty(), "a document has text"),
            Err(e) => {
                let crashed = matches!(e.problem, Problem::Crashed(_));
                prop_assert!(!crashed || pdf, "a parser panicked: {}", e.problem);
                // The input's name, with a line or item where the format has them.
                prop_assert!(e.origin.starts_with("case"), "{}", e.origin);
            }
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        survives(bytes, None)?;
    }

    #[test]
    fn html_like(page in assembled(HTML, 120)) {
        let _ = html::parse(&page, "case");
        survives(page.into_bytes(), Some("page.html"))?;
    }

    #[test]
    fn feed_like(xml in assembled(FEED, 120)) {
        let _ = feed::parse(&xml, "case");
        survives(xml.into_bytes(), Some("feed.xml"))?;
    }

    #[test]
    fn json_lines_like(data in assembled(JSONL, 120)) {
        for parsed in jsonl::parse(&data, "case") {
            if let Err(e) = parsed {
                prop_assert!(!e.origin.is_empty());
            }
        }
        survives(data.into_bytes(), Some("items.jsonl"))?;
    }

    #[test]
    fn text_with_headers(doc in assembled(HEADER, 80)) {
        let _ = text::parse(&doc, Format::Text, "case");
        let _ = text::parse(&doc, Format::Markdown, "case");
        survives(doc.into_bytes(), Some("note.md"))?;
    }

    #[test]
    fn pdf_like(doc in assembled(PDF, 60)) {
        let bytes = format!("%PDF-1.4\n{doc}").into_bytes();
        let _ = vigil_ingest::guard::contain(|| pdf::parse(&bytes, "case"));
        survives(bytes, None)?;
    }

    #[test]
    fn date_stamps(stamp in assembled(STAMPS, 12)) {
        let _ = dates::parse_stamp(&stamp);
        let _ = dates::url_date(&stamp);
        let _ = dates::find_date(&stamp);
    }
}
