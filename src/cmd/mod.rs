//! One file per command, as mdBook has them: each holds the command's arguments (`Args`) and
//! `run`, which calls the library and turns its answer into messages and an exit code.
//! `main.rs` only parses the command line and dispatches here.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod laws;
pub(crate) mod new;
pub(crate) mod search;
pub(crate) mod serve;

use std::path::{Path, PathBuf};

use pufa::diagnostics::display_path;
use pufa::site::BuildOptions;

/// The options every command may take: where the site is and which config file it uses.
pub(crate) struct Global {
    pub(crate) root: PathBuf,
    pub(crate) config: Option<PathBuf>,
}

impl Global {
    /// Build options for this site.
    pub(crate) fn build_options(
        &self,
        output_dir: Option<PathBuf>,
        base_url: Option<String>,
        drafts: bool,
        force: bool,
    ) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            config_file: self.config.clone(),
            output_dir,
            base_url,
            include_drafts: drafts,
            force,
        }
    }
}

/// The day the command runs for (`PUFA_TODAY` in tests).
pub(crate) fn today() -> chrono::NaiveDate {
    pufa::site::template_fns::build_day()
}

/// What to say when there is no config file where pufa looked (in Chinese, then English: the
/// site's language is in the file that is missing).
pub(crate) fn no_site_message(path: &Path, given: bool) -> String {
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
