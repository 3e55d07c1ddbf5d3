//! `pufa import`: a Word document (.docx) into a draft article with its images.

use std::path::PathBuf;
use std::process::ExitCode;

use pufa::article_kind::ArticleKind;
use pufa::diagnostics::display_path;

use super::{today, Global};

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// The .docx file.
    file: PathBuf,
    /// Kind of article (case, campaign, qa, lecture, board, list, notice).
    #[arg(short, long)]
    kind: Option<String>,
    /// Section folder under content/ (default: the kind's section).
    #[arg(short, long)]
    section: Option<String>,
}

pub(crate) fn run(args: Args, global: &Global) -> ExitCode {
    let kind = match args
        .kind
        .as_deref()
        .map(str::parse::<ArticleKind>)
        .transpose()
    {
        Ok(k) => k,
        Err(e) => {
            eprintln!("错误：{e}");
            return ExitCode::from(1);
        }
    };
    let opts = pufa::import::ImportOptions {
        root: global.root.clone(),
        kind,
        section: args.section,
        date: today().format("%Y-%m-%d").to_string(),
    };
    match pufa::import::import(&args.file, &opts) {
        Ok(done) => {
            eprintln!("已导入《{}》：{}", done.title, display_path(&done.file));
            if !done.images.is_empty() {
                eprintln!("图片 {} 张，已放在文章旁边。", done.images.len());
            }
            if done.undescribed_images > 0 {
                eprintln!(
                    "有 {} 张图片没有说明文字，请把“{}”改成对图片的描述。",
                    done.undescribed_images,
                    pufa::article_kind::ALT_PLACEHOLDER
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
