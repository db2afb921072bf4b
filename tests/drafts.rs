//! A file of every past draft format version keeps opening (migrated to the current one).

use baocao::kinds;
use baocao::{draft_io, model};

#[test]
fn every_past_version_opens() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/drafts");
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(v) = name.strip_prefix('v').and_then(|r| r.strip_suffix(".baocao.json")) else { continue };
        let d = draft_io::parse_bytes(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(d.version, model::VERSION, "{name} migrated");
        assert!(kinds::by_id(&d.kind).is_some());
        seen.push(v.parse::<u32>().unwrap());
    }
    seen.sort();
    let want: Vec<u32> = (1..=model::VERSION).collect();
    assert_eq!(seen, want, "one file per format version in tests/drafts");
}
