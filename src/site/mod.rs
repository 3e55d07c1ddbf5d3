//! The whole pipeline, one stage after another:
//! config → source files → library → Markdown → templates → output.
//!
//! Each stage returns a value and the diagnostics it found; a stage that found errors stops
//! the build after reporting all of them. `build` writes to disk through a staging folder;
//! `build_in_memory` keeps every file in memory for `serve` and `check`.

pub mod bodies;
mod build;
pub mod laws;
pub mod search_files;
mod static_files;
pub mod template_fns;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tracing::info_span;

use crate::config::Config;
use crate::content::ser::PageValues;
use crate::content::{build_library, Library, LibraryInput};
use crate::diagnostics::{Diagnostic, Diagnostics, Msg};
use crate::output::{Deferred, MemoryOutput, Output};
use crate::render::claims::{self, Claimed};
use crate::render::{render_site, RenderEnv};
use crate::templates::{self, Templates};

use self::build::spill_file;
pub use self::build::{build, Progress};

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub config_file: Option<PathBuf>,
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub include_drafts: bool,
    pub force: bool,
}

/// A file made before rendering: its path in the output and its bytes.
pub type OutputFile = (String, Vec<u8>);

/// A loaded site: config, templates and the frozen library, ready to render.
pub struct Site {
    pub root: PathBuf,
    pub config: Arc<Config>,
    pub templates: Templates,
    pub library: Arc<Library>,
    pub values: Arc<PageValues>,
    pub image_processor: Arc<crate::templates::fns::ImageProcessor>,
    /// The law library built from the site's law pages (empty without `content/laws/`).
    pub laws: Arc<crate::law::LawLibrary>,
    /// Files made before rendering (compiled Sass).
    pub generated: Option<Arc<static_files::Generated>>,
    /// Zola's search index files, made before rendering as Zola makes them.
    pub zola_search: Option<Arc<Vec<OutputFile>>>,
}

/// What a finished build reports.
#[derive(Debug, Default)]
pub struct BuildSummary {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub seconds: f64,
}

/// Loads everything up to rendering. Diagnostics include warnings even on success.
pub fn load(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Site> {
    load_with(opts, diags, false, None)
}

/// Called by [`load_with`] once the library is built, before Markdown renders: the build
/// opens its output there and starts making the pages' folders.
pub(crate) type LibraryHook<'a> = &'a mut dyn FnMut(&Path, &Arc<Config>, &Library);

/// [`load`]; `lean` for a build that renders once to disk: Markdown sources are dropped once
/// rendered and page bodies are kept in a file beside the output instead of in memory
/// (see `content/spill.rs`), so memory does not grow with the site's text. `library_built`
/// is called once the library is (see [`LibraryHook`]).
fn load_with(
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    lean: bool,
    library_built: Option<LibraryHook>,
) -> Option<Site> {
    let root = opts.root.clone();
    diags.set_root(&root);
    diags.set_lang(crate::diagnostics::Lang::for_site(
        &crate::config::Config::file_path(&root, opts.config_file.as_deref()),
    ));
    let _span = info_span!("load").entered();

    let mut config = Config::load(&root, opts.config_file.as_deref(), diags)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url);
    }
    config.extra = crate::content::sort_keys(std::mem::take(&mut config.extra));
    if let Some(h) = &config.markdown.highlighting {
        let dir = config.path().parent().unwrap_or(&root).to_path_buf();
        for (file, why) in
            crate::markdown::highlight::load_extras(&dir, &h.extra_grammars, &h.extra_themes)
        {
            let shown = file
                .strip_prefix(&dir)
                .unwrap_or(&file)
                .display()
                .to_string();
            diags.push(Diagnostic::warning(
                config.path(),
                0,
                0,
                Msg::new(
                    format!("额外的语法或主题文件 `{shown}` 没有加载：{}", why.zh),
                    format!("the extra grammar or theme `{shown}` was not loaded: {}", why.en),
                ),
            )
            .with_hint(Msg::new(
                "用它的代码块会按纯文本显示。请检查文件名和文件内容（JSON 格式的 TextMate 语法或 VS Code 主题）。",
                "Code blocks in its language are shown as plain text. Check the file name and its content (a JSON TextMate grammar or VS Code theme).",
            )));
        }
    } else {
        crate::markdown::highlight::load_extras(&root, &[], &[]);
    }
    let config = Arc::new(config);

    let templates = info_span!("templates")
        .in_scope(|| templates::load(&root, config.theme.as_deref(), diags))?;

    let content_dir = root.join("content");
    let spill = lean
        .then(|| spill_file(opts, &root, &config))
        .flatten()
        .map(Arc::new);
    let (sources, source_diags) = {
        let _s = info_span!("source").entered();
        // A lean build moves each page's source to the spill file as soon as it is read.
        let to_spill = |p: &mut crate::source::SourcePage| {
            let Some(s) = &spill else { return };
            let stats = crate::content::reading_analytics(&p.body);
            if let Some(at) = s.put(&p.body) {
                p.body = String::new();
                p.body_spilled = Some((at, stats));
            }
        };
        // Kept apart: the "under [extra]" warnings are folded below with what the templates read.
        let mut found = Diagnostics::default();
        let sources = crate::source::load_with(
            &content_dir,
            &config.source_options(),
            Some(&to_spill),
            &mut found,
        );
        (sources, found)
    };
    // Files whose front matter failed are left out, but the library is still built from the
    // others, so that its errors (a `path` out of the site, two pages at one address) are
    // reported in the same run. Markdown is not rendered then: its links to the broken files
    // would fail for no fault of their own.
    diags.extend(collapse_extra_slips(source_diags.into_vec(), &templates));
    let source_list =
        crate::content::unpublished::SourceList::new(&sources.pages, &sources.sections);

    let input = LibraryInput {
        config: &config,
        content_dir: &content_dir,
        pages: sources.pages,
        sections: sources.sections,
        include_drafts: opts.include_drafts,
    };
    let mut library = info_span!("library").in_scope(|| build_library(input, diags));
    library.spill = spill;
    diags.set_unpublished(source_list.unpublished(&library, opts.include_drafts));
    if diags.has_errors() {
        return None;
    }
    if let Some(hook) = library_built {
        hook(&root, &config, &library);
    }

    let mut templates = templates;
    templates.feed_section_pages_used =
        crate::templates::usage::feed_section_pages_read(&templates.tera, &feed_names(&config));
    let mut generated =
        info_span!("sass").in_scope(|| static_files::compile_sass(&root, &config, diags));
    if generated.is_none() && config.build_search_index {
        // A place for the search index, which templates may look up with `get_url`.
        generated = static_files::Generated::empty();
    }
    let generated = generated.map(Arc::new);
    let mut site_files = crate::templates::fns::SiteFiles::new(
        &root,
        config.theme.as_deref(),
        Path::new(&config.output_dir),
    );
    if let Some(g) = &generated {
        site_files = site_files.with_generated(g.dir());
    }
    site_files = site_files.with_assets(Arc::new(asset_index(&library, &config)));
    let image_processor = Arc::new(crate::templates::fns::ImageProcessor::new(
        site_files.clone(),
        &config.base_url,
    ));
    template_fns::register_early_functions(
        &mut templates.tera,
        site_files,
        &config,
        &library,
        &image_processor,
    );
    let laws = laws::law_library(&library, &root, diags);
    let spill = library.spill.clone();
    info_span!("markdown").in_scope(|| {
        bodies::render_all(
            &mut library,
            &templates,
            &config,
            &root,
            &laws,
            spill,
            diags,
        )
    });
    if diags.has_errors() {
        return None;
    }
    library.fill_backlinks();
    if lean {
        // Read only for the backlinks (and by `check`, which does not build lean).
        for p in &mut library.pages {
            if let Some(r) = Arc::get_mut(&mut p.rendered) {
                r.internal_links = Vec::new();
                r.external_links = Vec::new();
            }
        }
    }
    let zola_search = info_span!("search")
        .in_scope(|| zola_search(&library, &config, generated.as_deref(), diags));
    let library = Arc::new(library);
    let values = info_span!("serialise").in_scope(|| page_values(&config, &templates, &library));
    template_fns::register_library_functions(&mut templates.tera, &config, &library, &values);
    Some(Site {
        root,
        config,
        templates,
        library,
        values,
        image_processor,
        laws: Arc::new(laws),
        generated,
        zola_search,
    })
}

/// Zola's search index files, written where templates' `get_url` finds them too.
fn zola_search(
    library: &Library,
    config: &Config,
    generated: Option<&static_files::Generated>,
    diags: &mut Diagnostics,
) -> Option<Arc<Vec<OutputFile>>> {
    let files = search_files::zola_search_files(library, config, diags);
    if let Some(g) = generated {
        for (rel, bytes) in &files {
            let _ = std::fs::write(g.dir().join(rel), bytes);
        }
    }
    (!files.is_empty()).then(|| Arc::new(files))
}

/// The feed file names of the site, in every language. Zola's two built-in feed templates
/// are feeds whatever the config names.
fn feed_names(config: &Config) -> Vec<String> {
    let mut feeds = vec!["atom.xml".to_string(), "rss.xml".to_string()];
    feeds.extend(
        config
            .feed_filenames_for(&config.default_language)
            .iter()
            .cloned(),
    );
    for l in config.other_language_codes() {
        feeds.extend(config.feed_filenames_for(&l).iter().cloned());
    }
    feeds
}

/// Every page serialised once for the templates, with only the fields they read from listed
/// pages.
fn page_values(config: &Config, templates: &Templates, library: &Library) -> Arc<PageValues> {
    let feeds = feed_names(config);
    let fields = crate::templates::usage::listed_fields(&templates.tera, &feeds);
    tracing::debug!(?fields, "fields read from listed pages");
    Arc::new(PageValues::build(library, fields))
}

impl Site {
    /// Renders every file of the site into `out`. What it finds goes to `diags`; `None` when
    /// there were errors.
    pub fn render(
        &self,
        out: &dyn Output,
        html_hook: Option<&(dyn Fn(String) -> String + Sync)>,
        diags: &mut Diagnostics,
    ) -> Option<()> {
        if !out.deferrable() {
            return self.render_with(out, None, html_hook, diags);
        }
        // On disk, writer threads write while the rendering threads go on (see
        // `output::Deferred`), as many as render.
        let errors = std::sync::Mutex::new(Vec::new());
        std::thread::scope(|s| {
            let writers = rayon::current_num_threads().max(2);
            let deferred = Deferred::start(s, out, writers, &errors);
            self.render_with(&deferred, Some(&deferred), html_hook, diags)
        })
    }

    fn render_with(
        &self,
        out: &dyn Output,
        deferred: Option<&Deferred>,
        html_hook: Option<&(dyn Fn(String) -> String + Sync)>,
        diags: &mut Diagnostics,
    ) -> Option<()> {
        let _span = info_span!("render").entered();
        let mut env = RenderEnv::new(
            &self.config,
            &self.library,
            &self.values,
            &self.templates.tera,
            self.templates.theme.as_deref(),
            out,
        );
        env.html_hook = html_hook;
        env.term_pages_used = self.templates.term_pages_used;
        env.terms_pages_used = self.templates.terms_pages_used;
        env.paged_term_pages_used = self.templates.paged_term_pages_used;
        env.feed_section_pages_used = self.templates.feed_section_pages_used;
        let mut errors = Vec::new();
        info_span!("templates").in_scope(|| errors.extend(render_site(&env)));
        let claimed = |source: &'static str| Claimed {
            inner: out,
            claims: &env.claims,
            source: Path::new(source),
        };
        errors.extend(
            info_span!("static")
                .in_scope(|| static_files::write_static(self, &claimed(claims::STATIC))),
        );
        errors.extend(
            info_span!("search")
                .in_scope(|| search_files::write_search(self, &claimed(claims::SEARCH))),
        );
        let images = claimed(claims::IMAGES);
        let image_errors = self
            .image_processor
            .process_all(&|rel, bytes| images.write(rel, bytes));
        errors.extend(image_errors.into_iter().map(|e| {
            Diagnostic::error(
                &e.path,
                0,
                0,
                Msg::new(
                    format!("图片处理失败：{}", e.message),
                    format!("image processing failed: {}", e.message),
                ),
            )
        }));
        if let Some(d) = deferred {
            let _s = info_span!("writes").entered();
            errors.extend(d.finish().into_iter().map(|w| {
                let source = w.from.or_else(|| env.claims.source_of(&w.rel));
                match source {
                    // Files without a source file of their own (search index, images) are
                    // named by their output path, as when written in place.
                    Some(s) if !claims::is_pseudo_source(&s) => Diagnostic::from_io(s, &w.error),
                    _ => Diagnostic::from_io(&w.rel, &w.error),
                }
            }));
        }
        errors.extend(
            env.claims
                .errors(&self.root, self.config.path(), &self.library),
        );
        if self.library.spill.as_ref().is_some_and(|s| s.failed()) {
            errors.push(Diagnostic::error(
                &self.root,
                0,
                0,
                Msg::new(
                    "生成网站时读不回 pufa 自己的临时文件（可能是磁盘出错或被其他程序占用），网站没有更新",
                    "a page body could not be read back from pufa's temporary file (a disk error?); the site was not updated",
                ),
            )
            .with_hint(Msg::new(
                "原来的网站保持不变。请检查网站所在磁盘是否正常、空间是否足够，然后重新运行 pufa build。",
                "The previous site is kept. Check the disk the site is on, and its free space, then run pufa build again.",
            )));
        }
        let failed = errors.iter().any(Diagnostic::is_error);
        diags.extend(errors);
        (!failed).then_some(())
    }
}

/// Builds into memory (for `serve` and `check`).
pub fn build_in_memory(
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    html_hook: Option<&(dyn Fn(String) -> String + Sync)>,
) -> Option<(Site, MemoryOutput)> {
    let site = load(opts, diags)?;
    let out = MemoryOutput::default();
    site.render(&out, html_hook, diags)?;
    Some((site, out))
}

/// "`updated` is under [extra]" warnings: none for a key the templates read as `extra.KEY`
/// (the placement is meant), and one for each other key, naming how many more files have it.
fn collapse_extra_slips(diags: Vec<Diagnostic>, templates: &Templates) -> Vec<Diagnostic> {
    let key_of = |d: &Diagnostic| -> Option<String> {
        if d.is_error() {
            return None;
        }
        let rest = d.message.en.strip_prefix('`')?;
        let (key, tail) = rest.split_once('`')?;
        tail.starts_with(" is under [extra], so it is not the page's")
            .then(|| key.to_string())
    };
    let mut out = Vec::with_capacity(diags.len());
    let mut slips: std::collections::BTreeMap<String, Vec<Diagnostic>> = Default::default();
    for d in diags {
        match key_of(&d) {
            Some(k) if templates.extra_keys_read.contains(&k) => {}
            Some(k) => slips.entry(k).or_default().push(d),
            None => out.push(d),
        }
    }
    for (_, mut list) in slips {
        list.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        let more = list.len() - 1;
        let mut first = list.swap_remove(0);
        if more > 0 {
            first
                .message
                .zh
                .push_str(&format!("（另有 {more} 个文件也是这样）"));
            first
                .message
                .en
                .push_str(&format!(" (and in {more} more files)"));
        }
        out.push(first);
    }
    out
}

/// Colocated assets by their output path, as `render` copies them.
fn asset_index(lib: &Library, config: &Config) -> std::collections::HashMap<String, PathBuf> {
    let mut map = std::collections::HashMap::new();
    let mut add = |assets: &[PathBuf], md: &Path, dir: String| {
        let Some(parent) = md.parent() else { return };
        for a in assets {
            if let Ok(rel) = a.strip_prefix(parent) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                let key = if dir.is_empty() {
                    rel
                } else {
                    format!("{dir}/{rel}")
                };
                map.insert(key, a.clone());
            }
        }
    };
    for p in &lib.pages {
        add(
            &p.assets,
            &p.file.path,
            p.path.trim_matches('/').to_string(),
        );
    }
    for s in &lib.sections {
        let mut parts: Vec<&str> = Vec::new();
        if s.lang != config.default_language {
            parts.push(&s.lang);
        }
        parts.extend(s.file.components.iter().map(String::as_str));
        add(&s.assets, &s.file.path, parts.join("/"));
    }
    map
}
