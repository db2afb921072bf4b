//! The bundled kind files (`src/kinds/*.json`) are embedded whole in the command line and the
//! core worker. The web page needs only their form: this writes, for each, a copy without its
//! `rules`, `sample` and sentence templates to `$OUT_DIR/<file>.form.json`, which the page embeds (its wasm stays
//! small, and `tests/browser/budget.test.mjs` checks the rules' messages are not in it).

use std::{env, fs, path::Path};

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dir = Path::new("src/kinds");
    println!("cargo:rerun-if-changed=src/kinds");
    let mut names: Vec<_> = fs::read_dir(dir)
        .expect("src/kinds")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.to_string_lossy().ends_with("_sample.json"))
        .collect();
    names.sort();
    for path in names {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).expect("a kind file");
        // A file that does not parse is embedded as it is; the core's reader reports it.
        let form = match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Object(mut m)) => {
                m.remove("rules");
                m.remove("sample");
                m.remove("$schema");
                // The sentences are written by the worker (`document::build`); the page
                // shows the document it sends, and reads its copy quietly, without them.
                m.remove("title_template");
                m.remove("closing_template");
                if let Some(serde_json::Value::Array(body)) = m.get_mut("body") {
                    for b in body.iter_mut().filter_map(|b| b.as_object_mut()) {
                        b.remove("template");
                    }
                }
                serde_json::to_string(&m).expect("a JSON value writes")
            }
            _ => text,
        };
        let name = path.file_stem().expect("a file name").to_string_lossy().to_string();
        fs::write(Path::new(&out).join(format!("{name}.form.json")), form).expect("OUT_DIR is writable");
    }
}
