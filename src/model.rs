//! The draft: one report being written. Generic over report kinds: every value lives in a
//! JSON tree addressed by a dotted path (`reception.total.visits`, `assessment.results.0`),
//! the same path that names the form control and that the checks report.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use time::Date;

use crate::text;

/// The `format` marker every draft file carries.
pub const FORMAT: &str = "baocao-draft";
/// The current draft format version.
pub const VERSION: u32 = 1;
/// Largest figure a draft may hold (the rule `figure.whole` says so past it).
pub const MAX_COUNT: u64 = 1_000_000_000;

/// Keys at the top of a draft JSON that are not report fields.
pub const RESERVED_KEYS: [&str; 3] = ["format", "version", "kind"];

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Draft {
    pub format: String,
    pub version: u32,
    /// Report kind id, e.g. `dan-van-chinh-quyen`.
    pub kind: String,
    /// Every field of the report, nested by path.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// By hand rather than derived: a derived `flatten` buffers the whole draft through serde's
/// `Content` type, 2.5 KB brotli of wasm in the web page for no gain (the fields are a JSON map).
impl<'de> Deserialize<'de> for Draft {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut fields = Map::<String, Value>::deserialize(d)?;
        let mut text = |key: &'static str| match fields.remove(key) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(D::Error::custom(format!("`{key}` is not a string"))),
            None => Err(D::Error::missing_field(key)),
        };
        let format = text("format")?;
        let kind = text("kind")?;
        let version = match fields.remove("version") {
            Some(v) => v
                .as_u64()
                .and_then(|v| u32::try_from(v).ok())
                .ok_or_else(|| D::Error::custom("`version` is not a version number"))?,
            None => return Err(D::Error::missing_field("version")),
        };
        Ok(Draft { format, version, kind, fields })
    }
}

impl Draft {
    pub fn new(kind: &str) -> Self {
        Draft { format: FORMAT.into(), version: VERSION, kind: kind.into(), fields: Map::new() }
    }

    /// The draft as a JSON value, as it serialises (the web page turns values into text with
    /// the browser's `JSON.stringify`, so its wasm carries no JSON writer).
    pub fn to_value(&self) -> Value {
        let mut m = self.fields.clone();
        m.insert("format".into(), Value::from(self.format.as_str()));
        m.insert("version".into(), Value::from(self.version));
        m.insert("kind".into(), Value::from(self.kind.as_str()));
        Value::Object(m)
    }

    /// The value at a dotted path, if any.
    pub fn get(&self, path: &str) -> Option<&Value> {
        let mut parts = path.split('.');
        let mut cur = self.fields.get(parts.next()?)?;
        for p in parts {
            cur = match cur {
                Value::Object(m) => m.get(p)?,
                Value::Array(a) => a.get(p.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    /// Set the value at a dotted path, creating objects (and extending arrays) on the way.
    /// A numeric segment indexes an array; anything in the way of the path is replaced.
    pub fn set(&mut self, path: &str, value: Value) {
        let parts: Vec<&str> = path.split('.').collect();
        let (first, rest) = parts.split_first().expect("non-empty path");
        let slot = self.fields.entry((*first).to_string()).or_insert(Value::Null);
        set_in(slot, rest, value);
    }

    /// Text at a path ("" when absent or not text).
    pub fn text(&self, path: &str) -> &str {
        self.get(path).and_then(Value::as_str).unwrap_or("")
    }

    /// A whole-number figure. A figure may be stored as a number, or as
    /// `{"raw": "12a", "value": 12}` while the author's typed text is not a valid number.
    pub fn count(&self, path: &str) -> Option<u64> {
        match self.get(path)? {
            Value::Number(n) => n.as_u64(),
            Value::Object(m) => m.get("value").and_then(Value::as_u64),
            _ => None,
        }
    }

    /// The raw text the author typed for a figure when it is not a valid number.
    pub fn raw_count(&self, path: &str) -> Option<&str> {
        match self.get(path)? {
            Value::Object(m) => m.get("raw").and_then(Value::as_str),
            _ => None,
        }
    }

    /// A list of texts (paragraphs, bullets, recipients).
    pub fn list(&self, path: &str) -> Vec<&str> {
        match self.get(path) {
            Some(Value::Array(a)) => a.iter().map(|v| v.as_str().unwrap_or("")).collect(),
            _ => Vec::new(),
        }
    }

    /// Number of records in a list of records (e.g. citations).
    pub fn len(&self, path: &str) -> usize {
        match self.get(path) {
            Some(Value::Array(a)) => a.len(),
            _ => 0,
        }
    }

    /// A date stored as ISO `YYYY-MM-DD`.
    pub fn date(&self, path: &str) -> Option<Date> {
        text::parse_iso_date(self.text(path))
    }

    /// Is the value at a path empty (absent, blank text, empty list, null)?
    pub fn is_empty(&self, path: &str) -> bool {
        fn empty(v: &Value) -> bool {
            match v {
                Value::Null => true,
                Value::String(s) => s.trim().is_empty(),
                Value::Array(a) => a.iter().all(empty),
                Value::Object(m) => m.values().all(empty),
                _ => false,
            }
        }
        self.get(path).is_none_or(empty)
    }

    /// Remove the value at a path (a list item is removed, shifting the rest).
    pub fn remove(&mut self, path: &str) {
        let (parent, last) = match path.rsplit_once('.') {
            Some((p, l)) => (Some(p), l),
            None => (None, path),
        };
        let container = match parent {
            None => {
                self.fields.remove(last);
                return;
            }
            Some(p) => self.get_mut(p),
        };
        match container {
            Some(Value::Array(a)) => {
                if let Ok(i) = last.parse::<usize>() {
                    if i < a.len() {
                        a.remove(i);
                    }
                }
            }
            Some(Value::Object(m)) => {
                m.remove(last);
            }
            _ => {}
        }
    }

    pub fn get_mut(&mut self, path: &str) -> Option<&mut Value> {
        let mut parts = path.split('.');
        let mut cur = self.fields.get_mut(parts.next()?)?;
        for p in parts {
            cur = match cur {
                Value::Object(m) => m.get_mut(p)?,
                Value::Array(a) => a.get_mut(p.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    /// Swap two items of the list at `path` (move up / down).
    pub fn swap(&mut self, path: &str, i: usize, j: usize) {
        if let Some(Value::Array(a)) = self.get_mut(path) {
            if i < a.len() && j < a.len() {
                a.swap(i, j);
            }
        }
    }

    /// The changes that turn `old` into `self`, as (path, new value or `None` to remove) in
    /// the order [`Draft::set`] / [`Draft::remove`] apply them, down to the leaves that
    /// differ (a list of another length is set whole); `None` when it is another kind of
    /// draft. A keystroke in a long draft is one change (the page sends it to the worker
    /// instead of the whole draft).
    pub fn changes(&self, old: &Draft) -> Option<Vec<(String, Option<Value>)>> {
        if (&self.format, self.version, &self.kind) != (&old.format, old.version, &old.kind) {
            return None;
        }
        let mut out = Vec::new();
        diff_map(&old.fields, &self.fields, "", &mut out);
        // A change to null would read as a removal.
        (!out.iter().any(|(_, v)| v.as_ref().is_some_and(Value::is_null))).then_some(out)
    }

    /// Append an item to the list at `path`.
    pub fn push(&mut self, path: &str, item: Value) {
        match self.get_mut(path) {
            Some(Value::Array(a)) => a.push(item),
            _ => self.set(path, Value::Array(vec![item])),
        }
    }
}

/// The changes from `old` to `new`, maps at `prefix` ("" or ending in a dot).
fn diff_map(old: &Map<String, Value>, new: &Map<String, Value>, prefix: &str, out: &mut Vec<(String, Option<Value>)>) {
    for k in old.keys().filter(|k| !new.contains_key(*k)) {
        out.push((format!("{prefix}{k}"), None));
    }
    for (k, v) in new {
        diff_value(old.get(k), v, &format!("{prefix}{k}"), out);
    }
}

fn diff_value(old: Option<&Value>, new: &Value, path: &str, out: &mut Vec<(String, Option<Value>)>) {
    match (old, new) {
        (Some(o), n) if o == n => {}
        (Some(Value::Object(o)), Value::Object(n)) if !n.values().any(Value::is_null) => {
            diff_map(o, n, &format!("{path}."), out)
        }
        (Some(Value::Array(o)), Value::Array(n)) if o.len() == n.len() && !n.iter().any(Value::is_null) => {
            for (i, (a, b)) in o.iter().zip(n).enumerate() {
                diff_value(Some(a), b, &format!("{path}.{i}"), out);
            }
        }
        // A null is set with its parent whole: a change without a value removes.
        _ => out.push((path.to_string(), Some(new.clone()))),
    }
}

fn set_in(slot: &mut Value, parts: &[&str], value: Value) {
    let Some((head, rest)) = parts.split_first() else {
        *slot = value;
        return;
    };
    match head.parse::<usize>() {
        Ok(idx) => {
            if !slot.is_array() {
                *slot = Value::Array(Vec::new());
            }
            let a = slot.as_array_mut().expect("array");
            while a.len() <= idx {
                a.push(Value::Null);
            }
            set_in(&mut a[idx], rest, value);
        }
        Err(_) => {
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            let m = slot.as_object_mut().expect("object");
            set_in(m.entry((*head).to_string()).or_insert(Value::Null), rest, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_and_get_nested_paths() {
        let mut d = Draft::new("k");
        d.set("a.b.c", json!(3));
        d.set("a.list.1", json!("x"));
        d.set("top", json!("t"));
        assert_eq!(d.count("a.b.c"), Some(3));
        assert_eq!(d.list("a.list"), vec!["", "x"]);
        assert_eq!(d.text("top"), "t");
        d.set("recs.0.number", json!("31/KH-UBND"));
        assert_eq!(d.text("recs.0.number"), "31/KH-UBND");
        d.remove("a.list.0");
        assert_eq!(d.list("a.list"), vec!["x"]);
        let js = serde_json::to_value(&d).unwrap();
        assert_eq!(js["a"]["b"]["c"], json!(3));
        assert_eq!(js["kind"], json!("k"));
        assert_eq!(d.to_value(), js);
    }

    #[test]
    fn changes_turn_the_old_draft_into_the_new_one() {
        let mut old = Draft::new("k");
        old.set("a.list", json!(["x", "y", "z"]));
        old.set("a.n", json!(3));
        old.set("gone", json!("t"));
        old.set("recs", json!([{"n": "1", "d": "2"}]));
        type Edit = Box<dyn Fn(&mut Draft)>;
        let cases: Vec<(&str, Edit, usize)> = vec![
            ("one item typed", Box::new(|d| d.set("a.list.1", json!("yy"))), 1),
            ("an item added", Box::new(|d| d.push("a.list", json!("w"))), 1),
            ("an item removed", Box::new(|d| d.remove("a.list.0")), 1),
            ("a key removed", Box::new(|d| d.remove("gone")), 1),
            ("a nested key removed", Box::new(|d| d.remove("recs.0.d")), 1),
            ("a null set", Box::new(|d| d.set("a.n", Value::Null)), 1),
            ("a null in a list", Box::new(|d| d.set("a.list.1", Value::Null)), 1),
            ("new keys", Box::new(|d| d.set("b.c.d", json!(1))), 1),
            ("nothing", Box::new(|_| {}), 0),
        ];
        for (what, edit, n) in cases {
            let mut new = old.clone();
            edit(&mut new);
            let changes = new.changes(&old).expect("same kind");
            assert_eq!(changes.len(), n, "{what}: {changes:?}");
            let mut applied = old.clone();
            for (path, value) in changes {
                match value {
                    Some(v) => applied.set(&path, v),
                    None => applied.remove(&path),
                }
            }
            assert_eq!(applied, new, "{what}");
        }
        assert_eq!(Draft::new("other").changes(&old), None);
        let mut top_null = old.clone();
        top_null.set("gone", Value::Null);
        assert_eq!(top_null.changes(&old), None);
    }

    #[test]
    fn raw_figures_keep_last_valid_value() {
        let mut d = Draft::new("k");
        d.set("f", json!({"raw": "12a", "value": 12}));
        assert_eq!(d.count("f"), Some(12));
        assert_eq!(d.raw_count("f"), Some("12a"));
    }
}
