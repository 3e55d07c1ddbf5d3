//! `pufa search`: the built site searched with the index its search page uses.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::Global;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
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
}

pub(crate) fn run(args: Args, global: &Global) -> ExitCode {
    let Args {
        query,
        json,
        limit,
        output_dir,
    } = args;
    let dir = match output_dir {
        Some(d) => d,
        None => {
            let quiet = &mut pufa::diagnostics::Diagnostics::default();
            let out = pufa::config::Config::load(&global.root, global.config.as_deref(), quiet)
                .map_or_else(|| "public".into(), |c| c.output_dir);
            global.root.join(out)
        }
    };
    let filters = pufa::search::Filters::default();
    let limit = limit.unwrap_or(if json { usize::MAX } else { 10 });
    match pufa::search::query_dir_full(&dir, &query, limit, &filters) {
        Ok(answer) => {
            let hits = &answer.hits;
            // A closed pipe (`| head`) is not an error worth a panic.
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
                if pufa::search::capped(&query).len() < query.len() {
                    notes.push_str(&format!(
                        "问题太长，只按前 {} 个字搜索。\n",
                        pufa::search::QUERY_MAX_CHARS
                    ));
                }
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
            eprintln!("错误：{e}\n（请先运行 pufa build 生成网站，或用 -o 指定生成的网站文件夹）");
            ExitCode::from(1)
        }
    }
}
