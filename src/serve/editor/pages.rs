//! The editor's pages: the list of articles (broken and unpublished first), the form for a new
//! article, and the whole file of one article in a text area; each beside its live preview.

use std::path::Path;
use std::sync::Arc;

use hyper::{Response, StatusCode};

use super::super::state::Body;
use super::assets::{page, IMPORT_JS, PREVIEW_JS};
use super::files::{is_draft, version};
use super::{plain, query_enc, Editor, Form};
use crate::article_kind::ArticleKind;
use crate::html::escape as escape_html;
use crate::scaffold;
use crate::site::Site;

impl Editor {
    /// `/_pufa/`: every article, broken ones first, then drafts and pages not yet
    /// published, then the rest; by section.
    pub(super) fn list_page(&self, site: Option<Arc<Site>>, query: &Form) -> Response<Body> {
        let Some(site) = site else {
            return page(
                "文章",
                "<p>网站还没有成功生成过，请先按终端里的提示改正错误。</p>",
            );
        };
        let mut rows = list_articles(&site);
        rows.sort_by(|a, b| {
            (a.rank, &a.section, std::cmp::Reverse(&a.date), &a.rel).cmp(&(
                b.rank,
                &b.section,
                std::cmp::Reverse(&b.date),
                &b.rel,
            ))
        });
        let mut html = String::new();
        if let Some(deleted) = query.get("deleted") {
            html.push_str(&format!(
                "<p class=\"ok\" role=\"status\">已移到 .pufa-trash 文件夹：<code>{}</code></p>",
                escape_html(deleted)
            ));
        }
        if let Some(saved) = query.get("saved") {
            html.push_str(&format!(
                "<p class=\"ok\" role=\"status\">已保存：<code>{}</code>（草稿，不会发布）</p>",
                escape_html(saved)
            ));
        }
        let kept = self.kept_list();
        if !kept.is_empty() {
            html.push_str("<section class=\"kept\"><h2>有没保存的内容</h2><ul>");
            for (href, what) in &kept {
                html.push_str(&format!(
                    "<li><a class=\"button\" href=\"{}\">打开并恢复：{}</a></li>",
                    escape_html(href),
                    escape_html(what)
                ));
            }
            html.push_str("</ul></section>");
        }
        html.push_str("<p class=\"new\">写新文章：");
        for kind in ArticleKind::ALL {
            html.push_str(&format!(
                "<a class=\"button\" href=\"/_pufa/new?kind={kind}\">{}</a> ",
                kind.name_zh()
            ));
        }
        html.push_str(&format!(
            "</p><section id=\"drop\" class=\"drop\"><h2>导入文章</h2>\
             <p>Word 文档（.docx），或在浏览器里保存的公众号文章：另存为“网页，单个文件”（.mhtml）；\
             或者把保存的 .html 文件和同名的 _files 文件夹<strong>一起拖到这个框里</strong>（也可以先把两者压缩成 .zip 再选择）。\
             导入后是草稿，不会发布。</p>\
             <p><label class=\"row\">文章类型 <select id=\"import-kind\">{}</select></label> \
             <label class=\"row\">选择文件 <input type=\"file\" id=\"import\" accept=\".docx,.mhtml,.mht,.zip,.html,.htm\"></label></p>\
             <p id=\"import-status\" role=\"status\"></p>\
             <input type=\"hidden\" id=\"token\" value=\"{}\"></section><script>{IMPORT_JS}</script>",
            ArticleKind::ALL
                .iter()
                .map(|k| format!("<option value=\"{k}\">{}</option>", k.name_zh()))
                .collect::<String>(),
            self.token
        ));
        html.push_str("<table><thead><tr><th>状态</th><th>栏目</th><th>标题</th><th>日期</th><th>文件</th></tr></thead><tbody>");
        for r in &rows {
            let status = match r.rank {
                0 => "<span class=\"bad\">有错误</span>",
                1 => "<span class=\"draft\">草稿</span>",
                _ => "已发布",
            };
            let view = match &r.url {
                Some(u) => format!(" <a href=\"{}\">查看</a>", escape_html(u)),
                None => String::new(),
            };
            let title = format!(
                "<a href=\"/_pufa/edit?path={}\">{}</a>{view}",
                query_enc(&r.rel),
                escape_html(&r.title)
            );
            let problem = r
                .problem
                .as_ref()
                .map(|p| format!("<pre class=\"problem\">{}</pre>", escape_html(p)))
                .unwrap_or_default();
            html.push_str(&format!(
                "<tr class=\"rank{}\"><td>{status}</td><td>{}</td><td>{title}{problem}</td><td>{}</td><td><code>{}</code></td></tr>",
                r.rank,
                escape_html(&r.section),
                escape_html(&r.date),
                escape_html(&r.rel)
            ));
        }
        html.push_str("</tbody></table>");
        page("文章一览", &html)
    }

    /// `/_pufa/new?kind=case`: the form for a new article, with its live preview.
    pub(super) fn new_page(&self, site: Option<Arc<Site>>, query: &Form) -> Response<Body> {
        let kind = query.get("kind").map(String::as_str).unwrap_or("case");
        let Some(kind) = ArticleKind::from_name(kind) else {
            return plain(StatusCode::NOT_FOUND, "没有这种文章类型".into());
        };
        let today = chrono::Local::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string();
        let template = scaffold::article(kind, "", &today);
        let body = template.splitn(3, "+++\n").nth(2).unwrap_or("").to_string();
        let mut taxonomy_fields = String::new();
        if let Some(site) = &site {
            let mut seen = Vec::new();
            for t in &site.config.taxonomies {
                if seen.contains(&t.name) {
                    continue;
                }
                seen.push(t.name.clone());
                let terms: Vec<String> = site
                    .library
                    .taxonomies
                    .iter()
                    .filter(|x| x.kind.name == t.name)
                    .flat_map(|x| x.items.iter().map(|i| i.name.clone()))
                    .collect();
                let list_id = format!("terms-{}", escape_html(&t.name));
                let options: String = terms
                    .iter()
                    .map(|n| format!("<option value=\"{}\">", escape_html(n)))
                    .collect();
                taxonomy_fields.push_str(&format!(
                    "<label>{name}（多个用顿号或逗号隔开）<input name=\"{name}\" list=\"{list_id}\"></label>\
                     <datalist id=\"{list_id}\">{options}</datalist>",
                    name = escape_html(&t.name)
                ));
            }
        }
        let html = format!(
            "{kept}<div class=\"split\"><form method=\"post\" action=\"/_pufa/new\" id=\"editor\">\
             <input type=\"hidden\" name=\"token\" value=\"{token}\">\
             <input type=\"hidden\" name=\"kind\" value=\"{kind}\">\
             <label>标题<input name=\"title\" required></label>\
             <label>日期<input name=\"date\" type=\"date\" value=\"{today}\"></label>\
             <label>摘要<input name=\"description\"></label>\
             {taxonomy_fields}\
             <label for=\"area\">正文（右边的提示对着有问题的那一行）</label>\
             <div class=\"lined\"><textarea id=\"area\" name=\"body\" rows=\"24\">{body}</textarea>\
             <div class=\"notes\" aria-hidden=\"true\"></div></div>\
             <p><button type=\"submit\">保存为草稿</button> <span id=\"autosave-status\" role=\"status\"></span></p>\
             </form>\
             <section class=\"preview\"><h2>预览</h2><p id=\"preview-status\" role=\"status\"></p>\
             <h3 id=\"findings-title\">检查结果</h3><ol id=\"findings\" aria-labelledby=\"findings-title\"></ol>\
             <iframe id=\"preview\" title=\"预览\"></iframe></section></div>\
             <script>{script}</script>",
            token = self.token,
            body = escape_html(&body),
            script = PREVIEW_JS,
            kept = self.kept_banner(&self.new_autosave(kind), None),
        );
        page(&format!("新{}", kind.name_zh()), &html)
    }

    /// `/_pufa/edit?path=content/…md`: the whole file in a text area, with its preview.
    pub(super) fn edit_page(&self, query: &Form) -> Response<Body> {
        let rel = query.get("path").cloned().unwrap_or_default();
        let path = match self.article_path(&rel) {
            Ok(p) => p,
            Err(e) => return plain(StatusCode::BAD_REQUEST, e),
        };
        let Ok(bytes) = std::fs::read(&path) else {
            return plain(StatusCode::NOT_FOUND, format!("找不到 {rel}"));
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut saved = if query.contains_key("saved") {
            "<p class=\"ok\" role=\"status\">已保存。</p>".to_string()
        } else {
            String::new()
        };
        if let Some(n) = query.get("missing").and_then(|n| n.parse::<usize>().ok()) {
            saved.push_str(&format!(
                "<p class=\"kept\" role=\"status\">导入了文字，但有 {n} 张图片没有找到：只选了网页文件？\
                 请把网页和它旁边的 _files 文件夹一起拖进导入框，或在浏览器里另存为“网页，单个文件”（.mhtml）再导入。</p>"
            ));
        }
        let draft = is_draft(&text);
        let publish = if draft {
            format!(
                "<form method=\"post\" action=\"/_pufa/publish\" class=\"inline\">{hidden}\
                 <button type=\"submit\">发布（去掉草稿标记）</button></form>",
                hidden = self.hidden(&rel, &bytes)
            )
        } else {
            String::new()
        };
        let html = format!(
            "{saved}{kept}<p><code>{rel_html}</code>{state}</p>\
             <div class=\"split\"><form method=\"post\" action=\"/_pufa/save\" id=\"editor\">{hidden}\
             <label for=\"area\">全文（头部 +++ 之间是标题、日期等设置；右边的提示对着有问题的那一行）</label>\
             <div class=\"lined\"><textarea id=\"area\" name=\"text\" rows=\"30\">{text}</textarea>\
             <div class=\"notes\" aria-hidden=\"true\"></div></div>\
             <p><button type=\"submit\">保存</button> <span id=\"autosave-status\" role=\"status\"></span></p></form>\
             <section class=\"preview\"><h2>预览</h2><p id=\"preview-status\" role=\"status\"></p>\
             <h3 id=\"findings-title\">检查结果</h3><ol id=\"findings\" aria-labelledby=\"findings-title\"></ol>\
             <iframe id=\"preview\" title=\"预览\"></iframe></section></div>\
             {publish}\
             <form method=\"post\" action=\"/_pufa/delete\" class=\"inline\">{hidden}\
             <button type=\"submit\">删除（移到网站的 .pufa-trash 文件夹）</button></form>\
             <script>{script}</script>",
            rel_html = escape_html(&rel),
            state = if draft { "（草稿，不会发布）" } else { "" },
            hidden = self.hidden(&rel, &bytes),
            kept = self.kept_banner(&self.edit_autosave(&path), Some(&text)),
            text = escape_html(&text),
            script = PREVIEW_JS,
        );
        page("修改文章", &html)
    }

    /// The hidden fields of a form about one file: token, path, and the version it was
    /// opened at (so a save can tell that the file changed on disk since).
    pub(super) fn hidden(&self, rel: &str, bytes: &[u8]) -> String {
        format!(
            "<input type=\"hidden\" name=\"token\" value=\"{}\">\
             <input type=\"hidden\" name=\"path\" value=\"{}\">\
             <input type=\"hidden\" name=\"base\" value=\"{}\">",
            self.token,
            escape_html(rel),
            version(bytes)
        )
    }
}

/// One article in the list.
struct Row {
    /// 0 broken, 1 draft, 2 published.
    rank: u8,
    section: String,
    title: String,
    date: String,
    rel: String,
    url: Option<String>,
    problem: Option<String>,
}

/// Every page file under `content/`, read as the build reads it.
fn list_articles(site: &Site) -> Vec<Row> {
    let content = site.root.join("content");
    let opts = site.config.source_options();
    let today = chrono::Local::now().date_naive();
    let mut rows = Vec::new();
    for entry in walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || !name.ends_with(".md") || name.starts_with('_') {
            continue;
        }
        let rel = path
            .strip_prefix(&site.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        // A bundle (`folder/index.md`) belongs to the section above its folder.
        let folder = if name == "index.md" {
            path.parent().and_then(Path::parent)
        } else {
            path.parent()
        };
        let section = folder
            .and_then(|p| p.strip_prefix(&content).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let url = site
            .library
            .pages
            .iter()
            .find(|p| p.file.path == path)
            .map(|p| p.path.clone());
        match crate::source::load_page_file(path, &content, &opts) {
            Ok((src, _)) => {
                let rank = if src.meta.draft || url.is_none() {
                    1
                } else {
                    2
                };
                let title = src.meta.title.clone().unwrap_or_else(|| name.to_string());
                let date = src.meta.date.clone().unwrap_or_default();
                // What `pufa check` finds in the article's own text.
                let page = crate::content::make_page(src, &site.config);
                let mut findings = crate::diagnostics::Diagnostics::default();
                findings.set_lang(crate::diagnostics::Lang::for_site(site.config.path()));
                crate::check::check_page(&site.root, &page, today, &mut findings);
                rows.push(Row {
                    rank,
                    section,
                    title,
                    date,
                    rel,
                    url,
                    problem: (!findings.is_empty()).then(|| findings.render_plain()),
                })
            }
            Err(errors) => {
                let mut d = crate::diagnostics::Diagnostics::default();
                d.set_lang(crate::diagnostics::Lang::for_site(site.config.path()));
                d.extend(errors);
                rows.push(Row {
                    rank: 0,
                    section,
                    title: name.to_string(),
                    date: String::new(),
                    rel,
                    url,
                    problem: Some(d.render_plain()),
                })
            }
        }
    }
    rows
}
