use tera::Tera;

use super::analysis::{locate_step, Key};
use super::*;

fn tera(templates: &[(&str, &str)]) -> Tera {
    let mut t = Tera::default();
    t.add_raw_templates(templates.to_vec()).unwrap();
    t
}

fn messages(t: &Tera) -> Vec<String> {
    check(t).into_iter().map(|d| d.message.en).collect()
}

#[test]
fn self_include_is_found() {
    let t = tera(&[("page.html", "<main>{% include \"page.html\" %}</main>")]);
    assert_eq!(
        messages(&t),
        ["template `page.html` includes itself without end: page.html → page.html"]
    );
}

#[test]
fn include_cycle_through_blocks_is_found() {
    let t = tera(&[
        (
            "a.html",
            "{% block x %}{% include \"b.html\" %}{% endblock %}",
        ),
        ("b.html", "{% include \"a.html\" %}"),
        (
            "child.html",
            "{% extends \"a.html\" %}{% block x %}hi{% endblock %}",
        ),
    ]);
    assert_eq!(
        messages(&t),
        ["template `a.html` includes itself without end: a.html → b.html → a.html"]
    );
}

#[test]
fn guarded_or_missing_includes_are_no_error() {
    let t = tera(&[
        ("a.html", "{% if x %}{% include \"a.html\" %}{% endif %}"),
        (
            "b.html",
            "{% for i in xs %}{% include \"b.html\" %}{% endfor %}",
        ),
        ("c.html", "{% include \"nope.html\" ignore missing %}"),
        // Including a child template fails at once instead of recursing.
        (
            "base.html",
            "{% block x %}{% include \"d.html\" %}{% endblock %}",
        ),
        ("d.html", "{% extends \"base.html\" %}"),
    ]);
    assert_eq!(messages(&t), Vec::<String>::new());
}

#[test]
fn unguarded_macro_recursion_is_found_guarded_is_not() {
    let t = tera(&[
        (
            "m.html",
            "{% macro m(n) %}{{ self::m(n=n+1) }}{% endmacro m %}\
             {% macro tree(items) %}{% for i in items %}{{ self::tree(items=i.children) }}{% endfor %}{% endmacro tree %}\
             {% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}{{ self::a() }}{% endmacro b %}",
        ),
        ("p.html", "{% import \"m.html\" as m %}{{ m::m(n=1) }}"),
    ]);
    assert_eq!(
        messages(&t),
        [
            "macro `a` in template `m.html` calls itself without end: macro a in m.html → macro b in m.html → macro a in m.html",
            "macro `m` in template `m.html` calls itself without end: macro m in m.html → macro m in m.html",
        ]
    );
}

#[test]
fn step_is_located_in_the_source() {
    let src = "<p>\n  {%- include 'page.html' %}";
    assert_eq!(
        locate_step(
            src,
            &Key::Template("page.html".into()),
            &Key::Template("page.html".into())
        ),
        Some((2, 3))
    );
    let src = "{% macro m(n) %}\n  {{ self::m(n=n) }}\n{% endmacro %}";
    let m = Key::Macro("t".into(), "m".into());
    assert_eq!(locate_step(src, &m, &m), Some((2, 6)));
}

#[test]
fn guarded_recursion_runs_and_runaway_recursion_is_an_error() {
    let mut t = tera(&[
        (
            "tree.html",
            "{% macro count(n) %}{% if n > 0 %}{{ n }},{{ self::count(n=n-1) }}{% endif %}{% endmacro count %}\
             {{ self::count(n=depth) }}",
        ),
        (
            "runaway.html",
            "{% macro up(n) %}{% if n > 0 %}{{ self::up(n=n+1) }}{% endif %}{% endmacro up %}{{ self::up(n=1) }}",
        ),
    ]);
    guard(&mut t);
    let mut ctx = tera::Context::new();
    ctx.insert("depth", &3);
    assert_eq!(t.render("tree.html", &ctx).unwrap(), "3,2,1,");
    // On a small stack, as a worst case; the error comes long before an overflow.
    let err = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || t.render("runaway.html", &tera::Context::new()).unwrap_err())
        .unwrap()
        .join()
        .unwrap();
    let chain = crate::templates::error_chain(&err);
    assert!(
        chain.contains("template recursion too deep (macro up in runaway.html)"),
        "{chain}"
    );
}

#[test]
fn deep_tag_nesting_is_found_before_parsing() {
    let ok = format!("{}x{}", "{% if a %}".repeat(100), "{% endif %}".repeat(100));
    assert_eq!(too_deeply_nested(&ok), None);
    let siblings = "{% for i in x %}{% if a %}y{% endif %}{% endfor %}".repeat(1000);
    assert_eq!(too_deeply_nested(&siblings), None);
    let hidden = format!(
        "{{% raw %}}{}{{% endraw %}}{{# {} #}}",
        "{% if a %}".repeat(200),
        "{% for x in y %}".repeat(200)
    );
    assert_eq!(too_deeply_nested(&hidden), None);
    let deep = format!("<p>{}x", "{%- if a %}".repeat(20_000));
    assert_eq!(too_deeply_nested(&deep), Some(3 + 100 * 11));
}

#[test]
fn branching_recursion_is_stopped_by_its_count() {
    let mut t = tera(&[(
        "b.html",
        "{% macro m(n) %}{% if n < 60 %}{{ self::m(n=n+1) }}{{ self::m(n=n+1) }}{% endif %}\
         {% endmacro m %}{{ self::m(n=0) }}",
    )]);
    guard(&mut t);
    let err = counted(|| t.render("b.html", &tera::Context::new())).unwrap_err();
    let chain = crate::templates::error_chain(&err);
    assert!(
        chain.contains("template recursion made more than 100000 calls (macro m in b.html)"),
        "{chain}"
    );
    // Each render counts afresh: 200 renders of 2,047 calls each pass.
    let mut small = tera(&[(
        "s.html",
        "{% macro m(n) %}{% if n < 10 %}{{ self::m(n=n+1) }}{{ self::m(n=n+1) }}{% endif %}\
         {% endmacro m %}{{ self::m(n=0) }}",
    )]);
    guard(&mut small);
    for _ in 0..200 {
        counted(|| small.render("s.html", &tera::Context::new())).unwrap();
    }
}

#[test]
fn templates_without_cycles_are_left_alone() {
    let mut t = tera(&[
        (
            "m.html",
            "{% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}x{% endmacro b %}",
        ),
        (
            "p.html",
            "{% import \"m.html\" as m %}{% include \"q.html\" %}{{ m::a() }}",
        ),
        ("q.html", "q"),
    ]);
    let before = t.templates.clone();
    guard(&mut t);
    for (name, tpl) in &before {
        assert_eq!(tpl.ast, t.templates[name].ast, "{name}");
        assert_eq!(tpl.macros, t.templates[name].macros, "{name}");
    }
}
