//! HTML pages: metadata from `<title>`, OpenGraph and article meta tags, JSON-LD and `<time>`;
//! main text by removing site chrome and then running a readability pass.

use dom_query::{Document as Dom, Selection};
use dom_smoothie::{Config, Readability};
use serde_json::Value;
use vigil_core::{DateOrigin, Format, Published};

use crate::Draft;
use crate::dates::{find_date, parse_stamp};
use crate::text;

/// Pages nested deeper than this are read by stripping tags instead of building a tree.
const MAX_DEPTH: usize = 1024;

/// Parses an HTML page into a draft: metadata plus main text.
pub fn parse(html: &str, origin: &str) -> Draft {
    let mut draft = Draft::new(origin, Format::Html);
    if nesting_depth(html, MAX_DEPTH) > MAX_DEPTH {
        draft
            .warnings
            .push(format!("HTML nested more than {MAX_DEPTH} levels deep; read with tags stripped"));
        let meta = head_section(html).map(|head| Meta::read(&Dom::from(head))).unwrap_or_default();
        let page = text::strip_boilerplate(&text::normalize(&strip_tags(html)), false);
        return meta.fill(draft, page, None);
    }
    let dom = Dom::from(html);
    let meta = Meta::read(&dom);
    let byline_date = visible_date(&dom);
    remove_chrome(&dom);
    let body_text = text::normalize(&dom.select("body").formatted_text());
    let main = readable_text(&dom).filter(|t| t.chars().count() * 10 >= body_text.chars().count() * 3);
    let page = match main {
        Some(main) => text::strip_boilerplate(&main, true),
        None => text::strip_boilerplate(&body_text, false),
    };
    meta.fill(draft, page, byline_date)
}

/// Text of an HTML fragment (a feed item's content), paragraphs kept apart.
pub fn fragment_text(html: &str) -> String {
    if !html.contains('<') {
        return text::normalize(&decode_entities(html));
    }
    if nesting_depth(html, MAX_DEPTH) > MAX_DEPTH {
        return text::normalize(&strip_tags(html));
    }
    let dom = Dom::fragment(html);
    dom.select("script, style, noscript, template").remove();
    text::normalize(&dom.formatted_text())
}

/// Metadata a page declares about itself, best source first.
#[derive(Default)]
struct Meta {
    title: Option<String>,
    site: Option<String>,
    author: Option<String>,
    url: Option<String>,
    published: Option<Published>,
}

impl Meta {
    /// Completes a draft: declared metadata first, then what the text itself shows.
    fn fill(self, mut draft: Draft, page: text::Page, byline_date: Option<chrono::NaiveDate>) -> Draft {
        draft.title = self.title.or(page.title);
        draft.source = self.site;
        draft.url = self.url;
        draft.author = self.author.or(page.byline);
        draft.published = self.published.or_else(|| {
            byline_date.or(page.date).map(|date| Published { date, time: None, origin: DateOrigin::Text })
        });
        draft.text = page.text;
        draft
    }

    fn read(dom: &Dom) -> Meta {
        let ld = json_ld(dom);
        let ld_str = |path: &[&str]| ld.as_ref().and_then(|v| lookup(v, path));
        let (headline, title_site) = title_tag(dom);
        let site = first([
            meta(dom, "meta[property='og:site_name']"),
            ld_str(&["publisher", "name"]),
            meta(dom, "meta[name='citation_publisher']"),
            meta(dom, "meta[name='dc.publisher']"),
            meta(dom, "meta[name='application-name']"),
            title_site,
        ]);
        let title = first([
            meta(dom, "meta[property='og:title']"),
            ld_str(&["headline"]),
            meta(dom, "meta[name='citation_title']"),
            meta(dom, "meta[name='twitter:title']"),
            headline,
        ]);
        let author = first([
            meta(dom, "meta[name='author']"),
            meta(dom, "meta[name='citation_author']"),
            meta(dom, "meta[property='article:author']").filter(|a| !a.starts_with("http")),
            ld_str(&["author", "name"]),
            ld_str(&["author"]),
            text_of(dom, "[rel='author']"),
        ]);
        let url = first([
            attr(dom, "link[rel='canonical']", "href"),
            meta(dom, "meta[property='og:url']"),
            ld_str(&["url"]),
        ])
        .filter(|u| u.starts_with("http"));
        let stamp = [
            meta(dom, "meta[property='article:published_time']"),
            meta(dom, "meta[name='article:published_time']"),
            meta(dom, "meta[itemprop='datePublished']"),
            ld_str(&["datePublished"]),
            meta(dom, "meta[name='citation_publication_date']"),
            meta(dom, "meta[name='pubdate']"),
            meta(dom, "meta[name='publishdate']"),
            meta(dom, "meta[name='date']"),
            meta(dom, "meta[name='dc.date']"),
            meta(dom, "meta[name='DC.date.issued']"),
            attr(dom, "article time[datetime]", "datetime"),
            attr(dom, "time[datetime]", "datetime"),
            ld_str(&["dateModified"]),
            meta(dom, "meta[property='article:modified_time']"),
        ]
        .into_iter()
        .flatten()
        .find_map(|s| parse_stamp(&s));
        let published = stamp.map(|(date, time)| Published { date, time, origin: DateOrigin::Metadata });
        Meta { title, site, author, url, published }
    }
}

fn first<const N: usize>(candidates: [Option<String>; N]) -> Option<String> {
    candidates.into_iter().flatten().map(|s| clean(&s)).find(|s| !s.is_empty())
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn meta(dom: &Dom, selector: &str) -> Option<String> {
    attr(dom, selector, "content")
}

fn attr(dom: &Dom, selector: &str, name: &str) -> Option<String> {
    dom.select(selector).iter().find_map(|s| s.attr(name)).map(|v| v.to_string())
}

fn text_of(dom: &Dom, selector: &str) -> Option<String> {
    let sel = dom.select(selector);
    (!sel.is_empty()).then(|| sel.first().text().to_string())
}

/// `<title>` split into the headline and a trailing " | Site Name" (or " - ", " — "), where
/// the tail is short enough to be a site's name.
fn title_tag(dom: &Dom) -> (Option<String>, Option<String>) {
    let title = clean(&dom.select("title").first().text());
    for sep in [" | ", " — ", " – ", " - ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && head.split_whitespace().count() >= 3
            && (1..=6).contains(&tail.split_whitespace().count())
        {
            return (Some(head.to_string()), Some(tail.to_string()));
        }
    }
    ((!title.is_empty()).then_some(title), None)
}

/// The first JSON-LD object describing an article (looking inside `@graph` and arrays).
fn json_ld(dom: &Dom) -> Option<Value> {
    let mut nodes = Vec::new();
    for script in dom.select("script[type='application/ld+json']").iter() {
        if let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) {
            flatten_ld(value, &mut nodes);
        }
    }
    let is = |node: &Value, kinds: &[&str]| match node.get("@type") {
        Some(Value::String(t)) => kinds.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str().is_some_and(|t| kinds.contains(&t))),
        _ => false,
    };
    const ARTICLES: &[&str] = &[
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "BlogPosting",
        "Report",
        "ScholarlyArticle",
    ];
    let position = nodes
        .iter()
        .position(|n| is(n, ARTICLES))
        .or_else(|| nodes.iter().position(|n| is(n, &["WebPage"])))?;
    let mut article = nodes[position].clone();
    resolve_refs(&mut article, &nodes);
    Some(article)
}

/// Every object of a JSON-LD document, with `@graph` lists and arrays opened up.
fn flatten_ld(value: Value, out: &mut Vec<Value>) {
    match value {
        Value::Array(items) => items.into_iter().for_each(|v| flatten_ld(v, out)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten_ld(graph, out);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

/// Replaces `{"@id": ...}` references in an article's author and publisher by the objects
/// they name elsewhere in the graph.
fn resolve_refs(article: &mut Value, nodes: &[Value]) {
    for key in ["author", "publisher"] {
        let Some(field) = article.get_mut(key) else { continue };
        let targets: Vec<&mut Value> = match field {
            Value::Array(items) => items.iter_mut().collect(),
            other => vec![other],
        };
        for target in targets {
            let Some(id) = target.get("@id").and_then(Value::as_str).filter(|_| target.get("name").is_none())
            else {
                continue;
            };
            if let Some(found) = nodes.iter().find(|n| n.get("@id").and_then(Value::as_str) == Some(id)) {
                *target = found.clone();
            }
        }
    }
}

/// A string at `path`, taking the first element of any array on the way.
fn lookup(value: &Value, path: &[&str]) -> Option<String> {
    let mut v = value;
    for key in path {
        if let Value::Array(items) = v {
            v = items.first()?;
        }
        v = v.get(key)?;
    }
    if let Value::Array(items) = v {
        v = items.first()?;
    }
    v.as_str().map(str::to_string)
}

/// A date printed in the byline area (`<time>` without an attribute, `.date`, `.byline`).
/// Inside the article first: a masthead or ticker may print today's date.
fn visible_date(dom: &Dom) -> Option<chrono::NaiveDate> {
    const DATED: &str = "time, .date, .byline, .dateline, .published, .timestamp, .meta";
    ["article", "main", "body"].iter().find_map(|scope| {
        let inner = DATED.split(", ").map(|d| format!("{scope} {d}")).collect::<Vec<_>>().join(", ");
        dom.select(&inner).iter().take(10).find_map(|s| find_date(&s.text()))
    })
}

/// Elements that are site chrome by their tag or role, or by a class or id token.
const CHROME_TAGS: &str = "script, style, noscript, template, iframe, svg, canvas, form, button, select, \
    nav, footer, aside, dialog, [role='navigation'], [role='banner'], [role='contentinfo'], \
    [role='complementary'], [role='dialog'], [aria-hidden='true'], [hidden]";

const CHROME_TOKENS: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "share",
    "sharing",
    "social",
    "related",
    "comment",
    "comments",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adslot",
    "promo",
    "sponsored",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "trending",
    "recommended",
    "outbrain",
    "taboola",
    "footer",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "masthead",
    "toolbar",
    "paywall",
    "mostread",
    "most",
    "popular",
    "tags",
];

fn remove_chrome(dom: &Dom) {
    let paragraphs = dom.select("p").length().max(1);
    dom.select(CHROME_TAGS).iter().filter(|s| !is_article(s, paragraphs)).for_each(|s| s.remove());
    dom.select("header").iter().filter(|s| !is_article(s, paragraphs)).for_each(|s| s.remove());
    let marked: Vec<(Selection, bool)> = dom
        .select("[class], [id]")
        .iter()
        .filter_map(|s| {
            let names =
                format!("{} {}", s.attr("class").unwrap_or_default(), s.attr("id").unwrap_or_default())
                    .to_ascii_lowercase();
            let tokens: Vec<&str> = names.split(|c: char| !c.is_ascii_alphanumeric()).collect();
            let strong = tokens.iter().any(|t| STRONG_CHROME_TOKENS.contains(t));
            (strong || tokens.iter().any(|t| CHROME_TOKENS.contains(t))).then_some((s, strong))
        })
        .collect();
    for (s, strong) in marked {
        let keep = if strong { wraps_article(&s) } else { is_article(&s, paragraphs) };
        if !keep {
            s.remove();
        }
    }
}

/// Class tokens that name one kind of chrome whatever the element holds: a comment thread
/// with more paragraphs than the article is still a comment thread.
const STRONG_CHROME_TOKENS: &[&str] = &[
    "comment",
    "comments",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "related",
    "taboola",
    "outbrain",
];

/// True when the element is or wraps the article: it holds the headline or an article
/// container, or at least half of the page's paragraphs. Such an element is never removed,
/// whatever its class names say ("story-body has-share").
fn is_article(sel: &Selection, paragraphs: usize) -> bool {
    wraps_article(sel) || sel.select("p").length() * 2 >= paragraphs
}

fn wraps_article(sel: &Selection) -> bool {
    sel.is("article, main, [itemprop='articleBody']")
        || !sel.select("h1, article, main, [itemprop='articleBody']").is_empty()
}

fn readable_text(dom: &Dom) -> Option<String> {
    let cfg = Config { max_elements_to_parse: 100_000, ..Config::default() };
    let mut readability = Readability::with_document(dom.clone(), None, Some(cfg)).ok()?;
    let article = readability.parse().ok()?;
    let text = text::normalize(&Dom::from(article.content.as_ref()).formatted_text());
    (!text.is_empty()).then_some(text)
}

/// The deepest element nesting of a page, counted the way a parser would build it but
/// without building a tree: comments and script or style contents are skipped, self-closing
/// and void elements do not nest, and a closing tag closes the innermost open element of its
/// name (or nothing, when none is open). Stops counting once past `limit`.
fn nesting_depth(html: &str, limit: usize) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "p", "li", "td", "tr", "option", "path", "circle", "rect", "line", "use", "stop",
    ];
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut max = 0;
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        if bytes[i..].starts_with(b"!--") {
            i = find(bytes, i, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let name_len = bytes[start..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b':').count();
        if name_len == 0 {
            continue;
        }
        let name = html[start..start + name_len].to_ascii_lowercase();
        let tag_end = find(bytes, start, b">").unwrap_or(bytes.len());
        if closing {
            if let Some(at) = open.iter().rposition(|n| *n == name) {
                open.truncate(at);
            }
        } else if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = find_ignore_case(bytes, tag_end, close.as_bytes()).unwrap_or(bytes.len());
            continue;
        } else if !VOID.contains(&name.as_str()) && tag_end > 0 && bytes[tag_end - 1] != b'/' {
            open.push(name);
            max = max.max(open.len());
            if max > limit {
                return max;
            }
        }
        i = tag_end.min(bytes.len());
    }
    max
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

fn find_ignore_case(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|p| from + p)
}

/// The page up to `</head>`, for reading metadata from a page too deep to parse whole.
fn head_section(html: &str) -> Option<&str> {
    find_ignore_case(html.as_bytes(), 0, b"</head").map(|end| &html[..end])
}

/// Tag stripping for pages too deeply nested to parse into a tree: block tags become line
/// breaks, script and style contents are dropped, common entities decoded.
pub fn strip_tags(html: &str) -> String {
    const BLOCK: &[&str] = &[
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "blockquote",
        "title",
    ];
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    while let Some(open) = rest.find('<') {
        if skip_until.is_none() {
            out.push_str(&rest[..open]);
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else { break };
        let tag = after[..close].trim_start_matches('/').to_ascii_lowercase();
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        match skip_until {
            Some(end) if after.starts_with('/') && name == end => skip_until = None,
            Some(_) => {}
            None if !after.starts_with('/') && (name == "script" || name == "style") => {
                skip_until = Some(if name == "script" { "script" } else { "style" });
            }
            None if BLOCK.contains(&name.as_str()) => out.push('\n'),
            None => out.push(' '),
        }
        rest = &after[close + 1..];
    }
    if skip_until.is_none() && !rest.contains('<') {
        out.push_str(rest);
    }
    decode_entities(&out)
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        // Entity names are short: look for the `;` only nearby, so a run of bare `&` stays linear.
        let end = tail.as_bytes().iter().take(12).position(|&b| b == b';');
        let decoded = end.and_then(|e| entity(&tail[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let number = |digits: &str, radix| u32::from_str_radix(digits, radix).ok().and_then(char::from_u32);
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ if name.starts_with("#x") || name.starts_with("#X") => number(&name[2..], 16),
        _ if name.starts_with('#') => number(&name[1..], 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html><html><head>
<title>Suicide bombing kills worshippers in Peshawar | Riverside Chronicle</title>
<meta property="og:site_name" content="Riverside Chronicle">
<meta name="author" content="Omar Siddiqui">
<meta property="article:published_time" content="2023-01-30T14:20:00+05:00">
<link rel="canonical" href="https://www.riverside.example/news/peshawar-mosque">
</head><body>
<header class="site-header"><a href="/">Riverside Chronicle</a></header>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/asia">Asia</a></nav>
<div class="cookie-banner">We use cookies. <button>Accept all</button></div>
<main><article class="story-body">
<h1>Suicide bombing kills worshippers in Peshawar</h1>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<p>A suicide bomber struck a crowded mosque inside the Police Lines compound in Peshawar during afternoon prayers on Monday, officials said.</p>
<p>Hospital officials said dozens of people were killed, most of them police officers, and that the toll was expected to rise as rescuers searched the rubble.</p>
<div class="ad-slot">Advertisement</div>
<p>The provincial police chief said the attacker had passed through several layers of security before detonating his explosives among the worshippers.</p>
<p>No group had made a credible claim of responsibility by the evening, and investigators were examining footage from cameras around the compound.</p>
</article></main>
<aside class="related"><h3>Related stories</h3><ul><li><a href="#">Pakistan raises security alert</a></li><li><a href="#">Police mourn colleagues</a></li></ul></aside>
<section class="comments"><p>Reader one: So sad.</p></section>
<footer><p>© 2023 Riverside Chronicle. All rights reserved.</p></footer>
</body></html>"##;

    #[test]
    fn keeps_the_article_and_reads_metadata() {
        let d = parse(PAGE, "p.html");
        assert_eq!(d.title.as_deref(), Some("Suicide bombing kills worshippers in Peshawar"));
        assert_eq!(d.source.as_deref(), Some("Riverside Chronicle"));
        assert_eq!(d.author.as_deref(), Some("Omar Siddiqui"));
        assert_eq!(d.url.as_deref(), Some("https://www.riverside.example/news/peshawar-mosque"));
        assert_eq!(d.published.unwrap().to_iso(), "2023-01-30T09:20:00Z");
        assert!(d.text.starts_with("A suicide bomber struck"), "{}", d.text);
        assert!(d.text.ends_with("cameras around the compound."), "{}", d.text);
        for noise in ["cookies", "Share on", "Advertisement", "Related", "Reader one", "All rights", "Home"] {
            assert!(!d.text.contains(noise), "{noise} left in {}", d.text);
        }
        assert_eq!(d.text.matches("\n\n").count(), 3, "paragraphs kept apart: {}", d.text);
    }

    #[test]
    fn a_long_comment_thread_is_still_removed() {
        let comments: String =
            (0..30).map(|i| format!("<p>Reader {i}: I have an opinion about this story.</p>")).collect();
        let html = format!(
            "<html><body><article><h1>Blast in Kabul</h1><p>A blast struck near the airport gate on Thursday, officials said.</p>\
             <p>The Pentagon later said a single suicide bomber carried out the attack.</p></article>\
             <section class=\"comments\"><h3>Comments</h3>{comments}</section></body></html>"
        );
        let d = parse(&html, "c.html");
        assert!(d.text.contains("single suicide bomber"), "{}", d.text);
        assert!(!d.text.contains("Reader"), "{}", d.text);
    }

    #[test]
    fn json_ld_prefers_the_article_node_and_resolves_references() {
        let html = r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
{"@type":"WebPage","@id":"https://x.example/#webpage","name":"Home page title"},
{"@type":"Organization","@id":"https://x.example/#org","name":"Frontline Brief"},
{"@type":["NewsArticle"],"headline":"Kuje prison raid claimed","datePublished":"2022-07-08T08:00:00+01:00","publisher":{"@id":"https://x.example/#org"}}]}
</script></head><body><article><p>Gunmen attacked the prison in Kuje, near Abuja, late on Tuesday, officials said.</p></article></body></html>"#;
        let d = parse(html, "ld.html");
        assert_eq!(d.title.as_deref(), Some("Kuje prison raid claimed"));
        assert_eq!(d.source.as_deref(), Some("Frontline Brief"));
        assert_eq!(d.published.unwrap().to_iso(), "2022-07-08T07:00:00Z");
    }

    #[test]
    fn reads_json_ld_and_time() {
        let html = r#"<html><head><title>Report</title><script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},{"@type":"NewsArticle","headline":"Kerman blasts","datePublished":"2024-01-04","author":[{"@type":"Person","name":"Sara Rahimi"}],"publisher":{"@type":"Organization","name":"Atlas Security Review"}}]}
</script></head><body><article><p>Two explosions struck a memorial procession in Kerman, killing scores of people, officials said on Wednesday.</p></article></body></html>"#;
        let d = parse(html, "k.html");
        assert_eq!(d.title.as_deref(), Some("Kerman blasts"));
        assert_eq!(d.author.as_deref(), Some("Sara Rahimi"));
        assert_eq!(d.source.as_deref(), Some("Atlas Security Review"));
        assert_eq!(d.published.unwrap().to_iso(), "2024-01-04");
        let t = r#"<html><body><p class="byline">By Ana Ruiz · <time>18 August 2017</time></p><p>A van drove into crowds on Las Ramblas in Barcelona on Thursday afternoon, police said.</p></body></html>"#;
        let d = parse(t, "b.html");
        assert_eq!(d.published.unwrap().to_iso(), "2017-08-18");
        assert_eq!(d.published.unwrap().origin, DateOrigin::Text);
    }

    #[test]
    fn deep_nesting_and_truncation_do_not_break_parsing() {
        let deep = format!(
            "<html><body>{}<p>Deep text survives here in this page.</p></body></html>",
            "<div>".repeat(50_000)
        );
        let d = parse(&deep, "deep.html");
        assert!(d.text.contains("Deep text survives"));
        assert!(d.warnings[0].contains("nested"));
        let head =
            "<html><head><title>Deep page about the Kerman bombings | Gulf Current</title></head><body>";
        let d = parse(&format!("{head}{}<p>Text.</p>", "<section>".repeat(5_000)), "deep2.html");
        assert_eq!(
            d.title.as_deref(),
            Some("Deep page about the Kerman bombings"),
            "metadata kept on the fallback"
        );
        assert_eq!(d.source.as_deref(), Some("Gulf Current"));
        // Stray closing tags do not hide nesting; self-closing and void elements do not add to it.
        assert!(nesting_depth(&"<div class=ad></i>".repeat(3_000), MAX_DEPTH) > MAX_DEPTH);
        let svg = format!("<svg>{}</svg>", "<path d='M0 0'/><circle r='1'/>".repeat(5_000));
        assert!(nesting_depth(&svg, MAX_DEPTH) < 3);
        assert_eq!(nesting_depth("<div><!-- <div><div> --><script>if (a<b && c<d) {}</script></div>", 10), 1);
        let d = parse(
            "<html><head><title>Cut</title></head><body><p>The report was cut off in the mid",
            "cut.html",
        );
        assert!(d.text.contains("cut off in the mid"));
    }

    #[test]
    /// Would take hours if decoding were quadratic in the number of `&`.
    fn many_ampersands_decode_in_linear_time() {
        let text = "&amp;".repeat(200_000) + &"& ".repeat(200_000);
        let decoded = fragment_text(&text);
        assert!(decoded.starts_with("&&&&"));
    }

    #[test]
    fn fragments_and_entities() {
        assert_eq!(fragment_text("<p>One &amp; two.</p><p>Three.</p>"), "One & two.\n\nThree.");
        assert_eq!(fragment_text("Plain &lt;b&gt; text"), "Plain <b> text");
        assert_eq!(strip_tags("<p>A<script>x()</script> b</p><style>p{}</style>c &#233;"), "\nA b\nc é");
    }
}
