//! Text → JSON value converters for `load_data`: TOML (dates as strings), CSV (headers and
//! records), BibTeX (the structure of the nom-bibtex crate Zola uses) and XML (the structure
//! of roxmltree_to_serde with default options).
//!
//! BibTeX and XML are small own parsers of the common subset: a town office's data files are
//! reading lists and simple exports, and two more dependency trees are not worth it.

use serde_json::{Map, Value};

/// TOML document → object; datetimes become their TOML text (Zola's `fix_toml_dates`).
pub(super) fn toml_to_value(text: &str) -> Result<Value, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    Ok(from_toml(toml::Value::Table(table)))
}

fn from_toml(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }
    }
}

/// CSV with a header line → `{headers: [...], records: [[...], ...]}`, every cell a string.
pub(super) fn csv_to_value(text: &str) -> tera::Result<Value> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| {
        format!("'load_data': {e} - unable to read CSV header line (line 1) for CSV file")
    })?;
    let headers: Vec<Value> = headers
        .iter()
        .map(|h| Value::String(h.to_string()))
        .collect();
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record
            .map_err(|e| tera::Error::chain("Error encountered when parsing csv records", e))?;
        records.push(Value::Array(
            record
                .iter()
                .map(|c| Value::String(c.to_string()))
                .collect(),
        ));
    }
    let mut out = Map::new();
    out.insert("headers".into(), Value::Array(headers));
    out.insert("records".into(), Value::Array(records));
    Ok(Value::Object(out))
}

/// A BibTeX cursor over chars.
struct Bib<'a> {
    s: &'a [char],
    i: usize,
    vars: Map<String, Value>,
}

impl Bib<'_> {
    fn skip_ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_whitespace() {
            self.i += 1;
        }
    }
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }
    fn err(&self, what: &str) -> String {
        let line = self.s[..self.i.min(self.s.len())]
            .iter()
            .filter(|c| **c == '\n')
            .count()
            + 1;
        format!("BibTeX: {what} (line {line})")
    }
    fn ident(&mut self) -> String {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| !c.is_whitespace() && !"{}()=,#\"".contains(c))
        {
            self.i += 1;
        }
        self.s[start..self.i].iter().collect()
    }
    /// Text up to the brace/paren that closes the one just consumed (nesting counted).
    fn balanced(&mut self, close: char) -> Result<String, String> {
        let open = if close == '}' { '{' } else { '(' };
        let (start, mut depth) = (self.i, 0usize);
        while let Some(c) = self.peek() {
            if c == close && depth == 0 {
                let text = self.s[start..self.i].iter().collect();
                self.i += 1;
                return Ok(text);
            }
            if c == open || (close == ')' && c == '{') {
                depth += 1;
            } else if (c == close || (close == ')' && c == '}')) && depth > 0 {
                depth -= 1;
            }
            self.i += 1;
        }
        Err(self.err(&format!("missing `{close}`")))
    }
    /// `"a" # {b} # var # 1999`
    fn value(&mut self, close: char) -> Result<String, String> {
        let mut out = String::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some('"') => {
                    self.i += 1;
                    let start = self.i;
                    let mut depth = 0usize;
                    while let Some(c) = self.peek() {
                        match c {
                            '"' if depth == 0 => break,
                            '{' => depth += 1,
                            '}' => depth = depth.saturating_sub(1),
                            _ => {}
                        }
                        self.i += 1;
                    }
                    if self.peek().is_none() {
                        return Err(self.err("missing closing `\"`"));
                    }
                    out.extend(&self.s[start..self.i]);
                    self.i += 1;
                }
                Some('{') => {
                    self.i += 1;
                    out.push_str(&self.balanced('}')?);
                }
                Some(c) if c != close && c != ',' => {
                    let name = self.ident();
                    if name.is_empty() {
                        return Err(self.err(&format!("unexpected `{c}`")));
                    }
                    match self.vars.get(&name) {
                        Some(Value::String(v)) => out.push_str(v),
                        _ if name.chars().all(|c| c.is_ascii_digit()) => out.push_str(&name),
                        _ => return Err(self.err(&format!("unknown variable `{name}`"))),
                    }
                }
                _ => return Err(self.err("expected a value")),
            }
            self.skip_ws();
            if self.peek() == Some('#') {
                self.i += 1;
            } else {
                return Ok(out);
            }
        }
    }
}

/// BibTeX → `{preambles, comments, variables, bibliographies: [{entry_type, citation_key, tags}]}`.
pub(super) fn bibtex_to_value(text: &str) -> Result<Value, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Bib {
        s: &chars,
        i: 0,
        vars: Map::new(),
    };
    let (mut preambles, mut comments, mut bibs) = (Vec::new(), Vec::new(), Vec::new());
    loop {
        // Text outside entries is a comment.
        let start = p.i;
        while p.peek().is_some_and(|c| c != '@') {
            p.i += 1;
        }
        let loose: String = chars[start..p.i].iter().collect();
        if !loose.trim().is_empty() {
            comments.push(Value::String(loose.trim().to_string()));
        }
        if p.peek().is_none() {
            break;
        }
        p.i += 1;
        p.skip_ws();
        let kind = p.ident().to_lowercase();
        p.skip_ws();
        let close = match p.peek() {
            Some('{') => '}',
            Some('(') => ')',
            _ => return Err(p.err(&format!("expected `{{` after `@{kind}`"))),
        };
        p.i += 1;
        match kind.as_str() {
            "comment" => comments.push(Value::String(p.balanced(close)?.trim().to_string())),
            "preamble" => {
                let v = p.value(close)?;
                preambles.push(Value::String(v));
                p.skip_ws();
                p.balanced(close)?;
            }
            "string" => {
                p.skip_ws();
                let name = p.ident();
                p.skip_ws();
                if p.peek() != Some('=') {
                    return Err(p.err("expected `=` in @string"));
                }
                p.i += 1;
                let v = p.value(close)?;
                p.vars.insert(name, Value::String(v));
                p.skip_ws();
                p.balanced(close)?;
            }
            _ => {
                p.skip_ws();
                let key = p.ident();
                let mut tags = Map::new();
                loop {
                    p.skip_ws();
                    match p.peek() {
                        Some(',') => p.i += 1,
                        Some(c) if c == close => {
                            p.i += 1;
                            break;
                        }
                        None => return Err(p.err(&format!("missing `{close}`"))),
                        Some(_) => {
                            let name = p.ident().to_lowercase();
                            p.skip_ws();
                            if name.is_empty() || p.peek() != Some('=') {
                                return Err(p.err(&format!("expected `tag = value` in `{key}`")));
                            }
                            p.i += 1;
                            let v = p.value(close)?;
                            tags.insert(name, Value::String(v));
                        }
                    }
                }
                let mut m = Map::new();
                m.insert("entry_type".into(), Value::String(kind));
                m.insert("citation_key".into(), Value::String(key));
                m.insert("tags".into(), Value::Object(tags));
                bibs.push(Value::Object(m));
            }
        }
    }
    let mut out = Map::new();
    out.insert("preambles".into(), Value::Array(preambles));
    out.insert("comments".into(), Value::Array(comments));
    out.insert("variables".into(), Value::Object(p.vars));
    out.insert("bibliographies".into(), Value::Array(bibs));
    Ok(Value::Object(out))
}

/// XML → `{root: {...}}`: repeated children become arrays, attributes `@name`, mixed text
/// `#text`, text that reads as a number or boolean becomes one, empty elements `null`.
pub(super) fn xml_to_value(text: &str) -> Result<Value, String> {
    let mut x = Xml { s: text, i: 0 };
    x.skip_misc()?;
    let (name, v) = x.element()?;
    x.skip_misc()?;
    if x.i < x.s.len() {
        return Err(x.err("content after the root element"));
    }
    let mut out = Map::new();
    out.insert(name, v);
    Ok(Value::Object(out))
}

struct Xml<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Xml<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }
    fn err(&self, what: &str) -> String {
        let line = self.s[..self.i].matches('\n').count() + 1;
        format!("XML: {what} (line {line})")
    }
    fn skip_past(&mut self, end: &str) -> Result<(), String> {
        match self.rest().find(end) {
            Some(k) => {
                self.i += k + end.len();
                Ok(())
            }
            None => Err(self.err(&format!("missing `{end}`"))),
        }
    }
    /// Whitespace, `<?…?>`, `<!--…-->`, `<!DOCTYPE…>`.
    fn skip_misc(&mut self) -> Result<(), String> {
        loop {
            let trimmed = self.rest().trim_start();
            self.i = self.s.len() - trimmed.len();
            if trimmed.starts_with("<?") {
                self.skip_past("?>")?;
            } else if trimmed.starts_with("<!--") {
                self.skip_past("-->")?;
            } else if trimmed.starts_with("<!") {
                self.skip_past(">")?;
            } else {
                return Ok(());
            }
        }
    }
    fn name(&mut self) -> String {
        let end = self
            .rest()
            .find(|c: char| c.is_whitespace() || "/>=".contains(c))
            .unwrap_or(self.rest().len());
        let n = self.rest()[..end].to_string();
        self.i += end;
        n
    }
    fn element(&mut self) -> Result<(String, Value), String> {
        if !self.rest().starts_with('<') {
            return Err(self.err("expected an element"));
        }
        self.i += 1;
        let name = self.name();
        let mut obj = Map::new();
        loop {
            let t = self.rest().trim_start();
            self.i = self.s.len() - t.len();
            if t.starts_with("/>") {
                self.i += 2;
                let v = if obj.is_empty() {
                    Value::Null
                } else {
                    Value::Object(obj)
                };
                return Ok((name, v));
            }
            if t.starts_with('>') {
                self.i += 1;
                break;
            }
            let attr = self.name();
            if attr.is_empty() || !self.rest().starts_with('=') {
                return Err(self.err(&format!("bad attribute in <{name}>")));
            }
            self.i += 1;
            let q = self
                .rest()
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'');
            let Some(q) = q else {
                return Err(self.err("attribute value must be quoted"));
            };
            self.i += 1;
            let end = self
                .rest()
                .find(q)
                .ok_or_else(|| self.err("unclosed attribute"))?;
            let v = unescape(&self.rest()[..end]);
            self.i += end + 1;
            obj.insert(format!("@{attr}"), scalar(&v));
        }
        let mut text = String::new();
        loop {
            let r = self.rest();
            if r.starts_with("</") {
                self.i += 2;
                let close = self.name();
                if close != name {
                    return Err(self.err(&format!("</{close}> closes <{name}>")));
                }
                self.skip_past(">")?;
                break;
            } else if r.starts_with("<!--") {
                self.skip_past("-->")?;
            } else if let Some(cdata) = r.strip_prefix("<![CDATA[") {
                let end = cdata.find("]]>").ok_or_else(|| self.err("missing `]]>`"))?;
                text.push_str(&cdata[..end]);
                self.i += 9 + end + 3;
            } else if r.starts_with('<') {
                let (child, v) = self.element()?;
                match obj.get_mut(&child) {
                    Some(Value::Array(a)) => a.push(v),
                    Some(prev) => *prev = Value::Array(vec![prev.take(), v]),
                    None => {
                        obj.insert(child, v);
                    }
                }
            } else if r.is_empty() {
                return Err(self.err(&format!("<{name}> is not closed")));
            } else {
                let end = r.find('<').unwrap_or(r.len());
                text.push_str(&unescape(&r[..end]));
                self.i += end;
            }
        }
        let text = text.trim();
        Ok((
            name,
            match (obj.is_empty(), text.is_empty()) {
                (true, true) => Value::Null,
                (true, false) => scalar(text),
                (false, true) => Value::Object(obj),
                (false, false) => {
                    obj.insert("#text".into(), scalar(text));
                    Value::Object(obj)
                }
            },
        ))
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn scalar(s: &str) -> Value {
    match s {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => {
            if let Ok(i) = s.parse::<i64>() {
                Value::from(i)
            } else if let Some(f) = s.parse::<f64>().ok().filter(|f| f.is_finite()) {
                Value::from(f)
            } else {
                Value::String(s.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn toml_dates_become_strings() {
        let v = toml_to_value("a = 1\nd = 2024-01-02\n[t]\nx = [1979-05-27T07:32:00Z]\n").unwrap();
        assert_eq!(
            v,
            json!({"a": 1, "d": "2024-01-02", "t": {"x": ["1979-05-27T07:32:00Z"]}})
        );
        assert!(toml_to_value("a = ").is_err());
    }

    #[test]
    fn csv_headers_and_records() {
        let v = csv_to_value("Number,Title\n1,Gutenberg\n2,\"Printing, press\"\n").unwrap();
        assert_eq!(
            v,
            json!({"headers": ["Number", "Title"], "records": [["1", "Gutenberg"], ["2", "Printing, press"]]})
        );
        let e = csv_to_value("a,b\n1,2,3\n").unwrap_err();
        assert!(e
            .to_string()
            .contains("Error encountered when parsing csv records"));
    }

    #[test]
    fn bibtex_like_zola_docs() {
        let src = r#"@preamble{"A bibtex preamble" # " this is."}

@Comment{
    Here is a comment.
}

Another comment!

@string(name = "Vincent Prouillet")
@string(github = "https://github.com/getzola/zola")

@misc {my_citation_key,
    author= name,
    title = "Zola",
    note = "github: " # github
}
@Book{mfl2021, Title = {民法典 {释义}}, year = 2021,}
"#;
        assert_eq!(
            bibtex_to_value(src).unwrap(),
            json!({
                "preambles": ["A bibtex preamble this is."],
                "comments": ["Here is a comment.", "Another comment!"],
                "variables": {"name": "Vincent Prouillet", "github": "https://github.com/getzola/zola"},
                "bibliographies": [
                    {"entry_type": "misc", "citation_key": "my_citation_key", "tags": {
                        "author": "Vincent Prouillet", "title": "Zola",
                        "note": "github: https://github.com/getzola/zola"}},
                    {"entry_type": "book", "citation_key": "mfl2021", "tags": {
                        "title": "民法典 {释义}", "year": "2021"}}
                ]
            })
        );
        assert_eq!(
            bibtex_to_value("@misc{k, a = nope}").unwrap_err(),
            "BibTeX: unknown variable `nope` (line 1)"
        );
        assert!(bibtex_to_value("@misc{k, a = \"x\"")
            .unwrap_err()
            .contains("missing `}`"));
    }

    #[test]
    fn xml_like_zola_test_file() {
        let src = "<?xml version=\"1.0\"?>\n<!-- c -->\n<root>\n  <key>value</key>\n  <array>1</array>\n  <array>2</array>\n  <array>3</array>\n  <subpackage>\n    <subkey>5</subkey>\n  </subpackage>\n</root>\n";
        assert_eq!(
            xml_to_value(src).unwrap(),
            json!({"root": {"key": "value", "array": [1, 2, 3], "subpackage": {"subkey": 5}}})
        );
        assert_eq!(
            xml_to_value("<a x='1' y=\"b&amp;c\">t<e/><![CDATA[<z>]]></a>").unwrap(),
            json!({"a": {"@x": 1, "@y": "b&c", "e": null, "#text": "t<z>"}})
        );
        assert_eq!(
            xml_to_value("<a><b></a>").unwrap_err(),
            "XML: </a> closes <b> (line 1)"
        );
    }
}
