//! Spec prose as doc comment lines: the one place that decides what a spec's text becomes in a
//! generated doc, for the emitters and for the printer's net (`format`), which splits any doc
//! still holding a line break.

/// The lines `emit::doc_attrs` writes, each with the leading space `///` comments have.
///
/// A spec is untrusted text, and rustdoc compiles and runs Rust code blocks: every fenced block
/// (backticks or tildes, of any length, with any info string: `rust,no_run`, `should_panic`...)
/// is reopened with the same fence and the `text` language, so no block is ever a doctest.
/// Characters a doc comment cannot hold or should not show (control characters, bare carriage
/// returns, bidirectional overrides) are dropped or escaped by [`doc_safe`].
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // The open fence: its character and length.
    let mut fence: Option<(char, usize)> = None;
    for raw in text.split(['\n', '\r']) {
        let raw = doc_safe(raw);
        let trimmed = raw.trim();
        let line = match (fence, fence_of(trimmed)) {
            // A closing fence: the same character, at least as long, nothing after it.
            (Some((c, n)), Some((c2, n2, info))) if c == c2 && n2 >= n && info.is_empty() => {
                fence = None;
                c.to_string().repeat(n)
            }
            (Some(_), _) => raw.trim_end().to_string(),
            (None, Some((c, n, _))) => {
                fence = Some((c, n));
                format!("{}text", c.to_string().repeat(n))
            }
            (None, None) => link_bare_urls(trimmed),
        };
        if line.is_empty() && out.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        out.push(if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        });
    }
    if let Some((c, n)) = fence {
        out.push(format!(" {}", c.to_string().repeat(n)));
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out
}

/// A fence line (CommonMark): three or more backticks or tildes, then an info string (which,
/// after backticks, cannot hold a backtick: "```a```" is inline code).
fn fence_of(line: &str) -> Option<(char, usize, &str)> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = line.chars().take_while(|x| *x == c).count();
    let info = line[n..].trim();
    (n >= 3 && !(c == '`' && info.contains('`'))).then_some((c, n, info))
}

/// One line of spec text made safe for a comment or doc string: control characters (a bare
/// CR, ANSI escapes) are dropped, and bidirectional controls, which rustc rejects and which
/// can make text read differently from what it is, are written as `\u{..}`.
pub fn doc_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push(c),
            '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' => {
                out.push_str(&format!("\\u{{{:04X}}}", c as u32));
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `line` (prose, outside a fenced block) with each bare `http(s)://` URL made an autolink
/// (`<https://..>`), as rustdoc's `bare_urls` lint asks: spec prose is written for a web page
/// that links them. Code spans, Markdown link targets (`](..)`), autolinks and HTML attributes
/// are left as they are, and so is a scheme with no host after it (`"http://"`).
pub fn link_bare_urls(line: &str) -> String {
    if !line.contains("://") {
        return line.to_string();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            // A code span: a run of backticks up to the next run of the same length.
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            let close = (i + run..chars.len()).find(|&j| {
                chars[j..].iter().take_while(|&&c| c == '`').count() == run
                    && (j == 0 || chars[j - 1] != '`')
            });
            let end = close.map_or(i + run, |j| j + run);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
        let scheme = ["https://", "http://"]
            .into_iter()
            .find(|s| rest.starts_with(s));
        let before: String = out
            .chars()
            .rev()
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let linked = i > 0 && matches!(chars[i - 1], '<' | '(' | '[')
            || before.ends_with("=\"")
            || before.ends_with("='");
        if let (Some(scheme), false) = (scheme, linked) {
            let mut end = i;
            while end < chars.len() && !chars[end].is_whitespace() && !"\"'<>`".contains(chars[end])
            {
                end += 1;
            }
            while end > i && ".,;:!?)]}".contains(chars[end - 1]) {
                end -= 1;
            }
            let host = chars
                .get(i + scheme.len())
                .is_some_and(|c| c.is_alphanumeric());
            if host && end > i + scheme.len() {
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::link_bare_urls;

    #[test]
    fn bare_urls_become_autolinks_and_nothing_else_changes() {
        for (line, expected) in [
            ("see https://a.io/x.", "see <https://a.io/x>."),
            (
                "(i.e. \"https://d.com/v.mp4\")",
                "(i.e. \"<https://d.com/v.mp4>\")",
            ),
            (
                "via \"http://\", \"https://\" links",
                "via \"http://\", \"https://\" links",
            ),
            (
                "[docs](https://a.io) and <https://b.io>",
                "[docs](https://a.io) and <https://b.io>",
            ),
            (
                "`https://a.io` and ```x https://b.io```",
                "`https://a.io` and ```x https://b.io```",
            ),
            (
                "<a href=\"https://a.io\">a</a>",
                "<a href=\"https://a.io\">a</a>",
            ),
            ("no url here", "no url here"),
            ("end https://a.io/p?q=1)", "end <https://a.io/p?q=1>)"),
        ] {
            assert_eq!(link_bare_urls(line), expected, "{line}");
        }
    }
}
