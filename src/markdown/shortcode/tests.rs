use super::*;
use std::cell::RefCell;

/// Renders `name(args)[body]#nth`, so tests see exactly what the renderer got.
struct Echo(RefCell<Vec<String>>);
impl ShortcodeRenderer for Echo {
    fn kind(&self, name: &str) -> Option<ShortcodeKind> {
        match name {
            "md" | "outer" => Some(ShortcodeKind::Md),
            "yt" | "quote" | "inner" => Some(ShortcodeKind::Html),
            _ => None,
        }
    }
    fn render(
        &self,
        name: &str,
        args: &Map<String, Value>,
        body: Option<&str>,
        nth: usize,
    ) -> Result<String, String> {
        let s = format!(
            "{name}({})[{}]#{nth}",
            Value::Object(args.clone()),
            body.unwrap_or("-")
        );
        self.0.borrow_mut().push(s.clone());
        Ok(s)
    }
}

fn run(src: &str) -> Result<Expanded, MarkdownError> {
    let r = Echo(RefCell::new(vec![]));
    expand(src, &r, &LineIndex::new(src))
}

#[test]
fn inline_args_all_types() {
    let e = run(r#"a {{ md(i=1, f=-1.5, s="x", t='y', b=true, arr=[1, "z",]) }} b"#).unwrap();
    assert_eq!(
        e.content,
        r#"a md({"i":1,"f":-1.5,"s":"x","t":"y","b":true,"arr":[1,"z"]})[-]#1 b"#
    );
}

#[test]
fn html_becomes_placeholder_and_nth_counts() {
    let e = run("{{ yt(id=1) }}\n\n{{ yt(id=2) }}").unwrap();
    assert_eq!(e.content, format!("{PLACEHOLDER}\n\n{PLACEHOLDER}"));
    assert_eq!(e.html, vec![r#"yt({"id":1})[-]#1"#, r#"yt({"id":2})[-]#2"#]);
}

#[test]
fn bodies_nested_and_trimmed() {
    let e = run("{% outer() %}\n A {% inner(x=1) %} B {% end %}\n{% end %}").unwrap();
    assert_eq!(e.content, r#"outer({})[A inner({"x":1})[B]#1]#1"#);
}

#[test]
fn ignored_forms_are_unwrapped() {
    let e = run("x {{/* yt(id=1) */}} {%/* quote() */%}q{%/* end */%}").unwrap();
    assert_eq!(e.content, "x {{ yt(id=1) }} {% quote() %}q{% end %}");
    assert!(e.html.is_empty());
}

#[test]
fn non_shortcodes_stay_text() {
    let src = "{{ not a call }} {% raw %} {{ x( }}";
    assert_eq!(run(src).unwrap().content, src);
}

#[test]
fn unclosed_body_is_error_with_position() {
    let e = run("line one\n  {% quote() %}\nnever closed").unwrap_err();
    assert_eq!((e.line, e.col), (2, 3));
    assert!(e.message.contains("never closed"), "{}", e.message);
}

#[test]
fn stray_end_and_unknown_name() {
    let e = run("a\n{% end %}").unwrap_err();
    assert_eq!((e.line, e.col), (2, 1));
    let e = run("中文 {{ nope() }}").unwrap_err();
    assert_eq!((e.line, e.col), (1, 4));
    assert!(e.message_zh.contains("nope"));
}

#[test]
fn nested_arrays_in_arguments_are_bounded() {
    let e = run("{{ yt(a=[[1, 2], [3]]) }}").unwrap();
    assert_eq!(e.html, ["yt({\"a\":[[1,2],[3]]})[-]#1"]);
    let deep = format!(
        "{{{{ yt(a={}1{}) }}}}",
        "[".repeat(1_000_000),
        "]".repeat(1_000_000)
    );
    let e = run(&deep).unwrap();
    assert!(e.html.is_empty());
    assert_eq!(e.warnings.len(), 1);
}

#[test]
fn nesting_is_bounded() {
    let ok = format!("{}x{}", "{% quote() %}".repeat(32), "{% end %}".repeat(32));
    assert!(run(&ok).is_ok());
    let deep = 100_000;
    let src = format!(
        "{}x{}",
        "{% quote() %}\n".repeat(deep),
        "{% end %}\n".repeat(deep)
    );
    let e = run(&src).unwrap_err();
    assert_eq!((e.line, e.col), (33, 1));
    assert_eq!(
        e.message_zh,
        "短代码嵌套超过了 32 层：请检查是否漏写了 `{% end %}`"
    );
}

#[test]
fn path_as_a_name_is_an_error() {
    for (src, col) in [
        ("{{ ../../evil(x=1) }}", 1),
        ("a {% shortcodes/../../page() %}b{% end %}", 3),
        ("{{..\\x（）}}", 1),
    ] {
        let e = run(src).unwrap_err();
        assert_eq!((e.line, e.col), (1, col), "{src}");
        assert!(
            e.message.contains("is not a shortcode name"),
            "{}",
            e.message
        );
    }
    // Paths that are not calls stay text.
    assert_eq!(
        run("{{ ../x }} {{ a/b }}").unwrap().content,
        "{{ ../x }} {{ a/b }}"
    );
}

#[test]
fn full_width_near_miss_warns() {
    let e = run("说明\n{{ yt（id＝1） }}").unwrap();
    assert_eq!(e.content, "说明\n{{ yt（id＝1） }}");
    assert_eq!(e.warnings.len(), 1);
    assert_eq!((e.warnings[0].line, e.warnings[0].col), (2, 1));
    assert!(
        e.warnings[0].message_zh.contains("全角"),
        "{}",
        e.warnings[0].message_zh
    );
    assert!(run("{{ not a call }}").unwrap().warnings.is_empty());
}

#[test]
fn many_unclosed_ignored_bodies_stay_fast() {
    let src = "{%/* quote() */%} x ".repeat(20_000);
    // Quadratic scanning would make this test take minutes; the size is the guard, not a timer.
    assert_eq!(run(&src).unwrap().content, src);
    let src = "{{ md(s=\"x ".repeat(20_000);
    assert_eq!(run(&src).unwrap().content, src);
}

#[test]
fn offsets_map_back() {
    let e = run("ab {{ md() }} cd").unwrap();
    let at = e.content.find("cd").unwrap();
    assert_eq!(
        e.map.to_original(at),
        "ab {{ md() }} cd".find("cd").unwrap()
    );
    assert_eq!(e.map.to_original(5), 3);
}
