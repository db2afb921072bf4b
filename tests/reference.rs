//! The sample draft reproduces the reference report word for word.

use baocao::kinds;
use baocao::{document, render};

fn reference() -> String {
    include_str!("fixtures/bao-cao-dan-van-2021.txt").to_string()
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

#[test]
fn sample_text_is_the_reference_word_for_word() {
    let k = kinds::by_id("dan-van-chinh-quyen").unwrap();
    let doc = document::build(k, &kinds::sample(k));
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
    for line in [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN BÌNH SƠN",
        "/BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bình Sơn, ngày 05 tháng 01 năm 2022",
    ] {
        assert!(head.contains(line), "letterhead lacks {line}:\n{head}");
    }
}

#[test]
fn the_period_and_the_issuer_drive_the_wording() {
    use serde_json::json;
    let k = kinds::by_id("dan-van-chinh-quyen").unwrap();
    let mut d = kinds::sample(k);
    d.set("period.type", json!("first-half"));
    d.set("period.year", json!(2026));
    d.set("letterhead.issuer", json!(["ỦY BAN NHÂN DÂN", "XÃ BÌNH SƠN"]));
    d.set("letterhead.issuer_name", json!("UBND xã Bình Sơn"));
    d.set("letterhead.issuer_self", json!("UBND xã"));
    d.set("reception.host", json!("Chủ tịch UBND xã"));
    let doc = document::build(k, &d);
    let text = render::plain::render(&doc);
    assert_eq!(doc.title, "Kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm 2026, một số nhiệm vụ chủ yếu 6 tháng cuối năm 2026");
    assert!(text.contains("IV. MỘT SỐ NHIỆM VỤ CHỦ YẾU 6 THÁNG CUỐI NĂM 2026"));
    assert!(text.contains("trên địa bàn 6 tháng đầu năm 2026, UBND xã đã xây dựng"));
    assert!(text.contains("Từ đầu năm đến nay, Chủ tịch UBND xã đã tiếp 124 lượt/152 người"));
    assert!(text.contains("của UBND xã về thực hiện Quy chế dân chủ"));
    assert!(text.contains(
        "6 tháng đầu năm 2026 và một số nhiệm vụ chủ yếu 6 tháng cuối năm 2026, UBND xã Bình Sơn kính báo cáo./."
    ));
    assert!(text.contains("ỦY BAN NHÂN DÂN\nXÃ BÌNH SƠN"));
    assert_eq!(doc.file_name, "BC-UBND-dan-van-6-thang-2026.docx");
    assert!(!text.contains("huyện Bình Sơn kính"), "no wording left from the sample's issuer");
}

#[test]
fn figures_become_sentences_with_the_reference_conventions() {
    use serde_json::json;
    let k = kinds::by_id("dan-van-chinh-quyen").unwrap();
    let mut d = kinds::sample(k);
    d.set("reception.delegations", json!(2));
    d.set("cases.petitions.carried", json!(3));
    d.set("cases.land.letters", json!(1234));
    d.set("cases.denunciations", json!({"letters": 0, "cases": 0, "resolved": 0}));
    let text = render::plain::render(&document::build(k, &d));
    assert!(text.contains("122 vụ việc (*có 02 đoàn đông người*); cụ thể"), "delegations when non-zero");
    assert!(text.contains("21 đơn/21 vụ (*có 03 vụ kỳ trước chuyển sang*)"), "carried over only when non-zero");
    assert!(text.contains("1.234 đơn/05 vụ"), "thousands grouped");
    // A row of zeros is said in words (the kind's `none`), never "0 đơn/0 vụ".
    assert!(text.contains("- Không có đơn tố cáo thuộc thẩm quyền."));
    assert!(!text.contains("0 đơn/0 vụ"));
    // An empty row of the table prints nothing.
    d.set("cases.land", json!({}));
    let text = render::plain::render(&document::build(k, &d));
    assert!(!text.contains("tranh chấp đất đai thuộc thẩm quyền"));
}
