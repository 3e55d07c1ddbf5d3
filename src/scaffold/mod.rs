//! `pufa init` and `pufa new`: a working site and pre-filled articles for publicity staff.
//!
//! Everything written here is meant to be read by someone who has never seen a Markdown file:
//! the front matter is filled in, every part of an article has its heading, and short
//! comments (`<!-- … -->`, invisible on the site) say what to write where.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::article_kind::ArticleKind;

pub(crate) mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// The Markdown of a new article of `kind`, dated `date`.
pub fn article(kind: ArticleKind, title: &str, date: &str) -> String {
    let body = kind.new_article_body();
    let extra = kind.new_article_extra();
    format!(
        "+++\n# 标题：一句话说清楚这篇文章讲什么\ntitle = \"{title}\"\n# 发布日期，格式 年-月-日\ndate = {date}\n\
         # 摘要：在列表和微信分享中显示，一两句话\ndescription = \"\"\nkind = \"{kind}\"\n\
         # 写好并检查后，删除下面这一行（或改为 false），文章才会发布\ndraft = true\n\n[taxonomies]\n\
         # 涉及的法律，如 [\"民法典\", \"刑法\"]\nstatutes = []\n# 主题，如 [\"婚姻家庭\", \"反诈\"]\ntopics = []\n\
         # 面向人群，如 [\"老年人\", \"青少年\", \"企业\", \"进城务工人员\"]\naudiences = []\n{extra}+++\n{body}"
    )
}

/// Creates `<root>/content/<path>.md` for a new article. `path` may name a section folder
/// (`cases/gao-kong-pao-wu`) or only a file name (then the kind's default section is used).
pub fn new_article(root: &Path, kind: ArticleKind, path: &str, date: &str) -> io::Result<PathBuf> {
    let mut rel = path.trim_matches('/').replace('\\', "/");
    // Every part must be a name: `.` would make a hidden `..md`, a part starting with `.`
    // a file pufa skips, `_index` a section, `:` a drive or a stream on Windows.
    let stem = rel.rsplit('/').next().unwrap_or("").trim_end_matches(".md");
    if rel.is_empty()
        || rel
            .split('/')
            .any(|s| s.is_empty() || s.starts_with('.') || s.contains(':'))
        || stem.is_empty()
        || stem.starts_with("_index")
        || Path::new(&rel).is_absolute()
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "文章路径不合法：“{path}”。请写栏目和文件名，如 cases/jie-dai-an（不以 . 开头，不含 ..）"
            ),
        ));
    }
    if !rel.contains('/') {
        rel = format!("{}/{rel}", kind.default_section());
    }
    if !rel.ends_with(".md") {
        rel.push_str(".md");
    }
    let file = root.join("content").join(&rel);
    if file.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("文件已存在，未覆盖：{}", file.display()),
        ));
    }
    let title = format!("新{}", kind.name_zh());
    let text = article(kind, &title, date);
    if let Some(dir) = file.parent() {
        fs::create_dir_all(dir)?;
        let index = dir.join("_index.md");
        if !index.exists() && dir != root.join("content") {
            let name = kind.name_zh();
            fs::write(
                index,
                format!("+++\ntitle = \"{name}\"\nsort_by = \"date\"\npaginate_by = 20\n+++\n"),
            )?;
        }
    }
    fs::write(&file, text)?;
    Ok(file)
}

/// The sections a new site starts with: every kind's section, in the order the theme's
/// navigation shows them, and the law library the citations link to.
const INIT_SECTIONS: &[(&str, &str, &str)] = &[
    ("cases", "以案释法", "用身边的案例讲解常用法律知识。"),
    ("qa", "法律问答", "群众常问的法律问题。"),
    (
        "campaigns",
        "普法活动",
        "宪法宣传周、民法典宣传月等普法活动的安排和材料。",
    ),
    ("lectures", "讲座讲稿", "进村入企普法讲座的讲稿。"),
    ("boards", "展板长廊", "司法所走廊展板全文。"),
    ("notices", "通知公告", "司法所的通知和公告。"),
];

/// Pages the default theme links to from every page (search, site map, accessibility,
/// the duty list), so a new site has no broken links.
const INIT_PAGES: &[(&str, &str)] = &[
    (
        "search.md",
        "+++\ntitle = \"站内搜索\"\ntemplate = \"search.html\"\n+++\n",
    ),
    (
        "map.md",
        "+++\ntitle = \"网站地图\"\ntemplate = \"map.html\"\n+++\n这里列出了本站的全部栏目和文章。\n",
    ),
    (
        "accessibility.md",
        "+++\ntitle = \"无障碍声明\"\n+++\n本站字号可调、可以放大、不加载外部资源，关闭脚本也能阅读全部文章。\n",
    ),
    (
        "laws/_index.md",
        "+++\ntitle = \"法律法规库\"\nsort_by = \"title\"\ntemplate = \"laws.html\"\n+++\n\
         本站文章引用的法律法规全文。要加入其他法律，运行 pufa laws list 查看可导入的法律，\
         再运行 pufa laws import 法律名称（如 pufa laws import 工会法）。\n",
    ),
];

/// The laws a new site starts with (from the law text that ships with pufa): those most
/// cited in 普法 work, so that citations in new articles link to the article text at once.
pub const INIT_LAWS: &[&str] = &[
    "宪法",
    "民法典",
    "刑法",
    "治安管理处罚法",
    "反家庭暴力法",
    "劳动合同法",
    "劳动法",
    "劳动争议调解仲裁法",
    "道路交通安全法",
    "未成年人保护法",
    "预防未成年人犯罪法",
    "反电信网络诈骗法",
    "消费者权益保护法",
    "老年人权益保障法",
    "妇女权益保障法",
    "人民调解法",
    "法律援助法",
    "禁毒法",
    "国家安全法",
    "安全生产法",
    "个人信息保护法",
];

/// A simple logo (a balance in a circle) so the theme's header has its image.
const INIT_LOGO: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 40\">\
<circle cx=\"20\" cy=\"20\" r=\"19\" fill=\"#b71c1c\"/>\
<path d=\"M20 9v22M12 31h16M10 14h20M10 14l-4 9h8zM30 14l-4 9h8z\" stroke=\"#fff\" stroke-width=\"2\" fill=\"none\"/>\
</svg>\n";

/// Writes a new, working site into `dir` (which must be empty or missing).
pub fn init(dir: &Path, date: &str) -> io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "目录 {} 不是空的，为防止覆盖已有文件，请换一个新目录。",
                dir.display()
            ),
        ));
    }
    fs::create_dir_all(dir.join("content"))?;
    fs::create_dir_all(dir.join("static/images"))?;
    fs::write(dir.join("config.toml"), INIT_CONFIG)?;
    fs::write(dir.join("static/images/logo.svg"), INIT_LOGO)?;
    fs::write(
        dir.join("content/_index.md"),
        // No `sort_by`: the undated pages at the top (search, site map) must not be left out.
        "+++\ntitle = \"首页\"\n+++\n欢迎访问本司法所普法网站。\n",
    )?;
    for (section, title, description) in INIT_SECTIONS {
        fs::create_dir_all(dir.join("content").join(section))?;
        fs::write(
            dir.join("content").join(section).join("_index.md"),
            format!(
                "+++\ntitle = \"{title}\"\ndescription = \"{description}\"\nsort_by = \"date\"\npaginate_by = 20\n+++\n"
            ),
        )?;
    }
    for (rel, text) in INIT_PAGES {
        let p = dir.join("content").join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(p, text)?;
    }
    for (rel, bytes) in embedded::THEME_FILES {
        let p = dir.join("themes/pufa").join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(p, bytes)?;
    }
    for (kind, name) in [
        (ArticleKind::Case, "cases/example-case"),
        (ArticleKind::Qa, "qa/example-qa"),
        (ArticleKind::Notice, "notices/example-notice"),
    ] {
        let file = new_article(dir, kind, name, date)?;
        // Examples are published at once: drop the draft line and give them content.
        let text = fs::read_to_string(&file)?.replace(
            "# 写好并检查后，删除下面这一行（或改为 false），文章才会发布\ndraft = true\n",
            "",
        );
        fs::write(&file, text)?;
    }
    let names: Vec<String> = INIT_LAWS.iter().map(|n| n.to_string()).collect();
    crate::law::import::import_bundled(&names, dir).map_err(io::Error::other)?;
    // The theme links to the duty list at /zeren-qingdan/: one page, not a section.
    let list = article(ArticleKind::List, "普法责任清单", date).replace(
        "# 写好并检查后，删除下面这一行（或改为 false），文章才会发布\ndraft = true\n",
        "",
    );
    fs::write(dir.join("content/zeren-qingdan.md"), list)?;
    Ok(())
}

const INIT_CONFIG: &str = r#"# 网站地址：发布到政府门户的子目录时写完整地址，如 https://portal.example.gov.cn/town/pufa
base_url = "http://127.0.0.1:1111"
title = "司法所普法网"
description = "以案释法 · 法律问答 · 普法活动"
default_language = "zh"
theme = "pufa"
generate_feeds = true

# 分类的名字不能与栏目文件夹同名（content/laws/ 是法律法规库，content/campaigns/ 是普法活动），
# 否则两者会生成到同一个地址。
taxonomies = [
  { name = "statutes", paginate_by = 20 },
  { name = "topics", paginate_by = 20 },
  { name = "audiences", paginate_by = 20 },
  { name = "activities", paginate_by = 20 },
]

[extra]
office_name = "某某镇司法所"
office_phone = "0000-00000000"
office_address = "某某镇人民政府一楼"
hotline = "12348"
advisers = [
  { village = "某某村", name = "王律师", phone = "0000-00000001" },
]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_an_article_template() {
        for kind in ArticleKind::ALL {
            let a = article(kind, "标题", "2026-01-01");
            assert!(a.starts_with("+++\n"), "{kind}");
            assert!(a.contains(&format!("kind = \"{kind}\"")));
        }
        let case = article(ArticleKind::Case, "高空抛物案", "2026-01-01");
        for part in [
            "## 基本案情",
            "## 争议焦点",
            "## 裁判结果",
            "## 法官说法",
            "## 相关法条",
            "## 温馨提示",
        ] {
            assert!(case.contains(part), "{part}");
        }
    }

    #[test]
    fn new_refuses_paths_outside_content_and_existing_files() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(new_article(tmp.path(), ArticleKind::Case, "../x", "2026-01-01").is_err());
        let f = new_article(tmp.path(), ArticleKind::Case, "gao-kong", "2026-01-01").unwrap();
        assert_eq!(f, tmp.path().join("content/cases/gao-kong.md"));
        assert!(tmp.path().join("content/cases/_index.md").exists());
        assert!(new_article(tmp.path(), ArticleKind::Case, "gao-kong", "2026-01-01").is_err());
        // `.` used to make a hidden `content/cases/..md`.
        for bad in [
            ".",
            "./",
            "cases/.",
            ".hidden",
            "cases/.md",
            "_index",
            "a/../b",
            "C:x",
        ] {
            let e = new_article(tmp.path(), ArticleKind::Case, bad, "2026-01-01").unwrap_err();
            assert!(e.to_string().starts_with("文章路径不合法"), "{bad}: {e}");
        }
        let names: Vec<String> = std::fs::read_dir(tmp.path().join("content/cases"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
    }
}
