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
    // A clone elsewhere has no ../shared: tests, scripts and CI read only the repository.
    let mut paths = files("tests", &[".rs", ".py", ".mjs", ".js", ".sh"]);
    paths.extend(files("scripts", &[""]));
    paths.extend(files(".ci", &[""]));
    paths.extend(files("bench", &[".mjs", ".js"]));
    let here = rel(&root().join(file!()));
    let paths: Vec<PathBuf> = paths.into_iter().filter(|p| rel(p) != here && !rel(p).ends_with("tidy.rs")).collect();
    let shared = ["..", "/shared"].concat();
    let bad = offending(&paths, |l| l.contains(&shared) || l.contains(r#""..", "shared""#));
    assert!(bad.is_empty(), "reads {shared}, which a clone elsewhere does not have:\n{}", bad.join("\n"));
}
