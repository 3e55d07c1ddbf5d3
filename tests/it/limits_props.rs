//! Property tests for the new limits and the check's text handling: on any text (full-width
//! digits, multi-byte characters, control characters, long lines) nothing panics, offsets stay
//! on character boundaries, the linear locator agrees with the simple one, and `range` keeps
//! Tera's meaning under its limit. Longer runs: `PROPTEST_CASES=100000 cargo test --release
//! --test it limits_props::`.

use std::collections::HashMap;

use proptest::prelude::*;
use serde_json::{json, Value};

use pufa::check::{html, images_without_alt, privacy, Locator};
use pufa::diagnostics::{line_col, Diagnostic, Lang, Msg};
use pufa::templates::fns::{limited_range, MAX_RANGE};

const PIECES: &[&str] = &[
    "1",
    "13800138000",
    "１３８",
    "０",
    "Ｘ",
    "X",
    "+86 ",
    "0086",
    "-",
    "－",
    " ",
    "\u{3000}",
    "\n",
    "\r\n",
    "身份证",
    "11010519491231002",
    "![",
    "](",
    ")",
    "<img",
    "alt=\"\"",
    ">",
    "电话",
    "\u{0}",
    "\u{1}",
    "\u{7f}",
    "é",
    "𠀀",
    "<a href=",
    "id=",
    "'",
    "\"",
    "<script>",
    "</script>",
    "&amp;",
    "#",
    "a",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn personal_data_findings_are_slices_of_the_text(t in text()) {
        for f in privacy::find_numbers(&t) {
            prop_assert!(t.is_char_boundary(f.start) && t.is_char_boundary(f.end));
            prop_assert_eq!(&t[f.start..f.end], f.text.as_str());
        }
        for (at, _) in images_without_alt(&t) {
            prop_assert!(t.is_char_boundary(at));
        }
        let _ = html::scan(&t);
    }

    #[test]
    fn the_linear_locator_agrees_with_line_col(t in text(), mut offs in proptest::collection::vec(0usize..400, 0..20)) {
        offs.sort_unstable();
        let mut loc = Locator::new(&t, 7);
        for at in offs {
            let at = at.min(t.len());
            let spot = loc.locate(at);
            let (line, col, src) = line_col(&t, at, 7);
            prop_assert_eq!((spot.line, spot.col, spot.line_text), (line, col, src));
        }
    }

    #[test]
    fn an_excerpt_of_any_line_renders(t in text(), repeat in 1usize..40, col in 0usize..2000) {
        let line = t.replace('\n', " ").repeat(repeat);
        let at = line.char_indices().nth(col.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
        let d = Diagnostic::error("a.md", 1, col, Msg::new("x", "x")).with_source_excerpt(&line, at);
        let shown = d.render(Lang::Zh, None);
        prop_assert!(shown.len() < 2_000 + 3 * t.len());
        // Read back from a file-less diagnostic, the long line is cut at render time too.
        let plain = Diagnostic::error("a.md", 1, col, Msg::new("x", "x")).with_source_line(line);
        let _ = plain.render(Lang::En, None);
    }

    #[test]
    fn range_is_teras_under_the_limit(start in 0usize..50, len in 0usize..50, step in 0usize..7) {
        let end = start + len;
        let args: HashMap<String, Value> = [
            ("start".to_string(), json!(start)),
            ("end".to_string(), json!(end)),
            ("step_by".to_string(), json!(step)),
        ]
        .into_iter()
        .collect();
        match limited_range(&args) {
            Ok(Value::Array(v)) => {
                prop_assert!(step > 0);
                let want: Vec<Value> = (start..end).step_by(step).map(Value::from).collect();
                prop_assert_eq!(v, want);
            }
            Ok(other) => prop_assert!(false, "not a list: {other}"),
            Err(_) => prop_assert_eq!(step, 0),
        }
    }

    #[test]
    fn range_never_builds_more_than_the_limit(end in 0usize..usize::MAX, step in 1usize..4) {
        let args: HashMap<String, Value> =
            [("end".to_string(), json!(end)), ("step_by".to_string(), json!(step))]
                .into_iter()
                .collect();
        match limited_range(&args) {
            Ok(Value::Array(v)) => prop_assert!(v.len() <= MAX_RANGE),
            Ok(_) => prop_assert!(false),
            Err(e) => prop_assert!(end.div_ceil(step) > MAX_RANGE, "{e}"),
        }
    }
}
