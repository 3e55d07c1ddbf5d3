//! `pufa laws list|import`: the laws that come with pufa, and writing laws into content/laws/.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use pufa::diagnostics::display_path;

use super::Global;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: LawsCommand,
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

pub(crate) fn run(args: Args, global: &Global) -> ExitCode {
    match args.command {
        LawsCommand::List { word } => list(word.as_deref()),
        LawsCommand::Import { names } => match laws_import(&names, &global.root) {
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

/// `pufa laws list [WORD]`.
fn list(word: Option<&str>) -> ExitCode {
    match pufa::law::bundled::catalogue() {
        Ok(laws) => {
            let found = pufa::law::bundled::matching(&laws, word);
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
    }
}

/// `pufa laws import [DB] NAME …`: from the database file when the first argument is one
/// (an existing file, or a name ending in `.db`/`.sqlite`), else from the bundled law text.
fn laws_import(args: &[String], root: &Path) -> Result<Vec<PathBuf>, pufa::law::LawError> {
    let first = args.first().map(String::as_str).unwrap_or_default();
    let lower = first.to_ascii_lowercase();
    let is_db = Path::new(first).is_file()
        || [".db", ".sqlite", ".sqlite3"]
            .iter()
            .any(|e| lower.ends_with(e));
    if is_db {
        pufa::law::import::import(Path::new(first), &args[1..], root)
    } else {
        pufa::law::import::import_bundled(args, root)
    }
}
