//! The law library and law citations.
//!
//! Takes the site's law pages (pages with an `[extra.law]` table, usually written by
//! `pufa laws import`, see [`import`]) and returns a [`LawLibrary`]: laws by full name, short name
//! or alias, their articles by number (including `之一` articles), the last article number,
//! article text and the URL of each article (`permalink#art-1165`). The [`cite`] scanner uses
//! it to turn `《民法典》第1165条` in article text into a link with the article text shown
//! in place, and to warn about repealed laws and articles that do not exist.
//!
//! The library is built from the same Markdown files that the site renders, so staff can read
//! and correct the law text with Notepad and what they see is what gets cited. A site without
//! law pages gets an empty library: citations are still recognised through the built-in
//! dictionary in [`dict`], but they are not linked.
//!
//! ## How a build uses it
//! `site/laws.rs` builds the library once from the pages with `[extra.law]`
//! ([`LawLibrary::from_pages`]); `site/bodies.rs` warns once when it is empty and citations are
//! written, and gives each body a [`Scanner`] ([`Scanner::for_law_page`] on a law page) as the
//! Markdown stage's text hook; `s.finish()` gives `page.citations` and the warnings
//! (`path:line`, line = the body line + front-matter lines).
//!
//! ## For templates: `page.citations`
//! A list in order of first appearance, one entry per cited article found in the library:
//! `law` (全称), `law_short` (简称), `article` (`第一千一百六十五条`), `number` (1165), `sub`
//! (1 for 之一, else null), `paragraph` (款 of the first citation, or null), `text` (the
//! article, 款 separated by `\n`), `url` (`…/laws/min-fa-dian/#art-1165`). Example:
//! `{% for c in page.citations %}<h3><a href="{{ c.url }}">《{{ c.law_short }}》{{ c.article
//! }}</a></h3>{% for p in c.text | split(pat="\n") %}<p>{{ p }}</p>{% endfor %}{% endfor %}`.
//! [`related_block_html`] renders the same data as the built-in 相关法条 block.
//!
//! ## Law pages
//! Front matter `[extra.law]`: `name` (required), `short_names`, `status`, `doc_type`,
//! `issuing_body`, `publish_date`, `effective_date`, `version_date` (strings), `articles`,
//! `last_article`; when later amending acts are known, `amended_by` (names), `amended_on` and
//! `amended_articles` (numbers): citing such an article warns, and a law whose status says
//! 已被修改 without `amended_articles` warns once a page ([`Law::is_outdated`]). Body: `##`/`###`/`####` headings for 编/章/节 (navigation = `page.toc`)
//! and one paragraph per article starting `<a id="art-1165"></a>**第一千一百六十五条**`.
//!
//! A big law is a section instead of one page, so that no page gets too heavy to load on a
//! phone: `laws/min-fa-dian/_index.md` is the overview (the `[extra.law]` above, template
//! `law.html`, body = links to the parts) and each part is a page (`bian-7.md`,
//! `bian-3-zhang-8.md`, template `law-part.html`) whose `[extra.law]` has the same `name`
//! plus `part = ["第三编 合同", "第八章 违约责任"]`, the 编/章 the page holds. The library
//! joins all pages of one `name` into one [`Law`]: each article remembers the page it is on,
//! so `《民法典》第577条` links to `…/min-fa-dian/bian-3-zhang-8/#art-577`.

pub mod bundled;
pub mod cite;
pub mod dict;
pub mod import;
pub mod numerals;

mod library;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;

pub use cite::{related_block_html, Citation, Scanner, Warning};

pub use library::LawLibrary;

/// A cheap test for text that probably cites a law (`…法》第…条`, `…法第…条`), used to tell a
/// site without a law library why its citations are not linked.
pub fn looks_like_citation(text: &str) -> bool {
    static CITE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"法》?第[一二三四五六七八九十百千零〇0-9]+条").expect("valid regex")
    });
    CITE.is_match(text)
}

/// Errors of the law library and of `pufa laws import`.
#[derive(Debug, thiserror::Error)]
pub enum LawError {
    #[error("无法读取法律数据库 {path}：{source}（cannot read law database）")]
    Db {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("找不到法律数据库文件 {path}；请检查路径。pufa 自带 378 部法律，不写数据库文件即可导入，如 pufa laws import 民法典（law database not found）")]
    DbMissing { path: PathBuf },
    #[error("法律数据库中没有“{name}”。{}（law not found in database）", suggest(.suggestions))]
    UnknownLaw {
        name: String,
        suggestions: Vec<String>,
    },
    #[error("无法写入 {path}：{source}（cannot write file）")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "这些文件不是 pufa laws import 写的，导入会覆盖或与它们冲突：{}。请把它们改名或移走后再导入（files not written by pufa laws import are in the way）",
        .paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join("、")
    )]
    NotImported { paths: Vec<PathBuf> },
    #[error("pufa 内置的法律数据无法读取：{message}（bundled law data is damaged）")]
    Bundle { message: String },
    #[error("{page}：[extra.law] 里缺少 name（法律全称），例如 name = \"中华人民共和国民法典\"")]
    MissingName { page: String },
    #[error(
        "没有写要导入哪些法律，什么也没做。请在数据库文件后写法律名称，如：pufa laws import {} 民法典 刑法（no law names given: nothing imported）",
        .db.display()
    )]
    NoNames { db: PathBuf },
}

fn suggest(names: &[String]) -> String {
    if names.is_empty() {
        "请检查名称，例如“民法典”“刑法”或全称“中华人民共和国民法典”。".to_string()
    } else {
        format!("您是不是要找：{}？", names.join("、"))
    }
}

/// One article of a law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub number: u32,
    /// `Some(1)` for `第一百三十三条之一`.
    pub sub: Option<u32>,
    /// The printed label, `第一千一百六十五条`.
    pub label: String,
    /// The article text; paragraphs (款) separated by `\n`. Shared with every citation of
    /// the article (a law library site cites the same articles on thousands of pages).
    pub text: std::sync::Arc<str>,
    /// The 编/章/节 headings the article sits under, outermost first.
    pub headings: Vec<String>,
    /// The permalink of the page that holds the article (a big law is split into parts).
    pub page: String,
}

/// A law of the site, assembled from its page, or from its overview and part pages.
#[derive(Debug, Clone)]
pub struct Law {
    pub name: String,
    pub short_names: Vec<String>,
    /// `现行有效`, `已被修改`, `已废止`, …
    pub status: String,
    /// The law's own page: the single page of a small law, the overview of a split one.
    pub permalink: String,
    /// The articles of all the law's pages, by number.
    pub articles: Vec<Article>,
    /// The date of the text's version (`version_date`, the date the text was current).
    pub version_date: String,
    /// Later amending acts the text does not include yet (`amended_by`), and the latest
    /// one's date (`amended_on`).
    pub amended_by: Vec<String>,
    pub amended_on: String,
    /// The articles those acts change (`amended_articles`), when known.
    pub amended_articles: Option<Vec<u32>>,
    by_number: HashMap<(u32, Option<u32>), usize>,
}

impl Law {
    /// The article with this number (`sub` = `Some(1)` for 之一).
    pub fn article(&self, number: u32, sub: Option<u32>) -> Option<&Article> {
        self.by_number
            .get(&(number, sub))
            .map(|&i| &self.articles[i])
    }

    /// The highest article number of the law.
    pub fn last_number(&self) -> Option<u32> {
        self.articles.iter().map(|a| a.number).max()
    }

    /// `…/laws/min-fa-dian/di-7-bian-di-1-zhang/#art-1165`: the page that holds the article
    /// (the law's own page when the article is not there).
    pub fn article_url(&self, number: u32, sub: Option<u32>) -> String {
        let page = self
            .article(number, sub)
            .map_or(self.permalink.as_str(), |a| a.page.as_str());
        format!("{}#{}", page, numerals::anchor(number, sub))
    }

    /// The short name used in link text and notes: the first short name or the full name.
    pub fn short(&self) -> &str {
        self.short_names.first().unwrap_or(&self.name)
    }

    /// True when the text shown is not the current one: the status says 已被修改 (or
    /// 历史版本), or later amending acts are known.
    pub fn is_outdated(&self) -> bool {
        ["修改", "修正", "历史"]
            .iter()
            .any(|s| self.status.contains(s))
            || !self.amended_by.is_empty()
    }

    /// True when the page's status says the law is no longer in force.
    pub fn is_repealed(&self) -> bool {
        self.status.contains("废止") || self.status.contains("失效")
    }
}

/// What a law name in the text refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A law page of this site (index into [`LawLibrary::laws`]).
    Page(usize),
    /// A law known only from the built-in dictionary (its full name).
    Known(&'static str),
}

/// Normalises a law name for lookup: no spaces, full-width parentheses.
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::library::unescape;
    use super::*;
    use serde_json::json;

    pub(crate) const CIVIL: &str = "## 第七编 侵权责任\n\n### 第一章 一般规定\n\n\
<a id=\"art-1164\"></a>**第一千一百六十四条** 本编调整因侵害民事权益产生的民事关系。\n\n\
<a id=\"art-1165\"></a>**第一千一百六十五条** 行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。\n\n\
依照法律规定推定行为人有过错，其不能证明自己没有过错的，应当承担侵权责任。\n\n\
## 附则\n\n**第一千二百六十条** 本法自2021年1月1日起施行。\n";

    pub(crate) const CRIMINAL: &str = "## 第一编 总则\n\n\
**第二十条** 为了使国家、公共利益……不负刑事责任。\n\n正当防卫明显超过必要限度……\n\n\
对正在进行行凶……不负刑事责任。\n\n\
**第一百三十三条** 违反交通运输管理法规……\n\n\
<a id=\"art-133-1\"></a>**第一百三十三条之一** 在道路上驾驶机动车……\n\n\
**第四百五十二条** 本法自1997年10月1日起施行。\n";

    pub(crate) fn sample() -> LawLibrary {
        let civil = json!({"law": {"name": "中华人民共和国民法典", "short_names": ["民法典"]}});
        // Amended since, but none of the articles the tests cite (`amended_articles`).
        let criminal = json!({"law": {"name": "中华人民共和国刑法", "status": "已被修改", "amended_articles": []}});
        let other = json!({"kind": "case"});
        let (lib, errs) = LawLibrary::from_pages([
            (&civil, CIVIL, "https://x.cn/laws/min-fa-dian/"),
            (&criminal, CRIMINAL, "https://x.cn/laws/xing-fa/"),
            (&other, "正文", "https://x.cn/a/"),
        ]);
        assert!(errs.is_empty());
        lib
    }

    #[test]
    fn library_from_pages() {
        let lib = sample();
        assert_eq!(lib.laws().len(), 2);
        let civil = lib.law("民法典").unwrap();
        assert_eq!(civil.name, "中华人民共和国民法典");
        assert_eq!(civil.last_number(), Some(1260));
        let a = civil.article(1165, None).unwrap();
        assert_eq!(
            &*a.text,
            "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。\n依照法律规定推定行为人有过错，其不能证明自己没有过错的，应当承担侵权责任。"
        );
        assert_eq!(a.headings, ["第七编 侵权责任", "第一章 一般规定"]);
        assert_eq!(civil.article(1260, None).unwrap().headings, ["附则"]);
        assert_eq!(
            civil.article_url(1165, None),
            "https://x.cn/laws/min-fa-dian/#art-1165"
        );
        let crim = lib.law("中华人民共和国刑法").unwrap();
        assert_eq!(crim.short(), "刑法");
        assert_eq!(crim.article(20, None).unwrap().text.lines().count(), 3);
        assert_eq!(
            crim.article(133, Some(1)).unwrap().label,
            "第一百三十三条之一"
        );
        assert_eq!(crim.last_number(), Some(452));
        assert!(!crim.is_repealed());
    }

    #[test]
    fn dictionary_names_without_pages() {
        let lib = LawLibrary::new();
        assert!(lib.is_empty());
        assert!(matches!(
            lib.lookup("合同法"),
            Some(Target::Known("中华人民共和国合同法"))
        ));
        assert!(matches!(
            lib.lookup("刑诉法"),
            Some(Target::Known("中华人民共和国刑事诉讼法"))
        ));
        let (n, _) = lib.name_at("刑事诉讼法第一条").unwrap();
        assert_eq!(n, "刑事诉讼法");
        assert!(lib.name_at("刑法学").is_some_and(|(n, _)| n == "刑法"));
        assert!(lib.name_at("法学").is_none());
    }

    #[test]
    fn missing_name_is_an_error() {
        let mut lib = LawLibrary::new();
        let e = lib
            .add_page(&json!({"law": {"status": "x"}}), "", "/laws/x/")
            .unwrap_err();
        assert!(e
            .to_string()
            .starts_with("/laws/x/：[extra.law] 里缺少 name"));
    }

    #[test]
    fn unescape_markdown() {
        assert_eq!(unescape(r"1\. 甲\*乙\\"), r"1. 甲*乙\");
    }
}
