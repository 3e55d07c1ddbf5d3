//! `pufa init`: a new site with the default theme, example articles and common laws.

use std::path::PathBuf;
use std::process::ExitCode;

use pufa::diagnostics::display_path;

use super::today;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Folder to create (must be empty or missing).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub(crate) fn run(args: Args) -> ExitCode {
    let dir = args.dir;
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
