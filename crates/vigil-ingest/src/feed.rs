//! RSS and Atom feeds: each entry is a document with its own link, title, date and author,
//! and the feed's title as its source.

use feed_rs::model::{Entry, FeedType};
use vigil_core::{DateOrigin, Format, Published};

use crate::{DocError, Draft, Problem, html};

/// Parses a feed into one draft per entry. Feeds that declare XML entities are refused
/// whole: entity expansion is how "billion laughs" documents exhaust memory.
pub fn parse(xml: &str, origin: &str) -> Vec<Result<Draft, DocError>> {
    if declares_entities(xml) {
        let why = "feed declares XML entities (<!ENTITY>); refused to rule out entity expansion".to_string();
        return vec![Err(DocError::new(origin, Problem::Refused(why)))];
    }
    let feed = match feed_rs::parser::parse(xml.as_bytes()) {
        Ok(feed) => feed,
        Err(e) => {
            return vec![Err(DocError::new(
                origin,
                Problem::Malformed { format: "feed", reason: e.to_string() },
            ))];
        }
    };
    let format = if feed.feed_type == FeedType::Atom { Format::Atom } else { Format::Rss };
    let source = feed.title.map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty());
    if feed.entries.is_empty() {
        return vec![Err(DocError::new(
            origin,
            Problem::Malformed { format: "feed", reason: "no items".into() },
        ))];
    }
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| Ok(draft(entry, format, &format!("{origin}#item-{}", i + 1), source.clone())))
        .collect()
}

fn draft(entry: Entry, format: Format, origin: &str, source: Option<String>) -> Draft {
    let mut d = Draft::new(origin, format);
    d.source = source;
    d.title = entry.title.map(|t| html::fragment_text(&t.content)).filter(|t| !t.is_empty());
    d.url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.clone());
    d.author = entry
        .authors
        .first()
        .and_then(|p| p.name.as_deref())
        .map(|n| n.trim().to_string())
        .filter(|a| !a.is_empty());
    d.published =
        entry.published.or(entry.updated).map(|at| Published::from_datetime(at, DateOrigin::Metadata));
    let body = entry.content.and_then(|c| c.body).or(entry.summary.map(|s| s.content)).unwrap_or_default();
    d.text = html::fragment_text(&body);
    d
}

/// True when the document declares an entity anywhere (a DTD may sit after long comments).
fn declares_entities(xml: &str) -> bool {
    xml.as_bytes().windows(8).any(|w| w.eq_ignore_ascii_case(b"<!ENTITY"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_become_documents() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Continental Monitor</title><link>https://cm.example</link><description>d</description>
<item><title>Truck attack in Nice</title><link>https://cm.example/nice</link><pubDate>Fri, 15 Jul 2016 06:00:00 GMT</pubDate><author>desk@cm.example (Night desk)</author>
<content:encoded><![CDATA[<p>A truck drove into crowds on the Promenade des Anglais.</p><p>Officials said 84 people were killed.</p>]]></content:encoded></item>
<item><title>Empty</title><link>https://cm.example/e</link></item>
</channel></rss>"#;
        let mut docs = parse(rss, "f.xml");
        assert_eq!(docs.len(), 2);
        let d = docs.remove(0).unwrap();
        assert_eq!((d.format, d.origin.as_str()), (Format::Rss, "f.xml#item-1"));
        assert_eq!(d.source.as_deref(), Some("Continental Monitor"));
        assert_eq!(d.title.as_deref(), Some("Truck attack in Nice"));
        assert_eq!(d.url.as_deref(), Some("https://cm.example/nice"));
        assert_eq!(d.published.unwrap().to_iso(), "2016-07-15T06:00:00Z");
        assert_eq!(
            d.text,
            "A truck drove into crowds on the Promenade des Anglais.\n\nOfficials said 84 people were killed."
        );
        assert_eq!(docs.remove(0).unwrap().text, "");
    }

    #[test]
    fn atom_entries_become_documents() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Frontline Brief</title><id>urn:x</id><updated>2017-08-18T00:00:00Z</updated>
<entry><title>Van attack in Barcelona</title><id>urn:1</id><link rel="alternate" href="https://fb.example/bcn"/><published>2017-08-17T19:00:00Z</published><updated>2017-08-18T00:00:00Z</updated><author><name>Ana Ruiz</name></author>
<content type="html">&lt;p&gt;A van struck pedestrians on Las Ramblas.&lt;/p&gt;</content></entry></feed>"#;
        let d = parse(atom, "a.xml").remove(0).unwrap();
        assert_eq!(d.format, Format::Atom);
        assert_eq!(d.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(d.published.unwrap().to_iso(), "2017-08-17T19:00:00Z");
        assert_eq!(d.text, "A van struck pedestrians on Las Ramblas.");
    }

    #[test]
    fn refuses_entity_bombs_and_reports_garbage() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><title>&b;</title></channel></rss>"#;
        let err = parse(bomb, "bomb.xml").remove(0).unwrap_err();
        assert!(matches!(err.problem, Problem::Refused(_)), "{err}");
        let late = format!(
            "<?xml version=\"1.0\"?>\n<!-- {} -->\n<!DOCTYPE rss [<!ENTITY a \"x\">]><rss/>",
            "ж".repeat(40_000)
        );
        let err = parse(&late, "late.xml").remove(0).unwrap_err();
        assert!(matches!(err.problem, Problem::Refused(_)), "found past 64 KiB of Cyrillic: {err}");
        let err = parse("<rss><channel><item><title>x</ti", "cut.xml").remove(0).unwrap_err();
        assert!(matches!(err.problem, Problem::Malformed { .. }), "{err}");
    }
}
