//! The `baocao` command line: output formats and exit codes (0 ok, 1 errors found, 2 unusable).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn baocao(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin); // the program may close stdin early
    drop(input);
    child.wait_with_output().unwrap()
}

fn sample() -> String {
    String::from_utf8(baocao(&["sample"], b"").stdout).unwrap()
}

/// The sample with 10 periodic visits instead of 11.
fn broken_sample() -> String {
    let mut v: serde_json::Value = serde_json::from_str(&sample()).unwrap();
    v["reception"]["figures"]["periodic"]["visits"] = 10.into();
    v.to_string()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

#[test]
fn sample_checks_clean_and_renders() {
    let s = sample();
    let o = baocao(&["check", "-"], s.as_bytes());
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 1, "one warning on the reference: {out}");
    assert!(out.starts_with("WARNING recipients.punctuation recipients.cc.6: "), "{out}");

    let o = baocao(&["render", "-", "-o", "-"], s.as_bytes());
    assert_eq!(code(&o), 0);
    assert!(o.stdout.starts_with(b"PK"), "a zip");
}

#[test]
fn an_error_exits_1_with_one_line_per_finding() {
    let s = broken_sample();
    let o = baocao(&["check", "-"], s.as_bytes());
    assert_eq!(code(&o), 1);
    let out = String::from_utf8(o.stdout).unwrap();
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        "ERROR reception.visits.sum reception.figures.total.visits,reception.figures.regular.visits,reception.figures.periodic.visits: \
         Tổng số lượt tiếp (124) khác tiếp thường xuyên (113) + tiếp định kỳ, đột xuất (10) = 123; chênh lệch 1 lượt."
    );
}

#[test]
fn json_output_lists_findings_with_field_paths() {
    let s = broken_sample();
    let o = baocao(&["check", "--json", "-"], s.as_bytes());
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let arr = v.as_array().unwrap();
    let f = &arr[0];
    assert_eq!(f["rule"], "reception.visits.sum");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["fields"][2], "reception.figures.periodic.visits");
    assert_eq!(f["values"]["sum"], 123);
    assert!(f["message"].as_str().unwrap().contains("chênh lệch 1 lượt"));
    for f in arr {
        for key in ["rule", "severity", "fields", "message", "values"] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
}

#[test]
fn unusable_drafts_exit_2_with_one_line() {
    let s = sample();
    let dir = std::env::temp_dir().join(format!("baocao-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.json");
    {
        let mut f = std::fs::File::create(&big).unwrap();
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..50 {
            f.write_all(&chunk).unwrap();
        }
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("not JSON", b"hello".to_vec()),
        ("wrong shape", b"[1, 2, 3]".to_vec()),
        ("unknown kind", s.replace("dan-van-chinh-quyen", "bao-cao-khac").into_bytes()),
        ("future version", s.replacen("\"version\": 1", "\"version\": 7", 1).into_bytes()),
        ("text for a number", s.replace("\"visits\": 124", "\"visits\": \"nhiều\"").into_bytes()),
        ("number beyond range", s.replace("\"visits\": 124", "\"visits\": 1e400").into_bytes()),
        ("deep nesting", "[".repeat(1_000_000).into_bytes()),
        ("non UTF-8", vec![0xff, 0xfe, 0xfd, b'{']),
        ("empty", Vec::new()),
    ];
    for (name, input) in cases {
        for cmd in [vec!["check", "-"], vec!["render", "-", "-o", "-"]] {
            let t = std::time::Instant::now();
            let o = baocao(&cmd, &input);
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(code(&o), 2, "{name} / {cmd:?}: {err}");
            assert_eq!(err.trim_end().lines().count(), 1, "{name}: one line on stderr, got {err}");
            assert!(!err.contains("panicked"), "{name}: {err}");
            assert!(o.stdout.is_empty(), "{name}: nothing on stdout");
            assert!(t.elapsed().as_secs() < 10, "{name} took {:?}", t.elapsed());
        }
    }
    for path in [big.to_str().unwrap(), "/no/such/file.json", dir.to_str().unwrap()] {
        let o = baocao(&["check", path], b"");
        assert_eq!(code(&o), 2, "{path}");
        assert_eq!(String::from_utf8_lossy(&o.stderr).trim_end().lines().count(), 1);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_and_bad_arguments() {
    let o = baocao(&["--help"], b"");
    assert_eq!(code(&o), 0);
    let help = String::from_utf8(o.stdout).unwrap();
    for cmd in ["sample", "render", "check"] {
        assert!(help.contains(cmd), "{help}");
    }
    assert_eq!(code(&baocao(&["render", "--help"], b"")), 0);
    assert_eq!(code(&baocao(&["nonsense"], b"")), 2);
    assert_eq!(code(&baocao(&["render", "-"], b"")), 2, "missing -o");
}

#[test]
fn rules_table_lists_every_rule() {
    let o = baocao(&["rules"], b"");
    assert_eq!(code(&o), 0);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("`reception.visits.sum` | Lỗi"));
    assert!(out.contains("`cases.land.letters` | Cảnh báo"));
}

#[test]
fn the_committed_schema_is_current() {
    let o = baocao(&["schema"], b"");
    assert_eq!(code(&o), 0);
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/draft.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        committed,
        "docs/draft.schema.json is stale: run `cargo run -q -- schema > docs/draft.schema.json`"
    );
}
