//! Why pufa will not build into a folder, said in Chinese and English: a folder it did not make,
//! not a folder at all, or the user's files where the new site writes.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Msg;

/// Why pufa will not build into a folder, in Chinese and English. It travels inside an
/// `io::Error` (see [`refusal`]) so that the build reports it in the site's language.
#[derive(Debug)]
pub struct Refusal {
    pub message: Msg,
    pub hint: Option<Msg>,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n{}", self.message.zh, self.message.en)
    }
}

impl std::error::Error for Refusal {}

impl From<Refusal> for io::Error {
    fn from(r: Refusal) -> io::Error {
        io::Error::other(r)
    }
}

/// The [`Refusal`] inside an error from [`DiskOutput`](super::DiskOutput), if it is one.
pub fn refusal(e: &io::Error) -> Option<&Refusal> {
    e.get_ref()?.downcast_ref()
}

/// The user's files (and empty folders) at a path where the new site writes a file or needs
/// a folder.
pub(super) fn clashes(
    written: &[PathBuf],
    foreign: &[PathBuf],
    empty_dirs: &[PathBuf],
) -> Vec<PathBuf> {
    let files: HashSet<&Path> = written.iter().map(PathBuf::as_path).collect();
    let folders: HashSet<&Path> = written
        .iter()
        .flat_map(|w| w.ancestors().skip(1))
        .filter(|a| !a.as_os_str().is_empty())
        .collect();
    let under_a_file = |p: &Path| p.ancestors().skip(1).any(|a| files.contains(a));
    let mut v: Vec<PathBuf> = foreign
        .iter()
        .filter(|f| files.contains(f.as_path()) || folders.contains(f.as_path()) || under_a_file(f))
        .chain(
            empty_dirs
                .iter()
                .filter(|d| files.contains(d.as_path()) || under_a_file(d)),
        )
        .cloned()
        .collect();
    v.sort();
    v
}

pub(super) fn clash_refusal(target: &Path, clashes: &[PathBuf], unlisted: bool) -> Refusal {
    let shown: Vec<String> = clashes
        .iter()
        .take(5)
        .map(|c| target.join(c).display().to_string())
        .collect();
    let more = if clashes.len() > 5 {
        format!(" …（共 {} 个）", clashes.len())
    } else {
        String::new()
    };
    let more_en = if clashes.len() > 5 {
        format!(" … ({} in all)", clashes.len())
    } else {
        String::new()
    };
    let extra = if unlisted {
        Msg::new(
            "；如果这个文件夹是以前生成的网站，可以把整个文件夹删除后再生成",
            "; if the folder is an old build of the site, delete the whole folder and build again",
        )
    } else {
        Msg::default()
    };
    Refusal {
        message: Msg::new(
            format!(
                "输出目录里的这些文件不是 pufa 生成的，而新网站要在同一位置写文件：{}{more}。为防止覆盖你的文件，网站没有替换（旧网站原样保留）",
                shown.join("，")
            ),
            format!(
                "these files in the output folder were not written by pufa and the new site writes to the same paths: {}{more_en}. To protect them nothing was replaced (the previous site is unchanged)",
                shown.join(", ")
            ),
        ),
        hint: Some(Msg::new(
            format!("请把这些文件移到别处（确认不要的可以删除），然后重新生成{}。", extra.zh),
            format!("move them elsewhere (or delete them if unwanted), then build again{}.", extra.en),
        )),
    }
}

/// Whether pufa must not build into `dir`: not a folder (always), or a non-empty folder pufa
/// did not make (unless `force`).
pub(super) fn refuse(dir: &Path, listed: bool, force: bool) -> Option<Refusal> {
    let meta = fs::symlink_metadata(dir).ok()?;
    if !meta.is_dir() {
        return Some(Refusal {
            message: Msg::new(
                format!(
                    "输出位置 {} 已有一个文件，不是文件夹；pufa 不会替换它",
                    dir.display()
                ),
                format!(
                    "the output path {} is a file, not a folder; pufa does not replace it",
                    dir.display()
                ),
            ),
            hint: Some(Msg::new(
                "请换一个输出目录（-o）。",
                "choose another output folder (-o).",
            )),
        });
    }
    if listed || force {
        return None;
    }
    let mut names: Vec<String> = fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return None;
    }
    names.sort();
    let count = names.len();
    let shown = names
        .iter()
        .take(3)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join("、");
    let shown_en = names
        .iter()
        .take(3)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(Refusal {
        message: Msg::new(
            format!(
                "输出目录 {} 不是 pufa 生成的（里面已有 {shown} 等 {count} 项）；为防止覆盖或删除你的文件，没有在这里生成网站",
                dir.display()
            ),
            format!(
                "the output folder {} was not made by pufa (it holds {shown_en}, {count} entries); to protect your files nothing was built there",
                dir.display()
            ),
        ),
        hint: Some(Msg::new(
            "请用一个空文件夹或新文件夹作输出目录（-o）；确实要用这个文件夹，请加 --force：你的文件会原样留在生成的网站里，pufa 不会删除它们，与网站文件同名时会停下来告诉你。",
            "use an empty or new output folder (-o); to use this one anyway, add --force: your files stay in place in the built site, pufa never deletes them, and stops if the site writes a file of the same name.",
        )),
    })
}
