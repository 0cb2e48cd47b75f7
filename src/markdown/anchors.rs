//! The ids raw HTML gives a page (`<a id="state-rights">`, `<a name="…">`,
//! any element's `id`), read with html5ever's tokenizer: link targets as
//! much as a heading's `{#id}`.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Collects the anchors of start tags.
struct Sink(RefCell<Vec<String>>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token
            && tag.kind == TagKind::StartTag
        {
            let is_a = &*tag.name == "a";
            let mut found = self.0.borrow_mut();
            for attr in &tag.attrs {
                let name = &*attr.name.local;
                if name == "id" || (is_a && name == "name") {
                    let value = attr.value.trim();
                    if !value.is_empty() {
                        found.push(value.to_string());
                    }
                }
            }
            // What these hold is text, not tags, as a browser reads it (a
            // tree builder would say so; a lone tokenizer must be told):
            // an `<a id>` written inside a script is no anchor.
            return match &*tag.name {
                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                    TokenSinkResult::RawData(RawKind::Rawtext)
                }
                "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                _ => TokenSinkResult::Continue,
            };
        }
        TokenSinkResult::Continue
    }
}

/// The anchors of a piece of raw HTML (a block, or one inline tag), each
/// with its byte offset in `html`: where its value is written, or 0 when
/// the value is spelt otherwise (with character references). An `<a>`
/// with both `id` and `name` gives both.
pub fn html_anchors(html: &str) -> Vec<(usize, String)> {
    // Most raw HTML (`<br>`, `<sup>`) names no anchor: no tokenizer then.
    let lower = html.to_ascii_lowercase();
    if !lower.contains("id") && !lower.contains("name") {
        return Vec::new();
    }
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Sink(RefCell::new(Vec::new())), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let values = tokenizer.sink.0.take();
    // The tokenizer gives no positions: each value is found in the text
    // after the one before it, as the tags come in order.
    let mut from = 0;
    values
        .into_iter()
        .map(|value| match html[from..].find(&value) {
            Some(at) => {
                from += at + value.len();
                (from - value.len(), value)
            }
            None => (0, value),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(html: &str) -> Vec<String> {
        html_anchors(html).into_iter().map(|(_, id)| id).collect()
    }

    #[test]
    fn ids_of_any_element_and_names_of_links() {
        assert_eq!(
            ids("<table><tr><td id=\"cell\"><a name='old-style'></a>Text</td></tr></table>"),
            ["cell", "old-style"]
        );
        assert_eq!(ids("<a id=state-rights>"), ["state-rights"]);
        assert_eq!(ids("<A ID=\"Upper\">"), ["Upper"]);
    }

    #[test]
    fn names_of_other_elements_and_end_tags_and_comments_are_no_anchors() {
        assert!(ids("<input name=\"field\"></a><!-- <a id=\"hidden\"> -->").is_empty());
        assert!(ids("<span data-id=\"x\">Video ideas</span>").is_empty());
        assert!(ids("<br>").is_empty());
    }

    #[test]
    fn ids_written_inside_scripts_styles_and_text_areas_are_text() {
        assert_eq!(
            ids("<script>var s = '<a id=\"in-script\"></a>';</script><a id=\"after\"></a>"),
            ["after"]
        );
        assert_eq!(
            ids("<style>/* <a id=\"x\"> */</style><textarea><b id=\"y\"></b></textarea>"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn each_anchor_has_the_offset_of_its_value() {
        let html = "<p id=\"one\">x</p>\n<a name=\"two\"></a>";
        let found = html_anchors(html);
        assert_eq!(found[0], (html.find("one").unwrap(), "one".into()));
        assert_eq!(found[1], (html.find("two").unwrap(), "two".into()));
        // A value written with a character reference is found at the start.
        assert_eq!(html_anchors("<a id=\"a&amp;b\">"), [(0, "a&b".into())]);
    }
}
