//! The `pufa` command line: a thin layer over the library in `lib.rs`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use pufa::diagnostics::{display_path, Diagnostics};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use pufa::site::{self, BuildOptions};

/// A static site generator for legal-education (普法) sites, compatible with Zola.
#[derive(Parser, Debug)]
#[command(name = "pufa", version, about, long_about = None)]
pub struct Cli {
    /// Directory of the site (where config.toml is).
    #[arg(short, long, global = true, default_value = ".")]
    root: PathBuf,
    /// Config file to use instead of config.toml / zola.toml.
    #[arg(short, long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (default `public`).
    Build {
        /// Output folder.
        #[arg(short, long)]
        output_dir: Option<PathBuf>,
        /// Base URL to use instead of config's (e.g. https://portal.example.gov.cn/town/pufa).
        #[arg(short = 'u', long)]
        base_url: Option<String>,
        /// Include pages and sections marked as drafts.
        #[arg(long)]
        drafts: bool,
        /// Replace the output folder even if it does not look like a generated site.
        #[arg(short, long)]
        force: bool,
    },
    /// Build into memory, serve the site, rebuild on every change and reload the browser.
    Serve {
        /// Address to listen on (only this computer by default).
        #[arg(short, long, default_value = "127.0.0.1")]
        interface: IpAddr,
        /// Port to listen on.
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Base URL to use instead of the serve address.
        #[arg(short = 'u', long)]
        base_url: Option<String>,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the browser.
        #[arg(short = 'O', long)]
        open: bool,
        /// Check files for changes every second instead of waiting for file events
        /// (network drives, Wine; pufa switches by itself when no events arrive).
        #[arg(long)]
        poll: bool,
        /// Turn the browser editor (/_pufa/) on also when listening beyond this computer;
        /// its address with a one-time token is printed.
        #[arg(long)]
        edit: bool,
    },
    /// Check the site before publishing: broken links, personal data, missing parts …
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new site with the default theme and example articles.
    Init {
        /// Folder to create (must be empty or missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Create a new article: case, campaign, qa, lecture, board, list or notice.
    New {
        /// Kind of article.
        kind: String,
        /// Path under content/, e.g. cases/gao-kong-pao-wu (or just a name).
        path: String,
    },
    /// Convert a Word document (.docx) into a draft article with its images.
    Import {
        /// The .docx file.
        file: PathBuf,
        /// Kind of article (case, campaign, qa, lecture, board, list, notice).
        #[arg(short, long)]
        kind: Option<String>,
        /// Section folder under content/ (default: the kind's section).
        #[arg(short, long)]
        section: Option<String>,
    },
    /// Search the built site with the index its search page uses.
    Search {
        /// What to look for (words separated by spaces must all appear; questions, pinyin
        /// and everyday words are understood too).
        query: String,
        /// Print a JSON list of {url, title, excerpt, section, kind, score, anchor, match,
        /// found}; `match` is "exact" for pages containing the query as typed.
        #[arg(long)]
        json: bool,
        /// At most this many results (default: every result with --json, since scripts want
        /// all pages that match; the best 10 otherwise).
        #[arg(long)]
        limit: Option<usize>,
        /// The built site (default: the config's output folder).
        #[arg(short, long)]
        output_dir: Option<PathBuf>,
    },
    /// The law library.
    Laws {
        #[command(subcommand)]
        command: LawsCommand,
    },
}

#[derive(Subcommand, Debug)]
enum LawsCommand {
    /// Write laws into content/laws/: from the law text that comes with pufa
    /// (`pufa laws import 民法典 刑法`), or from an SQLite law database given first
    /// (`pufa laws import laws.db 民法典`).
    Import {
        /// Laws to import, by full or short name (民法典, 刑法 …); an SQLite database file
        /// (e.g. laws.db) may come first.
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// List the laws that come with pufa (those whose name contains WORD).
    List {
        /// A word of the law's name, e.g. 劳动 or 保护法.
        word: Option<String>,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn today() -> chrono::NaiveDate {
    pufa::site::markdown_pass::build_day()
}

fn main() -> ExitCode {
    // Templates may recurse (tree menus) and Tera has no depth limit: every thread that renders
    // gets a large stack, and `templates::recursion` stops runaway recursion before it is used
    // up. The reservation is virtual memory; only what recursion really touches is used.
    let stack = pufa::templates::recursion::STACK_SIZE;
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(stack)
        .build_global();
    match std::thread::Builder::new()
        .name("pufa".into())
        .stack_size(stack)
        .spawn(run)
    {
        Ok(t) => t.join().unwrap_or(ExitCode::from(101)),
        Err(_) => run(),
    }
}

fn run() -> ExitCode {
    pufa::init_logging();
    // Double-clicked in Explorer (Windows), pufa previews the site there instead.
    match pufa::desktop::launch() {
        pufa::desktop::Launch::Run {
            args,
            double_clicked,
        } => {
            let code = run_cli(args);
            if double_clicked && code != ExitCode::SUCCESS {
                pufa::desktop::wait_for_enter();
            }
            code
        }
        pufa::desktop::Launch::Exit(code) => {
            pufa::desktop::wait_for_enter();
            ExitCode::from(code)
        }
    }
}

fn run_cli(args: Vec<std::ffi::OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    // Building, serving or checking a folder that is no site is a usage error (exit code 2),
    // not a content error: say where pufa looked and what to run instead.
    if matches!(
        cli.command,
        Command::Build { .. } | Command::Serve { .. } | Command::Check { .. }
    ) {
        let path = pufa::config::Config::file_path(&cli.root, cli.config.as_deref());
        if !path.is_file() {
            eprintln!("{}", no_site_message(&path, cli.config.is_some()));
            return ExitCode::from(2);
        }
    }
    let build_opts = |output_dir, base_url, drafts, force| BuildOptions {
        root: cli.root.clone(),
        config_file: cli.config.clone(),
        output_dir,
        base_url,
        include_drafts: drafts,
        force,
    };
    match cli.command {
        Command::Build {
            ref output_dir,
            ref base_url,
            drafts,
            force,
        } => {
            let opts = build_opts(output_dir.clone(), base_url.clone(), drafts, force);
            let mut diags = Diagnostics::default();
            let summary = site::build(&opts, &mut diags);
            if let Some(note) = pufa::config::builtin_theme::notice() {
                eprintln!("{}", note.get(diags.lang()));
            }
            diags.print_to_stderr();
            match summary {
                Some(s) => {
                    eprintln!(
                        "{}",
                        diags.summary_line(s.pages, s.sections, s.files, s.seconds)
                    );
                    ExitCode::SUCCESS
                }
                None => ExitCode::from(diags.exit_code()),
            }
        }
        Command::Serve {
            interface,
            port,
            ref base_url,
            drafts,
            open,
            poll,
            edit,
        } => {
            let opts = pufa::serve::ServeOptions {
                build: build_opts(None, base_url.clone(), drafts, false),
                interface,
                port,
                open,
                poll,
                edit,
            };
            match pufa::serve::serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Check { format, drafts } => {
            let opts = build_opts(None, None, drafts, false);
            let diags = pufa::check::check(&opts, today());
            match format {
                Format::Text => {
                    // The report ends with the counts line; a clean run prints only that.
                    diags.print_to_stderr();
                    if diags.is_empty() {
                        eprintln!("{}", diags.counts_line());
                    }
                }
                Format::Json => println!("{}", pufa::check::to_json(&diags)),
            }
            ExitCode::from(diags.exit_code())
        }
        Command::Init { dir } => {
            match pufa::scaffold::init(&dir, &today().format("%Y-%m-%d").to_string()) {
                Ok(()) => {
                    eprintln!(
                        "已创建网站：{}\n已收录 {} 部常用法律（content/laws/）；pufa laws list 列出可以添加的其他法律。\n下一步：cd {} 然后运行 pufa serve 预览。",
                        display_path(&dir),
                        pufa::scaffold::INIT_LAWS.len(),
                        display_path(&dir)
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("错误：{e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::New { ref kind, ref path } => {
            let date = today().format("%Y-%m-%d").to_string();
            match pufa::scaffold::new_article(&cli.root, kind, path, &date) {
                Ok(file) => {
                    eprintln!(
                        "已创建：{}\n用记事本或 WPS 打开，按注释提示填写；写好后删除 draft = true 一行即可发布。",
                        display_path(&file)
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("错误：{e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Import {
            ref file,
            ref kind,
            ref section,
        } => {
            let opts = pufa::import::ImportOptions {
                root: cli.root.clone(),
                kind: kind.clone(),
                section: section.clone(),
                date: today().format("%Y-%m-%d").to_string(),
            };
            match pufa::import::import(file, &opts) {
                Ok(done) => {
                    eprintln!("已导入《{}》：{}", done.title, display_path(&done.file));
                    if !done.images.is_empty() {
                        eprintln!("图片 {} 张，已放在文章旁边。", done.images.len());
                    }
                    if done.undescribed_images > 0 {
                        eprintln!(
                            "有 {} 张图片没有说明文字，请把“{}”改成对图片的描述。",
                            done.undescribed_images,
                            pufa::import::ALT_PLACEHOLDER
                        );
                    }
                    eprintln!("文章是草稿：核对内容、运行 pufa check 后，删除 draft = true 一行即可发布。");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("错误：{e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Search {
            ref query,
            json,
            limit,
            ref output_dir,
        } => {
            let dir = match output_dir {
                Some(d) => d.clone(),
                None => {
                    let out = pufa::config::Config::load(&cli.root, cli.config.as_deref())
                        .map(|(c, _)| c.output_dir)
                        .unwrap_or_else(|_| "public".into());
                    cli.root.join(out)
                }
            };
            let filters = pufa::search::Filters::default();
            let limit = limit.unwrap_or(if json { usize::MAX } else { 10 });
            match pufa::search::query_dir_full(&dir, query, limit, &filters) {
                Ok(answer) => {
                    let hits = &answer.hits;
                    // A closed pipe (`| head`) is not an error worth a panic.
                    use std::io::Write;
                    let mut out = std::io::stdout().lock();
                    let link = |h: &pufa::search::Hit| match &h.anchor {
                        Some(a) => format!("{}#{a}", h.url),
                        None => h.url.clone(),
                    };
                    let _ = if json {
                        writeln!(
                            out,
                            "{}",
                            serde_json::to_string_pretty(hits).unwrap_or_default()
                        )
                    } else {
                        let mut notes = String::new();
                        if let Some(s) = &answer.suggestion {
                            notes.push_str(&format!("您是不是要找：{s}\n"));
                        }
                        if !answer.also.is_empty() && !hits.is_empty() {
                            notes.push_str(&format!("同时搜索了：{}\n", answer.also.join("、")));
                        }
                        if hits.is_empty() {
                            writeln!(out, "{notes}没有找到包含“{query}”的页面。")
                        } else {
                            write!(out, "{notes}").and_then(|()| {
                                hits.iter().try_for_each(|h| {
                                    writeln!(out, "{}\n  {}\n  {}\n", h.title, link(h), h.excerpt)
                                })
                            })
                        }
                    };
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!(
                        "错误：{e}\n（请先运行 pufa build 生成网站，或用 -o 指定生成的网站文件夹）"
                    );
                    ExitCode::from(1)
                }
            }
        }
        Command::Laws {
            command: LawsCommand::List { ref word },
        } => match pufa::law::bundled::catalogue() {
            Ok(laws) => {
                use std::io::Write;
                let found = pufa::law::bundled::matching(&laws, word.as_deref());
                let mut out = std::io::stdout().lock();
                for (short, l) in &found {
                    let _ = writeln!(
                        out,
                        "{short}\t{}\t{}\t{}版",
                        l.name, l.status, l.version_date
                    );
                }
                let _ = match (found.first(), word) {
                    (None, Some(w)) => writeln!(
                        out,
                        "没有名称包含“{w}”的法律。运行 pufa laws list 查看全部 {} 部。",
                        laws.len()
                    ),
                    (Some((short, _)), _) => {
                        writeln!(out, "共 {} 部。导入：pufa laws import {short}", found.len())
                    }
                    (None, None) => Ok(()),
                };
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("错误：{e}");
                ExitCode::from(1)
            }
        },
        Command::Laws {
            command: LawsCommand::Import { ref names },
        } => match laws_import(names, &cli.root) {
            Ok(files) => {
                for f in &files {
                    eprintln!("已写入 {}", display_path(f));
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("错误：{e}");
                ExitCode::from(1)
            }
        },
    }
}

/// `pufa laws import [DB] NAME …`: from the database file when the first argument is one
/// (an existing file, or a name ending in `.db`/`.sqlite`), else from the bundled law text.
fn laws_import(
    args: &[String],
    root: &std::path::Path,
) -> Result<Vec<PathBuf>, pufa::law::LawError> {
    let first = args.first().map(String::as_str).unwrap_or_default();
    let lower = first.to_ascii_lowercase();
    let is_db = std::path::Path::new(first).is_file()
        || [".db", ".sqlite", ".sqlite3"]
            .iter()
            .any(|e| lower.ends_with(e));
    if is_db {
        pufa::law::import::import(std::path::Path::new(first), &args[1..], root)
    } else {
        pufa::law::import::import_bundled(args, root)
    }
}

/// What to say when there is no config file where pufa looked (in Chinese, then English: the
/// site's language is in the file that is missing).
fn no_site_message(path: &std::path::Path, given: bool) -> String {
    let shown = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let shown = display_path(&shown);
    if given {
        format!(
            "错误: 找不到配置文件 {shown}\n  提示: 请检查 --config 后面的文件名。\n\
             error: config file {shown} not found\n  hint: check the file name after --config."
        )
    } else {
        format!(
            "错误: 这里不是网站文件夹：找不到 {shown}\n  \
             提示: 请在网站文件夹（有 config.toml 的那个文件夹）里运行，或用 --root 指定网站文件夹；\
             要新建网站，请运行 pufa init 文件夹名。\n\
             error: not a site folder: {shown} not found\n  \
             hint: run pufa inside the site folder (the one with config.toml) or pass --root; \
             to create a new site, run `pufa init NAME`."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
