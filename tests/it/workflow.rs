//! The first steps of a new user: `pufa init`, `pufa new`, then a build that works.

use std::path::Path;
use std::process::Output;

use crate::common::SiteTest;

fn pufa(args: &[&str], root: &Path) -> Output {
    crate::common::pufa()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run pufa")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The `<h2>` texts of a built page, in order (ids and anchor links stripped).
fn h2_texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("<h2").skip(1) {
        let inner = part
            .split_once('>')
            .and_then(|(_, r)| r.split_once("</h2>"))
            .map(|(t, _)| t)
            .unwrap_or("");
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push(text.trim().to_string());
    }
    out
}

#[test]
fn init_creates_a_site_that_builds_and_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-site");
    let init = crate::common::pufa()
        .arg("init")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    for f in [
        "config.toml",
        "content/_index.md",
        "content/cases/example-case.md",
        "themes/pufa/templates/index.html",
    ] {
        assert!(dir.join(f).is_file(), "{f} is created");
    }

    let build = pufa(&["build"], &dir);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(stderr(&build).lines().last().unwrap().starts_with("完成："));
    for page in [
        "public/index.html",
        "public/cases/index.html",
        "public/cases/example-case/index.html",
        "public/qa/example-qa/index.html",
        "public/notices/example-notice/index.html",
    ] {
        assert!(dir.join(page).is_file(), "{page} is built");
    }

    // The examples themselves must pass the pre-publishing check.
    let check = pufa(&["check"], &dir);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    // A second init must not overwrite the site.
    let again = crate::common::pufa()
        .arg("init")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("不是空的"));
}

#[test]
fn new_case_builds_as_a_draft_with_the_six_case_parts() {
    let dir = SiteTest::init();

    let new = pufa(&["new", "case", "cases/x"], &dir);
    assert!(new.status.success(), "{}", stderr(&new));
    let md = std::fs::read_to_string(dir.join("content/cases/x.md")).unwrap();
    assert!(md.contains("kind = \"case\""));
    assert!(md.contains("draft = true"));
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    assert!(md.contains(&format!("date = {today}")), "{md}");
    assert!(md.contains("<!-- 提示："), "guidance comments in Chinese");

    // Without --drafts the draft is not published; with it, it is.
    let build = pufa(&["build"], &dir);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(!dir.join("public/cases/x/index.html").exists());
    let build = pufa(&["build", "--drafts"], &dir);
    assert!(build.status.success(), "{}", stderr(&build));
    let html = std::fs::read_to_string(dir.join("public/cases/x/index.html")).unwrap();
    let parts = h2_texts(&html);
    for part in [
        "基本案情",
        "争议焦点",
        "裁判结果",
        "法官说法",
        "相关法条",
        "温馨提示",
    ] {
        assert!(parts.iter().any(|p| p == part), "{part} in {parts:?}");
    }
    // The guidance stays an HTML comment: invisible to readers.
    assert_eq!(html.matches("提示：当事人一律写作").count(), 1);
    assert!(html.contains("<!-- 提示：当事人一律写作"));
}

#[test]
fn new_makes_every_kind_and_refuses_unknown_ones() {
    let dir = SiteTest::init();
    for kind in [
        "case", "campaign", "qa", "lecture", "board", "list", "notice",
    ] {
        let out = pufa(&["new", kind, &format!("new-{kind}")], &dir);
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
    }
    let build = pufa(&["build", "--drafts"], &dir);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(dir.join("public/boards/new-board/index.html").is_file());

    let bad = pufa(&["new", "poem", "x"], &dir);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("不认识的文章类型"));
}

// ---- pufa import: Word documents generated at test time with docx-rs ----

mod word {
    use docx_rs::*;
    use std::io::{Cursor, Read, Write};

    /// A small PNG for the image parts, red unless `shade` says otherwise.
    pub fn png(shade: u8) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(2, 2, image::Rgb([200, 30, shade]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn text(t: &str) -> Run {
        Run::new().add_text(t)
    }

    fn para(t: &str) -> Paragraph {
        Paragraph::new().add_run(text(t))
    }

    fn bold(t: &str) -> Paragraph {
        Paragraph::new().add_run(text(t).bold())
    }

    fn cell(t: &str) -> TableCell {
        TableCell::new().add_paragraph(para(t))
    }

    fn pack(docx: Docx) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        docx.build().pack(&mut out).unwrap();
        out.into_inner()
    }

    /// A case written the way a Chinese-locale Word saves it: heading styles with numeric
    /// ids named "heading 1"/"heading 2", parts faked with bold 一、 numbering, a numbered
    /// and a bulleted list, a table, two images (one described), a footnote and a link.
    pub fn case() -> Vec<u8> {
        let numbering = |id: usize, format: &str, text: &str| {
            AbstractNumbering::new(id).add_level(Level::new(
                0,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            ))
        };
        let docx = Docx::new()
            .add_style(Style::new("1", StyleType::Paragraph).name("heading 1"))
            .add_style(Style::new("2", StyleType::Paragraph).name("heading 2"))
            .add_abstract_numbering(numbering(2, "decimal", "%1."))
            .add_numbering(Numbering::new(2, 2))
            .add_abstract_numbering(numbering(3, "bullet", "•"))
            .add_numbering(Numbering::new(3, 3))
            .add_paragraph(para("楼上掉下花盆，谁来赔？").style("1"))
            .add_paragraph(bold("一、案情简介"))
            .add_paragraph(
                Paragraph::new()
                    .add_run(text("2023年5月，张某在小区楼下"))
                    .add_run(text("被花盆砸伤").bold())
                    .add_run(text("，花费医疗费。"))
                    .add_run(Run::new().add_footnote_reference(
                        Footnote::new().add_content(para("案例根据法院公开裁判文书改编。")),
                    )),
            )
            .add_paragraph(Paragraph::new().add_run(Run::new().add_image(Pic::new(&png(0)))))
            .add_paragraph(Paragraph::new().add_run(Run::new().add_image(Pic::new(&png(90)))))
            .add_paragraph(para("争议焦点").style("2"))
            .add_paragraph(
                para("花盆是谁家的？").numbering(NumberingId::new(2), IndentLevel::new(0)),
            )
            .add_paragraph(
                para("物业有没有责任？").numbering(NumberingId::new(2), IndentLevel::new(0)),
            )
            .add_paragraph(bold("二、裁判结果"))
            .add_paragraph(para("法院判决如下："))
            .add_table(Table::new(vec![
                TableRow::new(vec![cell("责任人"), cell("赔偿金额")]),
                TableRow::new(vec![cell("李某"), cell("8000元")]),
                TableRow::new(vec![cell("物业公司"), cell("2000元")]),
            ]))
            .add_paragraph(bold("三、律师说法"))
            .add_paragraph(
                Paragraph::new().add_run(text("详见")).add_hyperlink(
                    Hyperlink::new("https://flk.npc.gov.cn/", HyperlinkType::External)
                        .add_run(text("国家法律法规数据库")),
                ),
            )
            .add_paragraph(bold("（一）物业的安全保障义务"))
            .add_paragraph(para("物业应当采取必要的安全保障措施。"))
            .add_paragraph(bold("四、法官提醒"))
            .add_paragraph(
                para("不要在阳台边放花盆。").numbering(NumberingId::new(3), IndentLevel::new(0)),
            )
            .add_paragraph(
                para("发现隐患及时报告。").numbering(NumberingId::new(3), IndentLevel::new(0)),
            );
        describe_first_image(&pack(docx), "楼下被砸坏的花盆")
    }

    /// Adds alt text (`descr`) to the first image, as Word's "Edit Alt Text" does; docx-rs
    /// has no setter for it.
    fn describe_first_image(docx: &[u8], descr: &str) -> Vec<u8> {
        let mut zin = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
        let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).unwrap();
            let name = f.name().to_string();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            if name == "word/document.xml" {
                let xml = String::from_utf8(bytes).unwrap().replacen(
                    "<wp:docPr ",
                    &format!("<wp:docPr descr=\"{descr}\" "),
                    1,
                );
                bytes = xml.into_bytes();
            }
            if f.is_dir() {
                continue;
            }
            zout.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zout.write_all(&bytes).unwrap();
        }
        zout.finish().unwrap().into_inner()
    }

    /// A plain notice in a Chinese-named style ("标题 1" under id "a3", as WPS saves it) with
    /// no heading for the title: the file name becomes the title.
    pub fn notice() -> Vec<u8> {
        let docx = Docx::new()
            .add_style(Style::new("a3", StyleType::Paragraph).name("标题 2"))
            .add_paragraph(para("各村（社区）："))
            .add_paragraph(para("活动安排").style("a3"))
            .add_paragraph(para("12月4日上午在镇文化广场举行宪法宣传活动。"))
            .add_paragraph(para("# 这一行不是标题，*星号*也照原样。"));
        pack(docx)
    }
}

#[test]
fn import_a_case_from_word() {
    let dir = SiteTest::init();
    let docx = dir.tmp().join("高空抛物案.docx");
    std::fs::write(&docx, word::case()).unwrap();

    let out = pufa(&["import", docx.to_str().unwrap(), "--kind", "case"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let bundle = dir.join("content/cases/gao-kong-pao-wu-an");
    let md = std::fs::read_to_string(bundle.join("index.md")).unwrap();
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let expected = format!(
        "+++
title = \"楼上掉下花盆，谁来赔？\"
date = {today}
kind = \"case\"
# 由 Word 文档导入。核对内容、运行 pufa check 后，删除下面这一行即可发布
draft = true
+++
## 基本案情

2023年5月，张某在小区楼下**被花盆砸伤**，花费医疗费。[^1]

![楼下被砸坏的花盆](rIdImage1.png)

![请在此填写图片说明](rIdImage2.png)

## 争议焦点

1. 花盆是谁家的？
1. 物业有没有责任？

## 裁判结果

法院判决如下：

| 责任人 | 赔偿金额 |
| --- | --- |
| 李某 | 8000元 |
| 物业公司 | 2000元 |

## 法官说法

详见[国家法律法规数据库](<https://flk.npc.gov.cn/>)

### （一）物业的安全保障义务

物业应当采取必要的安全保障措施。

## 温馨提示

- 不要在阳台边放花盆。
- 发现隐患及时报告。

[^1]: 案例根据法院公开裁判文书改编。
"
    );
    assert_eq!(md, expected);
    let mut images: Vec<String> = std::fs::read_dir(&bundle)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.md")
        .collect();
    images.sort();
    assert_eq!(images, ["rIdImage1.png", "rIdImage2.png"]);
    assert_eq!(
        std::fs::read(bundle.join("rIdImage1.png")).unwrap(),
        word::png(0)
    );

    // The draft builds, and check points at the image that still needs a description.
    let build = pufa(&["build", "--drafts"], &dir);
    assert!(build.status.success(), "{}", stderr(&build));
    let html =
        std::fs::read_to_string(dir.join("public/cases/gao-kong-pao-wu-an/index.html")).unwrap();
    assert!(html.contains("<td>物业公司</td>"), "the table is a table");
    let check = pufa(&["check", "--drafts"], &dir);
    let report = stderr(&check);
    assert!(
        report.contains(
            "content/cases/gao-kong-pao-wu-an/index.md:14:1: 警告: 图片缺少替代文字（alt）：rIdImage2.png"
        ),
        "{report}"
    );

    // A second import of the same file does not overwrite the first.
    let again = pufa(&["import", docx.to_str().unwrap(), "--kind", "case"], &dir);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("文章已存在"));
}

#[test]
fn import_a_notice_with_chinese_style_names_into_a_chosen_section() {
    let tmp = tempfile::tempdir().unwrap();
    let docx = tmp.path().join("宪法宣传周通知.docx");
    std::fs::write(&docx, word::notice()).unwrap();
    let out = pufa(
        &[
            "import",
            docx.to_str().unwrap(),
            "--kind",
            "notice",
            "--section",
            "tongzhi",
        ],
        tmp.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(
        tmp.path()
            .join("content/tongzhi/xian-fa-xuan-chuan-zhou-tong-zhi/index.md"),
    )
    .unwrap();
    let body = md
        .split_once("+++\n")
        .unwrap()
        .1
        .split_once("+++\n")
        .unwrap();
    assert!(
        body.0.starts_with("title = \"宪法宣传周通知\"\n"),
        "{}",
        body.0
    );
    assert_eq!(
        body.1,
        "各村（社区）：\n\n## 活动安排\n\n12月4日上午在镇文化广场举行宪法宣传活动。\n\n\\# 这一行不是标题，\\*星号\\*也照原样。\n"
    );
}

#[test]
fn import_refuses_files_that_are_not_docx() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = tmp.path().join("old.doc");
    std::fs::write(&doc, b"\xd0\xcf\x11\xe0 not a zip").unwrap();
    let out = pufa(&["import", doc.to_str().unwrap()], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("另存为” .docx"), "{}", stderr(&out));
    let bad_kind = pufa(
        &["import", doc.to_str().unwrap(), "--kind", "poem"],
        tmp.path(),
    );
    assert!(stderr(&bad_kind).contains("不认识的文章类型"));
}
