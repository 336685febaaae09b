//! Plain text and Markdown: header blocks, front matter, and the clean-up of web pages that
//! were saved as text (menus, cookie notices and link lists run into the article).

use vigil_core::{DateOrigin, Format, Published};

use crate::Draft;
use crate::dates::{find_date, parse_stamp};

/// Parses a text or Markdown document.
pub fn parse(text: &str, format: Format, origin: &str) -> Draft {
    let text = normalize(text);
    let (meta, body) = split_header(&text);
    let body = if format == Format::Markdown { normalize(&strip_markdown(body)) } else { body.to_string() };
    let mut draft = Draft::new(origin, format);
    let described = meta.title.is_some();
    meta.apply(&mut draft);
    let page = strip_boilerplate(&body, described);
    if draft.title.is_none() {
        draft.title = page.title;
    }
    if draft.author.is_none() {
        draft.author = page.byline;
    }
    if draft.published.is_none() {
        draft.published = page.date.map(|date| Published { date, time: None, origin: DateOrigin::Text });
    }
    draft.text = page.text;
    draft
}

/// Line endings to `\n`, control characters removed, trailing blanks trimmed, runs of blank
/// lines collapsed to one.
pub fn normalize(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line: String = line.chars().filter(|c| !c.is_control() || *c == '\t').collect();
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// Metadata read from a header block or front matter.
#[derive(Default)]
struct Meta {
    title: Option<String>,
    source: Option<String>,
    author: Option<String>,
    published: Option<String>,
    url: Option<String>,
}

impl Meta {
    fn set(&mut self, key: &str, value: &str) -> bool {
        let value = value.trim().trim_matches('"').trim().to_string();
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "title" | "headline" => &mut self.title,
            "source" | "outlet" | "publisher" | "site" => &mut self.source,
            "author" | "byline" | "by" => &mut self.author,
            "published" | "date" | "pubdate" | "published_at" => &mut self.published,
            "url" | "link" | "canonical" => &mut self.url,
            _ => return false,
        };
        if !value.is_empty() {
            *slot = Some(value);
        }
        true
    }

    fn apply(self, draft: &mut Draft) {
        draft.title = self.title;
        draft.source = self.source;
        draft.author = self.author;
        draft.url = self.url;
        if let Some(raw) = self.published {
            match parse_stamp(&raw) {
                Some((date, time)) => {
                    draft.published = Some(Published { date, time, origin: DateOrigin::Metadata })
                }
                None => draft.warnings.push(format!("unreadable publication date {raw:?}")),
            }
        }
    }
}

/// Splits off a leading `Key: value` block (ended by a blank line) or `---` front matter.
/// A block counts only when its first line is a known key.
fn split_header(text: &str) -> (Meta, &str) {
    let mut meta = Meta::default();
    if let Some(rest) = text.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---")
    {
        let block = &rest[..end];
        // Keys at the start of a line; indented lines (YAML lists, folded values) are skipped.
        let keys =
            block.lines().filter(|l| !l.starts_with([' ', '\t', '-'])).filter_map(|l| l.split_once(':'));
        if block.lines().next().is_some_and(|l| l.contains(':')) {
            for (k, v) in keys {
                meta.set(k, v);
            }
            let after = &rest[end + 4..];
            return (meta, after.trim_start_matches(['-', '\n']));
        }
    }
    let block_end = text.find("\n\n").unwrap_or(text.len());
    let block = &text[..block_end];
    let mut probe = Meta::default();
    let all_keys = block.lines().all(|line| {
        line.split_once(':').is_some_and(|(k, v)| k.len() <= 16 && !k.contains(' ') && probe.set(k, v))
    });
    if all_keys && block.lines().count() >= 2 {
        return (probe, text[block_end..].trim_start());
    }
    (meta, text)
}

/// Markdown to plain text: heading marks, emphasis, images and link targets removed.
fn strip_markdown(body: &str) -> String {
    let lines: Vec<String> = body
        .lines()
        .map(|line| {
            let line = line.trim_start_matches('#').trim_start();
            let line = line.strip_prefix("> ").unwrap_or(line);
            strip_links(line).replace("**", "").replace("__", "")
        })
        .collect();
    lines.join("\n")
}

fn strip_links(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let image = open > 0 && rest[..open].ends_with('!');
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else {
            break;
        };
        out.push_str(&rest[..if image { open - 1 } else { open }]);
        if !image {
            out.push_str(&rest[open + 1..close]);
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// What [`strip_boilerplate`] kept and found.
pub struct Page {
    pub text: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub date: Option<chrono::NaiveDate>,
}

/// Removes the navigation, cookie notices, share widgets, related-link lists and footers that
/// surround an article in a page saved as text, and picks out its title, byline and date line.
///
/// The article is the stretch between the first and the last line of prose. Before it, every
/// line is chrome except the title (the last line of several words that is not chrome), a
/// byline and a date line. After it, everything from the first chrome line on is dropped, and
/// so is a trailing run of headlines that follows a chrome line.
/// Inside it, only lines that are unmistakably chrome ("Advertisement", "Related: ...") go.
/// A `described` document (its metadata already gave a title) keeps the lines before its
/// first prose line unless they are chrome.
pub fn strip_boilerplate(body: &str, described: bool) -> Page {
    let lines: Vec<&str> = body.lines().collect();
    let chrome: Vec<bool> = lines.iter().map(|l| is_chrome(l)).collect();
    let prose: Vec<usize> = (0..lines.len())
        .filter(|&i| !chrome[i] && is_prose(lines[i]) && byline(lines[i].trim()).is_none())
        .collect();
    let mut page = Page { text: String::new(), title: None, byline: None, date: None };
    let Some(&first) = prose.first() else {
        page.text = body.to_string();
        return page;
    };
    let mut title_at = None;
    let mut dateline = vec![false; lines.len()];
    // A byline stays in the text, as its author's name alone ("By Tomas Heller"): the writer is a
    // person the page names.
    let mut bylines: Vec<Option<String>> = vec![None; lines.len()];
    for (i, line) in lines[..first].iter().enumerate() {
        let l = line.trim();
        if let Some(author) = byline(l) {
            page.date = page.date.or(find_date(l));
            bylines[i] = Some(format!("By {author}"));
            page.byline.get_or_insert(author);
        } else if let Some(date) = find_date(l).filter(|_| l.split_whitespace().count() <= 10) {
            page.date.get_or_insert(date);
            dateline[i] = true;
        } else if !chrome[i] && l.split_whitespace().count() >= 3 && l.chars().count() <= 200 {
            title_at = Some(i);
        }
    }
    // A byline may also follow a standfirst, just inside the article.
    for i in first..lines.len().min(first + 8) {
        if let Some(author) = byline(lines[i].trim()) {
            page.date = page.date.or(find_date(lines[i]));
            bylines[i] = Some(format!("By {author}"));
            page.byline.get_or_insert(author);
        }
    }
    if page.date.is_none() {
        just_inside(&lines, first, &mut page, &mut dateline);
    }
    page.title = title_at.map(|i| lines[i].trim().to_string());
    let start = if described { 0 } else { first };
    // The article ends at the first chrome line after which no statement follows: only
    // headlines, link lists and footers (a "Related stories" block).
    let statement: Vec<bool> = (0..lines.len()).map(|i| !chrome[i] && is_statement(lines[i])).collect();
    let mut statement_after = vec![false; lines.len() + 1];
    for i in (0..lines.len()).rev() {
        statement_after[i] = statement_after[i + 1] || statement[i];
    }
    let end = (first + 1..lines.len()).find(|&i| chrome[i] && !statement_after[i + 1]).unwrap_or(lines.len());
    // A page saved as text may end in menus with no chrome line before them: after the last
    // line of prose, keep only complete sentences.
    let last = prose.last().copied().unwrap_or(first);
    let kept: Vec<&str> = (start..end)
        .filter(|&i| {
            bylines[i].is_some() || !chrome[i] && !dateline[i] && (described || i <= last || statement[i])
        })
        .map(|i| bylines[i].as_deref().unwrap_or(lines[i]))
        .collect();
    page.text = normalize(&kept.join("\n"));
    page
}

/// A date line just inside the article, after a standfirst ("4 min read", then "3 March
/// 2021"): the one line of a full date alone among the first lines of prose, unless more such
/// lines follow (the headings of a timeline).
fn just_inside(lines: &[&str], first: usize, page: &mut Page, dateline: &mut [bool]) {
    let alone = |i: usize| {
        let l = lines[i].trim();
        (l.split_whitespace().count() <= 6 && !is_prose(l)).then(|| find_date(l)).flatten()
    };
    let near: Vec<usize> = (first + 1..lines.len().min(first + 6)).filter(|&i| alone(i).is_some()).collect();
    let timeline = (first + 6..lines.len().min(first + 20)).any(|i| alone(i).is_some());
    if let [i] = near[..]
        && !timeline
    {
        page.date = alone(i);
        dateline[i] = true;
    }
}

/// A line of running prose: a sentence of several words.
fn is_prose(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    let ends = line.ends_with(['.', '!', '?', '"', '”', '»', '“', ':', '…', '’']);
    (words >= 6 && ends) || words >= 14
}

/// A complete sentence (headlines rarely end with a full stop; a question headline is short).
fn is_statement(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    words >= 2
        && (line.ends_with(['.', '!', '"', '”', '»', '…', '’']) || (line.ends_with('?') && words >= 12))
}

/// "By Lena Ortiz", "By Tomas Heller, Foreign Desk · Posted Apr 11, 2016": the name, up to
/// the first separator. A sentence that merely starts with "By" is not a byline.
fn byline(line: &str) -> Option<String> {
    let rest = line.strip_prefix("By ").or_else(|| line.strip_prefix("by "))?;
    let separated = rest.contains(['·', '|', '•']);
    if rest.split_whitespace().count() > 20 || (is_statement(line) && !separated) {
        return None;
    }
    let name = rest.split([',', '·', '|', '•', '—']).next()?.trim();
    let name = name.split(" in ").next()?.trim();
    (1..=6).contains(&name.split_whitespace().count()).then(|| name.to_string())
}

/// Site chrome: menus, cookie and subscription prompts, share widgets, link lists, footers.
/// Only short lines can be chrome: a long line is article text, whatever its first words.
fn is_chrome(line: &str) -> bool {
    const EXACT: &[&str] = &[
        "menu",
        "home",
        "search",
        "subscribe",
        "sign in",
        "sign up",
        "log in",
        "login",
        "register",
        "advertisement",
        "advert",
        "sponsored",
        "share",
        "share this",
        "copy link",
        "print",
        "related",
        "related stories",
        "related articles",
        "read more",
        "more stories",
        "most read",
        "most popular",
        "trending",
        "newsletter",
        "comments",
        "back to top",
        "accept",
        "accept all",
        "close",
        "next",
        "previous",
        "show more",
        "load more",
        "follow us",
        "contact",
        "contact us",
        "about",
        "about us",
        "privacy",
        "privacy policy",
        "terms",
        "terms of use",
        "cookie policy",
        "skip to content",
        "skip to main content",
        "skip to navigation",
        "open menu",
        "listen",
    ];
    const PREFIXES: &[&str] = &[
        "share on ",
        "share via ",
        "follow us on ",
        "related:",
        "read more:",
        "see also:",
        "read also:",
        "newsletter:",
        "sign up for",
        "subscribe to",
        "we use cookies",
        "this site uses cookies",
        "this website uses cookies",
        "©",
        "skip to ",
        "click here",
        "most read",
        "related stories",
        "privacy policy",
    ];
    if line.len() > 400 || line.split_whitespace().count() > 16 {
        return false;
    }
    let l = line.trim().trim_matches(['|', '•', '·', '»', '›', '-', '*']).trim().to_lowercase();
    if l.is_empty() {
        return false;
    }
    let copyright = (l.starts_with("copyright") || l.starts_with("(c)"))
        && l.split(|c: char| !c.is_ascii_digit()).any(|y| y.len() == 4);
    if EXACT.contains(&l.as_str())
        || PREFIXES.iter().any(|p| l.starts_with(p))
        || copyright
        || l.contains("all rights reserved")
    {
        return true;
    }
    let separated = l.split(['|', '•', '·', '»', '›']).filter(|s| !s.trim().is_empty()).count();
    separated >= 3 && l.split_whitespace().count() <= separated * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_header_block() {
        let d = parse(
            "Title: Toll rises\nSource: Meridian Wire\nPublished: 2024-03-23T08:00:00Z\nURL: https://m.example/a\n\nThe toll rose to 133 on Saturday, officials said.\n",
            Format::Text,
            "a.txt",
        );
        assert_eq!(d.title.as_deref(), Some("Toll rises"));
        assert_eq!(d.source.as_deref(), Some("Meridian Wire"));
        assert_eq!(d.url.as_deref(), Some("https://m.example/a"));
        assert_eq!(d.published.unwrap().to_iso(), "2024-03-23T08:00:00Z");
        assert_eq!(d.published.unwrap().origin, DateOrigin::Metadata);
        assert_eq!(d.text, "The toll rose to 133 on Saturday, officials said.");
    }

    #[test]
    fn a_colon_in_the_first_sentence_is_not_a_header() {
        let d = parse("Note: this is prose.\nIt goes on.", Format::Text, "n.txt");
        assert_eq!(d.text, "Note: this is prose.\nIt goes on.");
    }

    #[test]
    fn reads_markdown_front_matter_and_strips_markup() {
        let d = parse(
            "---\ntitle: \"Brief\"\ndate: 2024-01-05\n---\n# Kerman\n\nSee [the report](https://x.example) and **this**.\n![map](m.png)",
            Format::Markdown,
            "b.md",
        );
        assert_eq!(d.title.as_deref(), Some("Brief"));
        assert_eq!(d.text, "Kerman\n\nSee the report and this.");
    }

    #[test]
    fn strips_a_flattened_page_and_keeps_the_article() {
        let page = "Skip to main content\nMenu\nHome | World | Europe | Security\nWe use cookies to improve your experience. Accept all | Manage preferences\nShare on Facebook\nWhat the Crocus attack says about ISKP\nBy Lena Ortiz\nPublished 25 March 2024\nThe attack on the concert hall was the deadliest in Russia in two decades.\nAdvertisement\nInvestigators said four men were detained in the Bryansk region.\nRelated: Moscow mourns victims\nAnalysts said the group has expanded its reach over the past year.\nRelated stories\nMoscow mourns\nWho are Islamic State Khorasan Province?\nTajik recruits in focus\n© 2024 The Eastern Dispatch. All rights reserved.";
        let d = parse(page, Format::Text, "saved.txt");
        assert_eq!(d.title.as_deref(), Some("What the Crocus attack says about ISKP"));
        assert_eq!(d.author.as_deref(), Some("Lena Ortiz"));
        assert_eq!(d.published.unwrap().to_iso(), "2024-03-25");
        assert_eq!(d.published.unwrap().origin, DateOrigin::Text);
        assert_eq!(
            d.text,
            "The attack on the concert hall was the deadliest in Russia in two decades.\nInvestigators said four men were detained in the Bryansk region.\nAnalysts said the group has expanded its reach over the past year."
        );
    }

    #[test]
    fn keeps_short_closing_lines_and_real_sentences_that_look_like_chrome() {
        let body = "Gunmen attacked the hall on Friday evening, officials said, and set it on fire.\n\nAdvertisements on Telegram offered money to recruits, investigators said.\n\nCopyright lawyers were not involved.\n\nWho ordered it?\n\nNo group has claimed responsibility.";
        let d = parse(&format!("Title: T\nSource: S\n\n{body}"), Format::Text, "t.txt");
        assert_eq!(d.text, body);
        let saved = format!(
            "{body}\nAdvertisement\nWhy did the warnings fail? The answer, analysts say, lies in the months before the attack."
        );
        let d = parse(&saved, Format::Text, "s.txt");
        assert!(d.text.ends_with("months before the attack."), "{}", d.text);
    }

    #[test]
    fn a_date_line_after_the_standfirst_dates_the_page_unless_it_heads_a_timeline() {
        let page = "Envoys meet over the border dispute\n\
            Talks between the two delegations resumed in the capital on Tuesday after a pause.\n\
            4 min read\n\
            3 March 2021\n\
            The delegations met for four hours and agreed to meet again next month, officials said.\n";
        let p = strip_boilerplate(page, false);
        assert_eq!(p.date.map(|d| d.to_string()).as_deref(), Some("2021-03-03"));
        assert!(!p.text.contains("3 March 2021"), "{}", p.text);
        let mut timeline = String::from(
            "A year of talks\nThe two delegations met many times over the year, as this timeline shows.\n",
        );
        for (day, line) in [("3 January 2017", "A first meeting."), ("9 February 2017", "A second.")] {
            timeline.push_str(&format!("{day}\n{line} The envoys talked for an hour and then left.\n\n\n\n"));
        }
        timeline.push_str("12 May 2017\nA third meeting was held in the capital, the last of them.\n");
        let p = strip_boilerplate(&timeline, false);
        assert_eq!(p.date, None);
        assert!(p.text.contains("3 January 2017"));
    }

    #[test]
    fn bylines_keep_only_the_author_and_datelines_leave_the_text() {
        let d = parse(
            "Title: Brussels\nSource: Riverside Chronicle\n\nBy Tomas Heller, Foreign Desk · Posted Apr 11, 2016 5:45 PM · 3 comments\n\nBRUSSELS — Police arrested a suspect on Friday, prosecutors said.",
            Format::Text,
            "b.txt",
        );
        assert_eq!(d.author.as_deref(), Some("Tomas Heller"));
        assert_eq!(
            d.text,
            "By Tomas Heller\n\nBRUSSELS — Police arrested a suspect on Friday, prosecutors said."
        );
        assert_eq!(byline("By the time police arrived, the attackers had fled."), None);
        assert_eq!(
            byline("By Claire Vennard in Paris · 21 November 2015").as_deref(),
            Some("Claire Vennard")
        );
    }

    #[test]
    fn front_matter_with_lists() {
        let d = parse(
            "---\ntitle: Brief\ntags:\n  - isis\n  - iskp\nsource: Desk notes\ndate: 2024-01-05\n---\nText of the brief, for the desk.",
            Format::Markdown,
            "b.md",
        );
        assert_eq!((d.title.as_deref(), d.source.as_deref()), (Some("Brief"), Some("Desk notes")));
        assert_eq!(d.published.unwrap().origin, DateOrigin::Metadata);
        assert_eq!(d.text, "Text of the brief, for the desk.");
    }

    #[test]
    fn normalizes_line_endings_and_blank_runs() {
        assert_eq!(normalize("a\r\nb\r\n\r\n\r\n\rc  \n\u{7}"), "a\nb\n\nc");
    }
}
