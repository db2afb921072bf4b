//! The sample draft reproduces the reference report word for word.

use baocao::{document, kind, render};

fn reference() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference/bao-cao-dan-van-2021.txt");
    std::fs::read_to_string(path).expect("shared/reference is beside the repository")
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

#[test]
fn sample_text_is_the_reference_word_for_word() {
    let k = kind::by_id("dan-van-chinh-quyen").unwrap();
    let doc = document::build(k, &(k.sample)());
    let text = render::plain::render(&doc);
    // The reference lost its letterhead: compare from the document type on.
    let start = text.find("\n\nBÁO CÁO\n\n").expect("document type") + 2;
    let ours = words(&text[start..]);
    let theirs = words(&reference());
    if ours != theirs {
        let i = ours.iter().zip(&theirs).position(|(a, b)| a != b).unwrap_or(ours.len().min(theirs.len()));
        panic!(
            "first difference at word {i}:\n ours:   {:?}\n theirs: {:?}",
            &ours[i.saturating_sub(8)..(i + 8).min(ours.len())],
            &theirs[i.saturating_sub(8)..(i + 8).min(theirs.len())]
        );
    }
    // And the letterhead the text file lost.
    let head = &text[..start];
    for line in ["ỦY BAN NHÂN DÂN", "HUYỆN BÌNH SƠN", "/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Bình Sơn, ngày 05 tháng 01 năm 2022"] {
        assert!(head.contains(line), "letterhead lacks {line}:\n{head}");
    }
}
