//! Where a content file sits: Zola's `FileInfo` (path, relative path with `/`, components,
//! name without language, parent, canonical path shared by translations, bundle folder).

use std::path::{Path, PathBuf};

use crate::diagnostics::Msg;

/// Everything about a content file's place, as Zola's `FileInfo`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileInfo {
    /// Full path of the `.md` file.
    pub path: PathBuf,
    /// File name on disk (`a.fr.md`).
    pub filename: String,
    /// File stem without the language (`a`; `_index` for sections; `index` for bundles).
    pub name: String,
    /// Path from `content/`, with `/` (`news/a.fr.md`).
    pub relative: String,
    /// For a bundle (`…/folder/index.md`): path of the folder from `content/`, ending in `/`.
    pub colocated_path: Option<String>,
    /// Folder of the file; for a bundle, the folder above the bundle (as Zola).
    pub parent: PathBuf,
    /// Folder above `parent`'s folder, for sections (to find their parent section).
    pub grand_parent: Option<PathBuf>,
    /// Folders from `content/` to the file (a bundle's own folder excluded).
    pub components: Vec<String>,
    /// `folder/name` without language: the same for every translation of a file.
    pub canonical: PathBuf,
    /// Language code (the default language when the name has none).
    pub lang: String,
    /// For a bundle, its folder's name (what the page's slug comes from).
    pub bundle_name: Option<String>,
}

fn components_of(relative_dir: &Path) -> Vec<String> {
    relative_dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect()
}

impl FileInfo {
    /// A page (`*.md`, or `index.md` in a bundle folder). `content_dir` is the site's
    /// `content/`.
    pub fn new_page(path: &Path, content_dir: &Path) -> FileInfo {
        let filename = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let rel_dir = parent
            .strip_prefix(content_dir)
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let mut components = components_of(&rel_dir);
        let relative = relative_of(&components, &filename);
        let canonical = parent.join(&name);
        let mut colocated_path = None;
        let mut bundle_name = None;
        if !components.is_empty() && name.split('.').next() == Some("index") {
            colocated_path = Some(format!("{}/", components.join("/")));
            bundle_name = components.pop();
            parent = parent.parent().map(Path::to_path_buf).unwrap_or_default();
        }
        FileInfo {
            path: path.to_path_buf(),
            filename,
            name,
            relative,
            colocated_path,
            parent,
            grand_parent: None,
            components,
            canonical,
            lang: String::new(),
            bundle_name,
        }
    }

    /// A section (`_index.md` or `_index.<lang>.md`).
    pub fn new_section(path: &Path, content_dir: &Path) -> FileInfo {
        let filename = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let rel_dir = parent
            .strip_prefix(content_dir)
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let components = components_of(&rel_dir);
        FileInfo {
            path: path.to_path_buf(),
            relative: relative_of(&components, &filename),
            filename,
            canonical: parent.join(&name),
            grand_parent: parent.parent().map(Path::to_path_buf),
            parent,
            name,
            components,
            colocated_path: None,
            lang: String::new(),
            bundle_name: None,
        }
    }

    /// Zola's `find_language`: `a.fr.md` is `a` in French when `fr` is a language of the site.
    /// Only used when the site has other languages; then an unknown code is an error.
    pub fn find_language(&mut self, default: &str, others: &[String]) -> Result<(), Msg> {
        self.lang = default.to_string();
        if others.is_empty() || !self.name.contains('.') {
            return Ok(());
        }
        let (stem, code) = self.name.split_once('.').unwrap_or((&self.name, ""));
        let (stem, code) = (stem.to_string(), code.to_string());
        if code == default {
            return Ok(());
        }
        if !others.contains(&code) {
            return Err(Msg::new(
                format!("文件名里的语言代码 `{code}` 不在 config.toml 的 [languages] 里"),
                format!(
                    "File has a language code of {code} which isn't present in the config.toml `languages`"
                ),
            ));
        }
        self.canonical = self
            .path
            .parent()
            .map(|p| p.join(&stem))
            .unwrap_or_default();
        self.name = stem;
        self.lang = code;
        Ok(())
    }
}

fn relative_of(components: &[String], filename: &str) -> String {
    if components.is_empty() {
        filename.to_string()
    } else {
        format!("{}/{}", components.join("/"), filename)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_in_folder() {
        let f = FileInfo::new_page(
            Path::new("/s/content/news/2024/a.md"),
            Path::new("/s/content"),
        );
        assert_eq!(f.relative, "news/2024/a.md");
        assert_eq!(f.components, ["news", "2024"]);
        assert_eq!(f.name, "a");
        assert_eq!(f.parent, Path::new("/s/content/news/2024"));
        assert_eq!(f.canonical, Path::new("/s/content/news/2024/a"));
        assert_eq!(f.colocated_path, None);
    }

    #[test]
    fn bundle_page() {
        let f = FileInfo::new_page(
            Path::new("/s/content/news/case-1/index.md"),
            Path::new("/s/content"),
        );
        assert_eq!(f.relative, "news/case-1/index.md");
        assert_eq!(f.components, ["news"]);
        assert_eq!(f.colocated_path.as_deref(), Some("news/case-1/"));
        assert_eq!(f.bundle_name.as_deref(), Some("case-1"));
        assert_eq!(f.parent, Path::new("/s/content/news"));
        assert_eq!(f.canonical, Path::new("/s/content/news/case-1/index"));
    }

    #[test]
    fn section_file() {
        let f = FileInfo::new_section(
            Path::new("/s/content/news/_index.en.md"),
            Path::new("/s/content"),
        );
        assert_eq!(f.relative, "news/_index.en.md");
        assert_eq!(f.components, ["news"]);
        assert_eq!(f.grand_parent.as_deref(), Some(Path::new("/s/content")));
    }

    #[test]
    fn languages_from_names() {
        let others = vec!["en".to_string()];
        let mut f = FileInfo::new_page(
            Path::new("/s/content/news/a.en.md"),
            Path::new("/s/content"),
        );
        f.find_language("zh", &others).unwrap();
        assert_eq!((f.name.as_str(), f.lang.as_str()), ("a", "en"));
        assert_eq!(f.canonical, Path::new("/s/content/news/a"));

        let mut f = FileInfo::new_page(Path::new("/s/content/a.zh.md"), Path::new("/s/content"));
        f.find_language("zh", &others).unwrap();
        assert_eq!((f.name.as_str(), f.lang.as_str()), ("a.zh", "zh"));

        let mut f = FileInfo::new_page(Path::new("/s/content/a.fr.md"), Path::new("/s/content"));
        assert!(f
            .find_language("zh", &others)
            .unwrap_err()
            .en
            .contains("language code of fr"));

        // Without other languages a dot is just part of the name.
        let mut f = FileInfo::new_page(Path::new("/s/content/v1.2.md"), Path::new("/s/content"));
        f.find_language("zh", &[]).unwrap();
        assert_eq!((f.name.as_str(), f.lang.as_str()), ("v1.2", "zh"));
    }
}
