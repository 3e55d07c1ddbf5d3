//! A publicity officer's first day (issue 14): the default theme builds any site, however
//! bare, with no error and no warning, shows what the site has and links only to pages that
//! exist; the law text comes with pufa (`pufa laws list`, `pufa laws import NAME`), and a site
//! made by `pufa init` builds without a warning, its law pages saying which version of the text
//! they show.

use crate::common::*;
use std::path::{Path, PathBuf};

/// A copy of the fixture site `name` (or an empty folder) with the repository's default theme.
fn site_with_theme(name: Option<&str>) -> SiteTest {
    match name {
        Some(n) => SiteTest::fixture(n),
        None => SiteTest::empty(),
    }
    .with_theme()
}

/// Builds the site; asserts exit 0 and that nothing was reported (no error, no warning), and
/// returns the output folder.
fn build_clean(site: &Path) -> PathBuf {
    let out = site.join("public");
    let o = build(site, &out, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.ends_with(" 0 warnings") || last.ends_with("0 个警告"),
        "{err}"
    );
    assert!(!err.contains("警告:") && !err.contains("warning:"), "{err}");
    out
}

/// Every link and image address under `base` in every built HTML file names a file of the
/// output: the theme links only to what the site has. No link is empty.
fn assert_links_resolve(out: &Path, base: &str) {
    let mut bad = Vec::new();
    for (rel, bytes) in read_tree(out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                let url = &rest[..rest.find('"').unwrap_or(0)];
                if url.is_empty() {
                    bad.push(format!("{rel}: empty {attr}"));
                    continue;
                }
                let Some(path) = url.strip_prefix(base) else {
                    continue;
                };
                let path = path.split(['#', '?']).next().unwrap_or_default();
                let path = path.trim_start_matches('/');
                let file = if path.is_empty() || path.ends_with('/') {
                    out.join(path).join("index.html")
                } else {
                    out.join(path)
                };
                if !file.is_file() {
                    bad.push(format!("{rel}: {url}"));
                }
            }
        }
    }
    bad.sort();
    bad.dedup();
    assert!(bad.is_empty(), "links to nothing:\n{}", bad.join("\n"));
}

/// The text of `<main>`: what the reader sees of the page.
fn main_text(html: &str) -> &str {
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>");
    &html[start..end]
}

#[test]
fn bare_site_with_only_cases() {
    let site = site_with_theme(Some("bare-cases"));
    let out = build_clean(&site);
    let home = read(&out, "index.html");
    let main = main_text(&home);
    assert!(main.contains("最新以案释法"), "{main}");
    assert!(main.contains("高空抛物砸伤路人，谁来赔？"));
    assert!(main.contains("借钱不还被起诉"));
    // Nothing the site does not have: no Q&A box, no topic chips, no search form.
    for absent in ["大家常问", "按主题找", "按人群找", "更多栏目", "home-q"] {
        assert!(!home.contains(absent), "{absent}");
    }
    // No [extra]: no invented office name or address; the navigation lists the sections.
    assert!(!home.contains("主办"));
    assert!(home.contains(">以案释法</a></li>"));
    let case = read(&out, "cases/gao-kong/index.html");
    assert!(case.contains("<h1 id=\"page-title\">高空抛物砸伤路人，谁来赔？</h1>"));
    assert!(case.contains("张某从五楼窗口扔下一个花盆"));
    assert!(case.contains("楼上扔下的花盆砸伤了路人。"));
    // A taxonomy the config does not define is not shown.
    let other = read(&out, "cases/jie-qian/index.html");
    assert!(other.contains("王某向赵某借款两万元"));
    assert!(!other.contains("民间借贷"));
    assert_links_resolve(&out, "https://example.cn");
}

#[test]
fn bare_site_with_only_questions_under_a_sub_path() {
    let site = site_with_theme(Some("bare-qa"));
    let out = build_clean(&site);
    let home = read(&out, "index.html");
    assert!(main_text(&home).contains("大家常问"));
    assert!(home.contains("href=\"https://example.cn/town/qa/tuo-qian/\""));
    assert!(!home.contains("最新以案释法"));
    let qa = read(&out, "qa/tuo-qian/index.html");
    assert!(qa.contains("可以先和老板协商"));
    assert!(qa.contains("badge-qa"));
    assert_links_resolve(&out, "https://example.cn/town");
}

#[test]
fn site_without_extra_shows_every_section_it_has() {
    let site = site_with_theme(Some("bare-no-extra"));
    let out = build_clean(&site);
    let home = read(&out, "index.html");
    let main = main_text(&home);
    for present in [
        "邻居占用楼道堆放杂物",
        "离婚后孩子跟谁？",
        "按主题找",
        "邻里纠纷",
        "按人群找",
        "老年人",
        "通知公告",
        "网站地图",
        "home-q",
    ] {
        assert!(main.contains(present), "{present} in {main}");
    }
    // The sections it lacks are not offered.
    for absent in ["展板长廊", "讲座讲稿", "普法责任清单", "法律法规库"] {
        assert!(!home.contains(absent), "{absent}");
    }
    // Every page's footer links to the site map it has, not to pages it lacks
    // (`get_page(…, required=false)`).
    let case = read(&out, "cases/zhan-yong/index.html");
    assert!(case.contains("href=\"https://example.cn/map/\">网站地图</a>"));
    assert!(!case.contains("无障碍声明"));
    assert!(!case.contains("普法责任清单"));
    let campaign = read(&out, "campaigns/xian-fa-zhou/index.html");
    assert!(campaign.contains("弘扬宪法精神"));
    assert!(campaign.contains("在镇文化广场设咨询台。"));
    // A date not written as 年-月-日 is shown as written, not an error.
    let other = read(&out, "campaigns/xiao-fei/index.html");
    assert!(other.contains("<dt>活动时间</dt><dd>3月15日上午</dd>"));
    let map = read(&out, "map/index.html");
    assert!(map.contains("离婚后孩子跟谁？"));
    assert!(read(&out, "search/index.html").contains("pufa-search-input"));
    assert!(read(&out, "404.html").contains("用搜索找一找"));
    assert_links_resolve(&out, "https://example.cn");
}

#[test]
fn english_site_with_other_section_names_and_no_dates() {
    let site = site_with_theme(Some("bare-english"));
    let out = build_clean(&site);
    let home = read(&out, "index.html");
    assert!(home.contains("<html lang=\"en\""));
    let main = main_text(&home);
    assert!(main.contains("Plain-language notes on everyday law."));
    // A section the theme does not know gets its own box with its latest pages.
    assert!(main.contains(">Articles</h2>"), "{main}");
    assert!(main.contains("Note 1 on tenancy"));
    let note = read(&out, "articles/note-2/index.html");
    assert!(note.contains("A landlord must return the deposit, note 2."));
    assert!(note.contains("tags/tenancy/"));
    assert!(read(&out, "articles/page/2/index.html").contains("Note 3 on tenancy"));
    assert!(read(&out, "about/index.html").contains("Run by volunteers."));
    assert_links_resolve(&out, "https://example.org/legal");
}

/// Odd bare sites: no content at all, only the home page's `_index.md`, and an article in a
/// folder without `_index.md`.
#[test]
fn odd_bare_sites() {
    let config = "base_url = \"https://example.cn\"\ntitle = \"空网站\"\ntheme = \"pufa\"\n";
    for (name, files) in [
        ("empty", vec![]),
        (
            "only-index",
            vec![(
                "content/_index.md",
                "+++\ntitle = \"欢迎\"\n+++\n网站正在建设中。\n",
            )],
        ),
        (
            "orphan",
            vec![(
                "content/anli/a.md",
                "+++\ntitle = \"一篇文章\"\n+++\n正文在这里。\n",
            )],
        ),
        (
            "untitled",
            vec![
                ("content/wenzhang/_index.md", "+++\n+++\n"),
                (
                    "content/wenzhang/di-yi-pian.md",
                    "+++\ndate = 2025-01-01\n+++\n没有标题的文章。\n",
                ),
            ],
        ),
    ] {
        let site = site_with_theme(None);
        write(&site.join("config.toml"), config);
        std::fs::create_dir_all(site.join("content")).unwrap();
        for (rel, text) in &files {
            write(&site.join(rel), text);
        }
        let out = build_clean(&site);
        let home = read(&out, "index.html");
        assert!(home.contains("空网站"), "{name}");
        match name {
            "only-index" => assert!(home.contains("网站正在建设中。")),
            "orphan" => assert!(read(&out, "anli/a/index.html").contains("正文在这里。")),
            // No titles: the folder and file names stand in, so no link is empty.
            "untitled" => {
                assert!(home.contains(">wenzhang</a></li>"));
                assert!(home.contains("/wenzhang/di-yi-pian/\">di-yi-pian</a>"));
                let page = read(&out, "wenzhang/di-yi-pian/index.html");
                assert!(page.contains("<h1 id=\"page-title\">di-yi-pian</h1>"));
                assert!(page.contains("没有标题的文章。"));
                assert!(page.contains("/wenzhang/\">wenzhang</a></li>"), "{page}");
                let list = read(&out, "wenzhang/index.html");
                assert!(list.contains("<h1 id=\"page-title\">wenzhang</h1>"));
                assert!(list.contains(">di-yi-pian</a>"));
            }
            _ => {}
        }
        assert_links_resolve(&out, "https://example.cn");
    }
}

/// A site with only a law library, made with `pufa laws import` by name (no database file):
/// the law pages say which version of the text they show.
#[test]
fn bare_site_with_only_laws_imported_by_name() {
    let site = site_with_theme(None);
    write(
        &site.join("config.toml"),
        "base_url = \"https://example.cn\"\ntitle = \"法律库\"\ndefault_language = \"zh\"\ntheme = \"pufa\"\n",
    );
    let import = pufa()
        .arg("--root")
        .arg(&site)
        .args(["laws", "import", "反家庭暴力法", "宪法", "刑法"])
        .output()
        .unwrap();
    assert!(import.status.success(), "{}", stderr(&import));
    assert!(site
        .join("content/laws/fan-jia-ting-bao-li-fa.md")
        .is_file());
    assert!(site.join("content/laws/xian-fa/_index.md").is_file());
    let out = build_clean(&site);
    let home = read(&out, "index.html");
    assert!(home.contains("法律法规库"));
    let law = read(&out, "laws/fan-jia-ting-bao-li-fa/index.html");
    assert!(law.contains("<dt>文本版本</dt><dd><time datetime=\"2015-12-27\">2015年12月27日</time>的文本（现行有效）</dd>"));
    assert!(law.contains("id=\"art-1\""));
    assert!(law.contains("本法所称家庭暴力"));
    let crim = read(&out, "laws/xing-fa/index.html");
    assert!(crim.contains("<dt>文本版本</dt><dd><time datetime=\"2020-12-26\">2020年12月26日</time>的文本（已被修改）</dd>"));
    assert!(crim.contains(
        "此后于<time datetime=\"2023-12-29\">2023年12月29日</time>公布的《中华人民共和国刑法修正案（十二）》修改了本法第 165、166、169、387、390、391、393 条"
    ));
    let part = read(&out, "laws/xing-fa/bian-1/index.html");
    assert!(part.contains(
        "文本版本：<time datetime=\"2020-12-26\">2020年12月26日</time>的文本（已被修改）"
    ));
    // The library's index lists every law with its status (the theme's laws.html).
    let index = read(&out, "laws/index.html");
    assert!(index.contains("中华人民共和国宪法"));
    assert_eq!(index.matches("class=\"card card-law\"").count(), 3);
    assert!(index.contains("<span class=\"badge badge-law\">已被修改</span>"));
    assert_links_resolve(&out, "https://example.cn");
}

#[test]
fn laws_list_shows_what_comes_with_pufa() {
    let tmp = tempfile::tempdir().unwrap();
    let o = pufa()
        .arg("--root")
        .arg(tmp.path())
        .args(["laws", "list", "劳动"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        text,
        "劳动争议调解仲裁法\t中华人民共和国劳动争议调解仲裁法\t现行有效\t2007-12-29版\n\
         劳动合同法\t中华人民共和国劳动合同法\t现行有效\t2012-12-28版\n\
         劳动法\t中华人民共和国劳动法\t现行有效\t2018-12-29版\n\
         共 3 部。导入：pufa laws import 劳动争议调解仲裁法\n"
    );
    let all = pufa().args(["laws", "list"]).output().unwrap();
    let all = String::from_utf8_lossy(&all.stdout).into_owned();
    assert_eq!(all.lines().count(), 379);
    assert!(all.ends_with("共 378 部。导入：pufa laws import 专利法\n"));
    let none = pufa().args(["laws", "list", "星际法"]).output().unwrap();
    assert!(none.status.success());
    assert_eq!(
        String::from_utf8_lossy(&none.stdout),
        "没有名称包含“星际法”的法律。运行 pufa laws list 查看全部 378 部。\n"
    );
    // An unknown name writes nothing and says what might be meant.
    let bad = pufa()
        .arg("--root")
        .arg(tmp.path())
        .args(["laws", "import", "民法典", "劳动合同"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("您是不是要找：劳动合同法"),
        "{}",
        stderr(&bad)
    );
    assert!(!tmp.path().join("content").exists());
}

/// `pufa init` → `pufa build`: the common laws are there, nothing is reported, the site map and
/// search page are built, and every link leads somewhere; new articles' citations link at once,
/// and a citation of an article amended since the library's text keeps its warning.
#[test]
fn init_site_has_the_common_laws_and_builds_without_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("zhan");
    let init = pufa().arg("init").arg(&site).output().unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    for law in [
        "min-fa-dian/_index.md",
        "xing-fa/_index.md",
        "xian-fa/_index.md",
        "zhi-an-guan-li-chu-fa-fa/_index.md",
        "fan-jia-ting-bao-li-fa.md",
        "lao-dong-he-tong-fa.md",
        "dao-lu-jiao-tong-an-quan-fa/_index.md",
        "wei-cheng-nian-ren-bao-hu-fa/_index.md",
        "fan-dian-xin-wang-luo-zha-pian-fa.md",
    ] {
        assert!(site.join("content/laws").join(law).is_file(), "{law}");
    }
    let out = build_clean(&site);
    for page in [
        "map/index.html",
        "search/index.html",
        "accessibility/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
    assert!(read(&out, "laws/min-fa-dian/index.html")
        .contains("<time datetime=\"2020-05-28\">2020年5月28日</time>的文本（现行有效）"));
    assert_links_resolve(&out, "http://127.0.0.1:1111");
    let check = pufa()
        .arg("--root")
        .arg(&site)
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    write(
        &site.join("content/cases/xin.md"),
        "+++\ntitle = \"新案例\"\ndate = 2025-05-01\nkind = \"case\"\n+++\n\n## 基本案情\n\n\
         依照《民法典》第一千一百六十五条，应当赔偿。\n\n## 法官说法\n\n\
         刑法第二十条规定了正当防卫。\n\n《刑法》第三百九十条规定了行贿罪。\n",
    );
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let warnings: Vec<String> = stderr(&o)
        .lines()
        .filter(|l| l.contains(": 警告: "))
        .map(str::to_string)
        .collect();
    assert_eq!(
        warnings,
        ["content/cases/xin.md:15: 警告: 《中华人民共和国刑法》第三百九十条已被《中华人民共和国刑法修正案（十二）》（2023-12-29）修改，本站法律库中是修改前的2020-12-26版文本；请核对现行条文。"]
    );
    let html = read(&out, "cases/xin/index.html");
    assert!(html.contains("href=\"http://127.0.0.1:1111/laws/min-fa-dian/bian-7/#art-1165\""));
    assert!(html.contains("行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。"));
}

/// A site in two languages: each page's taxonomy terms link to the terms of its language.
#[test]
fn two_language_site_links_terms_of_each_language() {
    let site = site_with_theme(None);
    write(
        &site.join("config.toml"),
        "base_url = \"https://example.cn\"\ntitle = \"双语\"\ntheme = \"pufa\"\n\
         default_language = \"zh\"\ntaxonomies = [{ name = \"topics\" }]\n\n\
         [languages.en]\ntitle = \"Bilingual\"\ntaxonomies = [{ name = \"topics\" }]\n",
    );
    for (rel, text) in [
        ("_index.md", "+++\ntitle = \"首页\"\n+++\n"),
        ("_index.en.md", "+++\ntitle = \"Home\"\n+++\n"),
        ("cases/_index.md", "+++\ntitle = \"案例\"\n+++\n"),
        ("cases/_index.en.md", "+++\ntitle = \"Cases\"\n+++\n"),
        (
            "cases/a.md",
            "+++\ntitle = \"案例一\"\ndate = 2025-01-01\nkind = \"case\"\n[taxonomies]\ntopics = [\"婚姻\"]\n+++\n正文。\n",
        ),
        (
            "cases/a.en.md",
            "+++\ntitle = \"Case one\"\ndate = 2025-01-01\nkind = \"case\"\n[taxonomies]\ntopics = [\"family\"]\n+++\nBody.\n",
        ),
    ] {
        write(&site.join("content").join(rel), text);
    }
    let out = build_clean(&site);
    assert!(read(&out, "en/cases/a/index.html")
        .contains("href=\"https://example.cn/en/topics/family/\">family</a>"));
    assert!(read(&out, "cases/a/index.html")
        .contains("href=\"https://example.cn/topics/hun-yin/\">婚姻</a>"));
    assert_links_resolve(&out, "https://example.cn");
}

/// A law marked 已废止 in the library keeps its warning when cited (农村土地承包法 is marked
/// so in the data); 刑法's amended articles are covered above.
#[test]
fn citing_a_law_marked_repealed_warns() {
    let site = site_with_theme(None);
    write(
        &site.join("config.toml"),
        "base_url = \"https://example.cn\"\ntitle = \"测试\"\ndefault_language = \"zh\"\ntheme = \"pufa\"\n",
    );
    let import = pufa()
        .arg("--root")
        .arg(&site)
        .args(["laws", "import", "农村土地承包法", "仲裁法"])
        .output()
        .unwrap();
    assert!(import.status.success(), "{}", stderr(&import));
    write(
        &site.join("content/qa/_index.md"),
        "+++\ntitle = \"问答\"\n+++\n",
    );
    write(
        &site.join("content/qa/a.md"),
        "+++\ntitle = \"问\"\ndate = 2025-01-01\n+++\n依照《仲裁法》第四条。\n\n\
         《农村土地承包法》第三条。\n",
    );
    let out = site.join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let warnings: Vec<String> = stderr(&o)
        .lines()
        .filter(|l| l.contains(": 警告: "))
        .map(str::to_string)
        .collect();
    assert_eq!(
        warnings,
        ["content/qa/a.md:7: 警告: 《中华人民共和国农村土地承包法》在本站法律库中标记为已废止，请改引现行法律。"]
    );
    // The current 仲裁法 (2025) is chosen over its 历史版本.
    let law = read(&out, "laws/zhong-cai-fa/index.html");
    assert!(law.contains("<time datetime=\"2025-09-12\">2025年9月12日</time>的文本（现行有效）"));
    assert!(read(&out, "laws/nong-cun-tu-di-cheng-bao-fa/index.html").contains("（已废止）"));
}

/// The help box shows the national hotline by default; a site that clears it and gives no
/// phone numbers gets no empty help box.
#[test]
fn help_box_only_with_something_to_call() {
    let site = site_with_theme(Some("bare-cases"));
    let out = build_clean(&site);
    assert!(read(&out, "index.html").contains("href=\"tel:12348\""));

    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    write(
        &site.join("config.toml"),
        format!("{config}\n[extra]\nhotline = \"\"\n"),
    );
    let out = build_clean(&site);
    let home = read(&out, "index.html");
    assert!(!home.contains("class=\"help\""));
    assert!(!home.contains("tel:"));
    assert!(home.contains("高空抛物砸伤路人，谁来赔？"));
}
