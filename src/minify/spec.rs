//! The element rules minify-html 0.18 (minify-html-common 0.0.3) applies: void elements, closing
//! tags the HTML specification lets it omit, how whitespace in each element's content is treated,
//! and the attribute table (`attrs.rs`).

use super::attrs::ATTRS;

pub(super) fn is_void(tag: &[u8]) -> bool {
    matches!(
        tag,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"keygen"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

pub(super) fn is_js_mime(v: &[u8]) -> bool {
    matches!(
        v,
        b"application/ecmascript"
            | b"application/javascript"
            | b"application/x-ecmascript"
            | b"application/x-javascript"
            | b"text/ecmascript"
            | b"text/javascript"
            | b"text/javascript1.0"
            | b"text/javascript1.1"
            | b"text/javascript1.2"
            | b"text/javascript1.3"
            | b"text/javascript1.4"
            | b"text/javascript1.5"
            | b"text/jscript"
            | b"text/livescript"
            | b"text/x-ecmascript"
            | b"text/x-javascript"
    )
}

/// The closing tag of `before` may be left out when the next element is `after`.
pub(super) fn can_omit_as_before(before: &[u8], after: &[u8]) -> bool {
    match before {
        b"head" => after == b"body",
        b"li" => after == b"li",
        b"dt" | b"dd" => matches!(after, b"dt" | b"dd"),
        b"p" => matches!(
            after,
            b"address"
                | b"article"
                | b"aside"
                | b"blockquote"
                | b"details"
                | b"div"
                | b"dl"
                | b"fieldset"
                | b"figcaption"
                | b"figure"
                | b"footer"
                | b"form"
                | b"h1"
                | b"h2"
                | b"h3"
                | b"h4"
                | b"h5"
                | b"h6"
                | b"header"
                | b"hgroup"
                | b"hr"
                | b"main"
                | b"menu"
                | b"nav"
                | b"ol"
                | b"p"
                | b"pre"
                | b"section"
                | b"table"
                | b"ul"
        ),
        b"rt" | b"rp" => matches!(after, b"rt" | b"rp"),
        b"optgroup" => after == b"optgroup",
        b"option" => matches!(after, b"option" | b"optgroup"),
        b"thead" | b"tbody" => matches!(after, b"tbody" | b"tfoot"),
        b"tr" => after == b"tr",
        b"td" | b"th" => matches!(after, b"td" | b"th"),
        _ => false,
    }
}

/// The closing tag of `child` may be left out when it is the last node in `parent`.
pub(super) fn can_omit_as_last_node(parent: &[u8], child: &[u8]) -> bool {
    match child {
        b"html" | b"head" | b"body" | b"li" | b"dd" | b"rt" | b"rp" | b"optgroup" | b"option"
        | b"tbody" | b"tfoot" | b"tr" | b"td" | b"th" => true,
        b"p" => !matches!(
            parent,
            b"a" | b"audio" | b"del" | b"ins" | b"map" | b"noscript" | b"video"
        ),
        _ => false,
    }
}

/// How whitespace in an element's text is minified.
#[derive(Clone, Copy)]
pub(super) struct Ws {
    pub(super) collapse: bool,
    pub(super) destroy_whole: bool,
    pub(super) trim: bool,
}

const CONTENT: Ws = Ws {
    collapse: true,
    destroy_whole: false,
    trim: true,
};
const FORMATTING: Ws = Ws {
    collapse: true,
    destroy_whole: false,
    trim: false,
};
const LAYOUT: Ws = Ws {
    collapse: true,
    destroy_whole: true,
    trim: true,
};
const SENSITIVE: Ws = Ws {
    collapse: false,
    destroy_whole: false,
    trim: false,
};

/// The rule for the content of `tag` (empty: the document), as minify-html's table (whose SVG
/// names in camel case never match: its parser lowercases every tag name).
pub(super) fn whitespace(svg: bool, tag: &[u8], in_pre: bool) -> Ws {
    if svg {
        return match tag {
            b"desc" | b"text" | b"title" => CONTENT,
            b"a" | b"tspan" | b"tref" => FORMATTING,
            _ => LAYOUT,
        };
    }
    if in_pre {
        return SENSITIVE;
    }
    match tag {
        b"" => LAYOUT,
        b"address" | b"audio" | b"button" | b"canvas" | b"caption" | b"figcaption" | b"h1"
        | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"legend" | b"meter" | b"object" | b"option"
        | b"p" | b"summary" | b"video" | b"dd" | b"details" | b"dt" | b"iframe" | b"label"
        | b"li" | b"noscript" | b"output" | b"progress" | b"slot" | b"td" | b"template" | b"th" => {
            CONTENT
        }
        b"article" | b"aside" | b"blockquote" | b"body" | b"colgroup" | b"datalist" | b"dialog"
        | b"div" | b"dl" | b"fieldset" | b"figure" | b"footer" | b"form" | b"head" | b"header"
        | b"hgroup" | b"html" | b"main" | b"map" | b"menu" | b"nav" | b"ol" | b"optgroup"
        | b"picture" | b"section" | b"select" | b"table" | b"tbody" | b"tfoot" | b"thead"
        | b"tr" | b"ul" => LAYOUT,
        b"textarea" | b"code" | b"pre" => SENSITIVE,
        // The formatting elements and every other one: collapse, keep.
        _ => FORMATTING,
    }
}

/// The attribute's entry: flags (see `attrs.rs`) and default value.
pub(super) fn attr(svg: bool, tag: &[u8], name: &[u8]) -> Option<(u8, Option<&'static str>)> {
    let start = ATTRS.partition_point(|r| r.0.as_bytes() < name);
    ATTRS[start..]
        .iter()
        .take_while(|r| r.0.as_bytes() == name)
        .filter(|r| r.1 == svg)
        .find(|r| r.2 == "*" || r.2.as_bytes() == tag)
        .map(|r| (r.3, r.4))
}
