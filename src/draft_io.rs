//! Reading drafts from JSON: validation and migration, with a Vietnamese reason when a file
//! cannot be used.
use crate::model::Draft;

pub fn parse(s: &str) -> Result<Draft, String> {
    serde_json::from_str(s).map_err(|e| format!("Tệp không phải bản nháp báo cáo hợp lệ: {e}"))
}
