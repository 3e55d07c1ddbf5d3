use super::*;

fn sample() -> Diagnostic {
    Diagnostic::error(
        "/site/content/a.md",
        3,
        8,
        Msg::new("日期写法不对", "bad date"),
    )
    .with_hint(Msg::new("请写成 2024-05-01", "write 2024-05-01"))
    .with_source_line("date = \"2024年5月1日\"")
}

#[test]
fn renders_like_rustc_in_chinese() {
    let text = sample().render(Lang::Zh, Some(Path::new("/site")));
    assert_eq!(
        text,
        "content/a.md:3:8: 错误: 日期写法不对\n  3 | date = \"2024年5月1日\"\n    |        ^\n  提示: 请写成 2024-05-01"
    );
}

#[test]
fn site_language_comes_from_the_top_level_of_the_config() {
    if Lang::from_env().is_some() {
        return; // PUFA_LANG chooses; nothing to check here.
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    let lang = |text: &str| {
        std::fs::write(&file, text).unwrap();
        Lang::for_site(&file)
    };
    assert_eq!(
        lang("base_url = \"x\"\ntitle = \"某某司法所普法网\"\n"),
        Lang::Zh
    );
    assert_eq!(lang("base_url = \"x\"\ntheme = \"pufa\"\n"), Lang::Zh);
    assert_eq!(lang("default_language = \"zh-CN\"\n"), Lang::Zh);
    // An English site with a Chinese translation (no `default_language`: Zola's `en`).
    assert_eq!(
        lang("base_url = \"x\"\ntitle = \"Blog\"\n[languages.zh]\ntitle = \"博客\"\n"),
        Lang::En
    );
    assert_eq!(
        lang("default_language = \"en\"\ntitle = \"博客\"\n"),
        Lang::En
    );
}

#[test]
fn renders_in_english_without_root() {
    let d = Diagnostic::warning("a.md", 0, 0, Msg::new("警告", "careful"));
    assert_eq!(d.render(Lang::En, None), "a.md: warning: careful");
}

#[test]
fn caret_counts_wide_characters_twice() {
    let d = Diagnostic::error("a.md", 1, 3, Msg::new("x", "x")).with_source_line("标题＝1");
    let text = d.render(Lang::Zh, None);
    assert!(text.ends_with("\n    |     ^"), "{text}");
}

#[test]
fn source_lines_match_str_lines() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.md");
    let text = "\u{feff}一\r\n二\n\n四\r\n";
    std::fs::write(&p, text).unwrap();
    let mut lines = SourceLines::default();
    for n in 1..=6 {
        let want = text
            .lines()
            .nth(n - 1)
            .map(|l| l.trim_start_matches('\u{feff}').to_string());
        assert_eq!(lines.line(&p, n), want, "line {n}");
    }
    assert_eq!(lines.line(&dir.path().join("none.md"), 1), None);
}

#[test]
fn reads_source_line_from_file_when_missing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.md");
    std::fs::write(&p, "+++\ntitle = 1\n+++\n").unwrap();
    let d = Diagnostic::error(&p, 2, 9, Msg::new("类型不对", "wrong type"));
    let text = d.render(Lang::En, Some(dir.path()));
    assert_eq!(
        text,
        "a.md:2:9: error: wrong type\n  2 | title = 1\n    |         ^"
    );
}

#[test]
fn collector_sorts_counts_and_dedups() {
    let mut ds = Diagnostics::new(Lang::En);
    ds.push(Diagnostic::warning("b.md", 1, 1, Msg::new("w", "w")));
    ds.push(Diagnostic::error("a.md", 9, 1, Msg::new("e", "e")));
    ds.push(Diagnostic::error("a.md", 2, 1, Msg::new("e", "e")));
    ds.push(Diagnostic::error("a.md", 2, 1, Msg::new("e", "e")));
    ds.sort();
    let places: Vec<(String, usize)> = ds
        .iter()
        .map(|d| (d.path.display().to_string(), d.line))
        .collect();
    assert_eq!(
        places,
        [("a.md".into(), 2), ("a.md".into(), 9), ("b.md".into(), 1)]
    );
    assert_eq!((ds.error_count(), ds.warning_count()), (2, 1));
    assert_eq!(ds.counts_line(), "2 errors, 1 warning");
    assert_eq!(ds.exit_code(), 1);
    ds.set_lang_from("zh-CN");
    assert_eq!(ds.counts_line(), "2 个错误，1 个警告");
}

#[test]
fn a_message_repeated_in_many_files_is_printed_once() {
    let mut ds = Diagnostics::new(Lang::Zh);
    for f in ["a.md", "b.md", "c.md", "d.md", "e.md", "f.md", "g.md"] {
        ds.push(Diagnostic::error(
            f,
            0,
            0,
            Msg::new("模板错误：缺少 x", "template error"),
        ));
    }
    // The same message several times in two files: every place is shown.
    for l in [3, 9, 12] {
        ds.push(Diagnostic::error(
            "h.md",
            l,
            2,
            Msg::new("文中有手机号码 1", "mobile"),
        ));
        ds.push(Diagnostic::error(
            "i.md",
            l,
            2,
            Msg::new("文中有手机号码 1", "mobile"),
        ));
    }
    let text = ds.render_plain();
    assert_eq!(text.matches("模板错误：缺少 x").count(), 1, "{text}");
    assert!(
        text.contains("同样的问题共 7 处，在 7 个文件中：a.md、b.md、c.md、d.md、e.md 等"),
        "{text}"
    );
    assert_eq!(text.matches("文中有手机号码 1").count(), 6, "{text}");
    assert!(text.trim_end().ends_with("13 个错误，0 个警告"), "{text}");
}

#[test]
fn nearest_key_by_edit_distance() {
    let keys = ["title", "description", "date", "weight"];
    assert_eq!(nearest("titel", keys), Some("title"));
    assert_eq!(nearest("Weight", keys), Some("weight"));
    assert_eq!(nearest("descripton", keys), Some("description"));
    assert_eq!(nearest("zzzzzz", keys), None);
    assert_eq!(edit_distance("titel", "title"), 1);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}

#[test]
fn line_col_counts_characters() {
    let text = "a = 1\n标题 = x\n";
    assert_eq!(
        line_col(text, text.find('x').unwrap(), 2),
        (3, 6, "标题 = x")
    );
    assert_eq!(line_col(text, 0, 1), (1, 1, "a = 1"));
}
