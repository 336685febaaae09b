//! Text made safe to show: control characters and bidirectional overrides defused for
//! terminals and files, and markup escaped for HTML and SVG.

/// The text with control characters (other than newline and tab) and bidirectional overrides
/// replaced by U+FFFD, so that no source text can drive a terminal or reorder what is shown.
pub fn safe(s: &str) -> String {
    let hostile = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    s.chars().map(|c| if hostile(c) { '\u{fffd}' } else { c }).collect()
}

/// Escapes text for HTML and SVG, in content and in quoted attributes.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            html("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn hostile_text_is_defused() {
        assert_eq!(safe("ok\x1b[31mred\x07\nnext"), "ok\u{fffd}[31mred\u{fffd}\nnext");
    }
}
