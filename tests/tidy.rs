//! Tidy tests, in the manner of rust-analyzer's: conventions checked by reading the sources,
//! each failure naming the file and line. (The page-wasm checks, which need the built app, are
//! in `tests/browser/budget.test.mjs`; `cargo fmt --check` and clippy run in `scripts/test`.)

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (relative to the repository root) whose name ends in one of `exts`,
/// skipping `node_modules`, `target` and `dist`.
fn files(dir: &str, exts: &[&str]) -> Vec<PathBuf> {
    fn walk(p: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(p) else { return };
        for e in entries.flatten() {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !matches!(name.as_str(), "node_modules" | "target" | "dist" | ".git") {
                    walk(&path, exts, out);
                }
            } else if exts.iter().any(|x| name.ends_with(x)) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    let start = root().join(dir);
    if start.is_file() {
        out.push(start);
    } else {
        walk(&start, exts, &mut out);
    }
    out.sort();
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

/// `file:line: text` for every line of the files for which `bad` says so.
fn offending(paths: &[PathBuf], bad: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            if bad(line) {
                out.push(format!("{}:{}: {}", rel(p), i + 1, line.trim()));
            }
        }
    }
    out
}

/// The line's code, without a `//` comment (doc comments may name the web crates).
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or("")
}

const WEB_CRATES: [&str; 6] = ["yew", "web_sys", "gloo", "js_sys", "wasm_bindgen", "serde_wasm_bindgen"];

fn names_web_crate(line: &str) -> bool {
    let c = code(line);
    WEB_CRATES.iter().any(|k| {
        c.match_indices(k).any(|(i, _)| {
            let before = c[..i].chars().next_back();
            let after = &c[i + k.len()..];
            let word_start = before.is_none_or(|b| !(b.is_alphanumeric() || b == '_'));
            word_start
                && (after.starts_with("::")
                    || (c.trim_start().starts_with("use ") && after.starts_with([';', ' ', ','])))
        })
    })
}

#[test]
fn the_core_names_no_web_crate() {
    let core: Vec<PathBuf> = files("src", &[".rs"])
        .into_iter()
        .filter(|p| {
            let r = rel(p);
            !r.starts_with("src/ui/") && !r.starts_with("src/bin/")
        })
        .collect();
    assert!(core.len() >= 10, "core files found: {}", core.len());
    let bad = offending(&core, names_web_crate);
    assert!(
        bad.is_empty(),
        "the core (everything outside src/ui/ and src/bin/) must not use yew, web_sys, gloo, js_sys or wasm_bindgen:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_web_crate_check_sees_a_use() {
    // The check above can fail: it sees the forms a use takes.
    for line in ["use yew::prelude::*;", "    let w = web_sys::window();", "use gloo;", "use js_sys::{Array, Object};"]
    {
        assert!(names_web_crate(line), "{line}");
    }
    for line in ["/// Unlike yew::Html, …", "let yewish = 1;", "my_gloo::x()", "// web_sys::window()"] {
        assert!(!names_web_crate(line), "{line}");
    }
}

#[test]
fn no_inner_html() {
    let mut paths = files("src", &[".rs"]);
    paths.extend(files("index.html", &[]));
    paths.extend(files("sw.js", &[]));
    paths.extend(files("scripts", &[".mjs", ".js"]));
    paths.extend(files("styles", &[".css"]));
    let needle = ["inner", "HTML"].concat();
    let bad = offending(&paths, |l| l.contains(&needle) || l.contains("set_inner_html"));
    assert!(bad.is_empty(), "no {needle} (text goes in as text nodes):\n{}", bad.join("\n"));
}

#[test]
fn nothing_reads_beside_the_repository() {
    // A clone elsewhere has nothing beside it: tests, scripts and CI read only the repository.
    let mut paths = files("tests", &[".rs", ".py", ".mjs", ".js", ".sh"]);
    paths.extend(files("scripts", &[""]));
    paths.extend(files(".ci", &[""]));
    paths.extend(files("bench", &[".mjs", ".js"]));
    let here = rel(&root().join(file!()));
    let paths: Vec<PathBuf> = paths.into_iter().filter(|p| rel(p) != here && !rel(p).ends_with("tidy.rs")).collect();
    let shared = ["..", "/shared"].concat();
    // A path built from its parts, as Python's os.path.join(ROOT, "..", …) did.
    let joined = ["\"..\"", ", \"shared\""].concat();
    let bad = offending(&paths, |l| l.contains(&shared) || l.contains(&joined));
    assert!(bad.is_empty(), "reads {shared}, which a clone elsewhere does not have:\n{}", bad.join("\n"));
}

/// The core's layers, bottom first: a module may use only modules of its own layer or
/// below, and no two modules may use each other, even through others (see `src/lib.rs`).
const LAYERS: [&[&str]; 8] = [
    &["text", "small_sort"],
    &["model"],
    &["kind", "frame"],
    &["template", "check", "chain"],
    &["document"],
    &["render"],
    &["kinds"],
    &["draft_io", "schema", "findings"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The core module a file belongs to: `src/check.rs` → `check`, `src/render/docx.rs` →
/// `render`. `None` for the crate roots, the UI and the binaries.
fn module_of(path: &Path) -> Option<String> {
    let r = rel(path);
    let inner = r.strip_prefix("src/")?;
    let first = inner.split('/').next()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main" | "ui" | "bin")).then(|| name.to_string())
}

/// The top-level modules a line of code names through `crate::` (`crate::a::b`, and each item
/// of `crate::{a, b::c}`).
fn crate_refs(line: &str) -> Vec<String> {
    let c = code(line);
    let ident = |s: &str| s.chars().take_while(|ch| ch.is_alphanumeric() || *ch == '_').collect::<String>();
    let mut out = Vec::new();
    for (i, _) in c.match_indices("crate::") {
        let rest = &c[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut start) = (0, 0);
            for (j, ch) in group.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.push(ident(group[start..j].trim()));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(ident(group[start..j].trim()));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|m| !m.is_empty() && m != "self");
    out
}

/// Every `use` edge between core modules: (from, to, where).
fn core_edges() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for p in files("src", &[".rs"]) {
        let Some(from) = module_of(&p) else { continue };
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            for to in crate_refs(line) {
                if to != from {
                    out.push((from.clone(), to, format!("{}:{}: {}", rel(&p), i + 1, line.trim())));
                }
            }
        }
    }
    out
}

/// A module that reaches itself through the edges, with the path it takes, if any.
fn find_circle(edges: &[(String, String, String)]) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        edges: &[(String, String, String)],
        path: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|x| x == m) {
            let mut circle = path[i..].to_vec();
            circle.push(m.to_string());
            return Some(circle);
        }
        if done.iter().any(|x| x == m) {
            return None;
        }
        path.push(m.to_string());
        for (from, to, _) in edges {
            if from == m {
                if let Some(c) = visit(to, edges, path, done) {
                    return Some(c);
                }
            }
        }
        path.pop();
        done.push(m.to_string());
        None
    }
    let mut done = Vec::new();
    let mut modules: Vec<&String> = edges.iter().map(|(f, _, _)| f).collect();
    modules.dedup();
    modules.into_iter().find_map(|m| visit(m, edges, &mut Vec::new(), &mut done))
}

#[test]
fn the_core_is_in_layers_without_a_circle() {
    let edges = core_edges();
    assert!(edges.len() > 20, "edges found: {}", edges.len());
    let mut bad = Vec::new();
    for (from, to, place) in &edges {
        match (layer(from), layer(to)) {
            (None, _) => bad.push(format!("{place}\n    module `{from}` has no layer in tests/tidy.rs LAYERS")),
            (_, None) => bad.push(format!("{place}\n    module `{to}` has no layer in tests/tidy.rs LAYERS")),
            (Some(a), Some(b)) if b > a => {
                bad.push(format!("{place}\n    `{from}` (layer {a}) uses `{to}`, a layer above it ({b})"))
            }
            _ => {}
        }
    }
    assert!(bad.is_empty(), "the core's layers (src/lib.rs):\n{}", bad.join("\n"));
    if let Some(circle) = find_circle(&edges) {
        let places: Vec<&str> = circle
            .windows(2)
            .filter_map(|w| edges.iter().find(|(f, t, _)| *f == w[0] && *t == w[1]).map(|(_, _, p)| p.as_str()))
            .collect();
        panic!("the core's modules use each other in a circle: {}\n{}", circle.join(" → "), places.join("\n"));
    }
}

#[test]
fn the_layer_check_sees_uses_and_circles() {
    assert_eq!(crate_refs("use crate::kind::{Block, Kind};"), vec!["kind"]);
    assert_eq!(crate_refs("use crate::{document, draft_io::{a, b}, kinds};"), vec!["document", "draft_io", "kinds"]);
    assert_eq!(crate_refs("    let x = crate::frame::signature_lines(d); // crate::check"), vec!["frame"]);
    assert!(crate_refs("/// See [`crate::check::check_rules`].").is_empty());
    let e = |a: &str, b: &str| (a.to_string(), b.to_string(), String::new());
    assert_eq!(
        find_circle(&[e("a", "b"), e("b", "c"), e("c", "a")]),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(find_circle(&[e("a", "b"), e("b", "c"), e("a", "c")]), None);
}

/// The ND30 frame's dotted paths (`letterhead.date`, `signature.name`, …), as
/// `src/frame.rs` declares them in `frame::path`.
fn frame_paths() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("src/frame.rs")).unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("pub const ").filter(|r| r.contains(": &str = \"")) {
            let value = rest.split('"').nth(1).unwrap_or("");
            if value.contains('.') {
                out.push(format!("\"{value}\""));
            }
        }
    }
    out
}

/// "The core declares the frame once and no other code names its paths": no Rust file but
/// `src/frame.rs` writes a frame path as a string (tests inside `#[cfg(test)]` may, as data;
/// the library table's rule names that happen to equal a path are rule ids, not paths).
#[test]
fn only_the_frame_names_the_frame_paths() {
    let paths = frame_paths();
    assert!(paths.len() >= 15, "frame paths found in src/frame.rs: {paths:?}");
    let mut bad = Vec::new();
    for p in files("src", &[".rs"]) {
        let r = rel(&p);
        if r == "src/frame.rs" || r.starts_with("src/ui/") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            let c = code(line);
            if c.contains("LibraryCheck {") {
                continue;
            }
            if let Some(found) = paths.iter().find(|f| c.contains(f.as_str())) {
                bad.push(format!("{r}:{}: {found} — use crate::frame::path", i + 1));
            }
        }
    }
    assert!(bad.is_empty(), "frame paths written out of src/frame.rs:\n{}", bad.join("\n"));
}
