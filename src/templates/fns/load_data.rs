//! `load_data(path | url | literal, format, required=true, …)` for local data only.
//!
//! Files are found like every file argument ([`SiteFiles::find`], never outside the site).
//! `url=` is refused: a government site is built offline and must not pull content from other
//! hosts at build time. Parsed results are cached by (file, modification time, format)
//! because themes call `load_data` from every page. Files saved by WPS/Excel as GBK or
//! UTF-16 are decoded too (Zola would reject them), since that is what office users have.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use tera::{Function, Result as TeraResult, Value};

use super::data_formats::{bibtex_to_value, csv_to_value, toml_to_value, xml_to_value};
use super::files::SiteFiles;
use super::optional_arg;

const EITHER: &str = "`load_data`: requires EITHER a `path`, `url`, or `literal` argument";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Format {
    Toml,
    Json,
    Csv,
    Bibtex,
    Plain,
    Xml,
    Yaml,
}

impl Format {
    fn parse(s: &str) -> TeraResult<Format> {
        Ok(match s.to_lowercase().as_str() {
            "toml" => Format::Toml,
            "csv" => Format::Csv,
            "json" => Format::Json,
            "bibtex" => Format::Bibtex,
            "xml" => Format::Xml,
            "plain" => Format::Plain,
            "yaml" | "yml" => Format::Yaml,
            other => return Err(format!("Unknown output format {other}").into()),
        })
    }

    fn convert(self, text: String) -> TeraResult<Value> {
        let parsed = match self {
            Format::Plain => return Ok(Value::String(text)),
            Format::Csv => return csv_to_value(&text),
            Format::Json => serde_json::from_str(&text).map_err(|e| e.to_string()),
            Format::Yaml => serde_yaml::from_str(&text).map_err(|e| e.to_string()),
            Format::Toml => toml_to_value(&text),
            Format::Bibtex => bibtex_to_value(&text),
            Format::Xml => xml_to_value(&text),
        };
        parsed.map_err(|e| format!("`load_data`: could not parse the data as {self:?}: {e}").into())
    }
}

type CacheKey = (PathBuf, Option<SystemTime>, Format);

/// The `load_data` template function.
pub struct LoadData {
    files: SiteFiles,
    cache: Mutex<HashMap<CacheKey, Value>>,
}

impl LoadData {
    pub fn new(files: SiteFiles) -> Self {
        Self {
            files,
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn load_file(&self, path: &Path, format: Format) -> TeraResult<Value> {
        let mtime = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        let key = (path.to_path_buf(), mtime, format);
        if let Some(v) = self.lock().get(&key) {
            return Ok(v.clone());
        }
        let bytes = std::fs::read(path)
            .map_err(|e| format!("`load_data`: error reading file {path:?}: {e}"))?;
        let value = format.convert(decode_text(&bytes))?;
        self.lock().insert(key, value.clone());
        Ok(value)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<CacheKey, Value>> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// UTF-8 (BOM stripped), UTF-16 with BOM, else GB18030 (a superset of GBK) when the bytes
/// are not UTF-8.
fn decode_text(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

impl Function for LoadData {
    fn call(&self, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let path: Option<String> = optional_arg(args, "path", EITHER)?;
        let url: Option<String> = optional_arg(args, "url", EITHER)?;
        let literal: Option<String> = optional_arg(args, "literal", EITHER)?;
        let format: Option<String> = optional_arg(
            args,
            "format",
            "`load_data`: `format` needs to be an argument with a string value, being one of the supported `load_data` file types (csv, json, toml, bibtex, plain)",
        )?;
        let required = optional_arg(
            args,
            "required",
            "`load_data`: `required` must be a boolean (true or false)",
        )?
        .unwrap_or(true);
        // Accepted for compatibility with Zola themes; meaningless without network access.
        let _: Option<String> =
            optional_arg(args, "body", "`load_data` body must be a string, if set.")?;
        let _: Option<String> = optional_arg(
            args,
            "content_type",
            "`load_data` content_type must be a string, if set.",
        )?;
        let method: Option<String> = optional_arg(
            args,
            "method",
            "`load_data` method must either be POST or GET.",
        )?;
        if method.is_some_and(|m| !matches!(m.to_lowercase().as_str(), "get" | "post")) {
            return Err("`load_data` method must either be POST or GET.".into());
        }
        let _: Option<Vec<String>> = optional_arg(
            args,
            "headers",
            "`load_data`: `headers` needs to be an argument with a list of strings of format <name>=<value>.",
        )?;

        let given = [path.is_some(), url.is_some(), literal.is_some()];
        if given.iter().filter(|g| **g).count() != 1 {
            return Err(EITHER.into());
        }
        if let Some(url) = url {
            if !required {
                return Ok(Value::Null);
            }
            return Err(format!(
                "`load_data`: 不允许读取网络数据 remote data is not allowed: `{url}`. \
                 pufa builds offline; save the data into the site (e.g. `static/data/`) and use \
                 `load_data(path=\"…\")` instead."
            )
            .into());
        }
        if let Some(literal) = literal {
            let format = format.as_deref().map_or(Ok(Format::Plain), Format::parse)?;
            return format.convert(literal);
        }
        let path = path.unwrap_or_default();
        let found = match (self.files.find(&path), required) {
            (Ok(Some((file, _))), _) => file,
            (Ok(None), false) | (Err(_), false) => return Ok(Value::Null),
            (Err(e), true) => return Err(format!("`load_data`: {e}").into()),
            (Ok(None), true) => {
                return Err(format!(
                    "`load_data`: {} doesn't exist",
                    self.files.root().join(&path).display()
                )
                .into())
            }
        };
        let format = match format {
            Some(f) => Format::parse(&f)?,
            None => found
                .extension()
                .and_then(|e| e.to_str())
                .and_then(|e| Format::parse(e).ok())
                .unwrap_or(Format::Plain),
        };
        self.load_file(&found, format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::fns::test_util::{args, err_text};
    use serde_json::json;
    use std::fs;

    fn setup() -> (tempfile::TempDir, LoadData) {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        fs::create_dir_all(r.join("content/blog")).unwrap();
        fs::create_dir_all(r.join("static/data")).unwrap();
        fs::write(
            r.join("static/data/a.json"),
            r#"{"name": "张三", "n": [1, 2]}"#,
        )
        .unwrap();
        fs::write(
            r.join("static/data/a.toml"),
            "title = \"普法\"\ndate = 2024-03-01\n",
        )
        .unwrap();
        fs::write(
            r.join("static/data/a.yaml"),
            "key: value\narray: [1, 2, 3]\n",
        )
        .unwrap();
        fs::write(r.join("static/data/a.yml"), "k: 1\n").unwrap();
        fs::write(r.join("content/blog/a.csv"), "\u{feff}序号,标题\n1,宪法\n").unwrap();
        fs::write(r.join("static/data/a.bib"), "@book{k, title = \"T\"}").unwrap();
        fs::write(r.join("static/data/a.xml"), "<r><k>v</k></r>").unwrap();
        fs::write(r.join("static/data/a.txt"), "plain 文本").unwrap();
        // "法律" in GBK, as WPS saves a CSV by default on Chinese Windows.
        fs::write(
            r.join("static/data/gbk.csv"),
            [0x68, 0x0a, 0xb7, 0xa8, 0xc2, 0xc9, 0x0a],
        )
        .unwrap();
        let ld = LoadData::new(SiteFiles::new(r, None, Path::new("public")));
        (dir, ld)
    }

    #[test]
    fn loads_each_format() {
        let (_d, ld) = setup();
        let call = |a: &[(&str, Value)]| ld.call(&args(a)).map_err(|e| err_text(&e));
        assert_eq!(
            call(&[("path", json!("data/a.json"))]).unwrap(),
            json!({"name": "张三", "n": [1, 2]})
        );
        assert_eq!(
            call(&[("path", json!("static/data/a.toml"))]).unwrap(),
            json!({"title": "普法", "date": "2024-03-01"})
        );
        assert_eq!(
            call(&[("path", json!("data/a.yaml"))]).unwrap(),
            json!({"key": "value", "array": [1, 2, 3]})
        );
        assert_eq!(
            call(&[("path", json!("data/a.yml"))]).unwrap(),
            json!({"k": 1})
        );
        assert_eq!(
            call(&[("path", json!("@/blog/a.csv"))]).unwrap(),
            json!({"headers": ["序号", "标题"], "records": [["1", "宪法"]]})
        );
        assert_eq!(
            call(&[("path", json!("data/a.bib")), ("format", json!("bibtex"))]).unwrap()
                ["bibliographies"][0]["tags"]["title"],
            json!("T")
        );
        // As in Zola, only the `.bibtex` extension selects BibTeX; `.bib` is plain text.
        assert_eq!(
            call(&[("path", json!("data/a.bib"))]).unwrap(),
            json!("@book{k, title = \"T\"}")
        );
        assert_eq!(
            call(&[("path", json!("data/a.xml"))]).unwrap(),
            json!({"r": {"k": "v"}})
        );
        assert_eq!(
            call(&[("path", json!("data/a.txt"))]).unwrap(),
            json!("plain 文本")
        );
        assert_eq!(
            call(&[("path", json!("data/a.json")), ("format", json!("plain"))]).unwrap(),
            json!(r#"{"name": "张三", "n": [1, 2]}"#)
        );
        assert_eq!(
            call(&[("path", json!("data/gbk.csv"))]).unwrap(),
            json!({"headers": ["h"], "records": [["法律"]]})
        );
        assert_eq!(
            call(&[("literal", json!(r#"{"a": 1}"#)), ("format", json!("json"))]).unwrap(),
            json!({"a": 1})
        );
        assert_eq!(
            call(&[("literal", json!("x = 1"))]).unwrap(),
            json!("x = 1")
        );
        assert_eq!(ld.cache.lock().unwrap().len(), 11);
    }

    #[test]
    fn errors_and_required() {
        let (d, ld) = setup();
        let call = |a: &[(&str, Value)]| ld.call(&args(a)).map_err(|e| err_text(&e));
        assert_eq!(call(&[]).unwrap_err(), EITHER);
        assert_eq!(
            call(&[("path", json!("a")), ("literal", json!("b"))]).unwrap_err(),
            EITHER
        );
        assert_eq!(
            call(&[("path", json!("nope.json"))]).unwrap_err(),
            format!(
                "`load_data`: {} doesn't exist",
                d.path().join("nope.json").display()
            )
        );
        assert_eq!(
            call(&[("path", json!("nope.json")), ("required", json!(false))]).unwrap(),
            Value::Null
        );
        assert_eq!(
            call(&[("path", json!("data/a.json")), ("format", json!("ini"))]).unwrap_err(),
            "Unknown output format ini"
        );
        assert!(call(&[("literal", json!("{")), ("format", json!("json"))])
            .unwrap_err()
            .starts_with("`load_data`: could not parse the data as Json: EOF while parsing"));
        assert_eq!(
            call(&[("path", json!("a")), ("method", json!("PUT"))]).unwrap_err(),
            "`load_data` method must either be POST or GET."
        );
        let e = call(&[("url", json!("https://example.com/x.json"))]).unwrap_err();
        assert!(e.starts_with("`load_data`: 不允许读取网络数据 remote data is not allowed: `https://example.com/x.json`."), "{e}");
        assert_eq!(
            call(&[
                ("url", json!("https://example.com")),
                ("required", json!(false))
            ])
            .unwrap(),
            Value::Null
        );
    }

    #[test]
    fn refuses_paths_outside_the_site() {
        let (_d, ld) = setup();
        let call = |a: &[(&str, Value)]| ld.call(&args(a)).map_err(|e| err_text(&e));
        let e = call(&[("path", json!("../../../../../../../../etc/passwd"))]).unwrap_err();
        assert!(e.starts_with("`load_data`: \"../../../../../../../../etc/passwd\" is not inside the base site directory"), "{e}");
        let e = call(&[("path", json!("static/../../../../../../../../etc/hostname"))]);
        assert!(e
            .unwrap_err()
            .contains("is not inside the base site directory"));
        // An absolute path is taken relative to the site root, and is then simply missing.
        assert!(call(&[("path", json!("/etc/passwd"))])
            .unwrap_err()
            .ends_with("etc/passwd doesn't exist"));
        #[cfg(windows)]
        assert!(call(&[("path", json!("C:\\Windows\\win.ini"))])
            .unwrap_err()
            .contains("is not inside"));
    }
}
