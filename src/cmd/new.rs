//! `pufa new`: a new draft article of one kind, with its parts to fill in.

use std::process::ExitCode;

use pufa::article_kind::ArticleKind;
use pufa::diagnostics::display_path;

use super::{today, Global};

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Kind of article.
    kind: String,
    /// Path under content/, e.g. cases/gao-kong-pao-wu (or just a name).
    path: String,
}

pub(crate) fn run(args: Args, global: &Global) -> ExitCode {
    let kind = match args.kind.parse::<ArticleKind>() {
        Ok(k) => k,
        Err(e) => {
            eprintln!("错误：{e}");
            return ExitCode::from(2);
        }
    };
    let date = today().format("%Y-%m-%d").to_string();
    match pufa::scaffold::new_article(&global.root, kind, &args.path, &date) {
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
