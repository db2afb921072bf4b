//! The .docx writer as a Web Worker (built by Trunk for wasm32, `data-type="worker"`).
//!
//! The writer (docx-rs, zip) is more than half of the app's code, so it lives in its own wasm
//! that the page starts in the background once the form is usable (see `ui::docx_worker`);
//! the page's first load stays small.
//!
//! Protocol (plain objects over `postMessage`):
//! - worker → page, once, when ready to work: `{ type: "ready" }`
//! - page → worker: `{ id: number, draft: string }` — the draft's JSON
//! - worker → page: `{ id, bytes: ArrayBuffer }` (transferred) or `{ id, error: string }`
//!   (a Vietnamese sentence)
#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("docx-worker is part of the browser app: build it with `trunk build` (see README).");
    std::process::exit(2);
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use baocao::model::Draft;
    use baocao::{document, kind, render};
    use js_sys::{Array, Object, Reflect, Uint8Array};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// The .docx bytes of a draft's JSON, or why not (one Vietnamese sentence).
    fn build(json: &str) -> Result<Vec<u8>, String> {
        // The page sends the draft it holds, exactly as it serialises it for autosave.
        let draft: Draft =
            serde_json::from_str(json).map_err(|e| format!("Bản nháp gửi tới bộ tạo tệp không đọc được: {e}."))?;
        let kind = kind::by_id(&draft.kind).ok_or_else(|| format!("Không có loại báo cáo “{}”.", draft.kind))?;
        let doc = document::build(kind, &draft);
        let bytes = render::docx::render(&doc);
        if bytes.is_empty() {
            return Err("Bộ tạo tệp .docx gặp lỗi khi nén tệp.".into());
        }
        Ok(bytes)
    }

    fn set(obj: &Object, key: &str, value: &JsValue) {
        let _ = Reflect::set(obj, &JsValue::from_str(key), value);
    }

    pub fn start() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply_scope = scope.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let id = Reflect::get(&data, &JsValue::from_str("id")).unwrap_or(JsValue::NULL);
            let draft = Reflect::get(&data, &JsValue::from_str("draft")).ok().and_then(|v| v.as_string());
            let reply = Object::new();
            set(&reply, "id", &id);
            let result = match draft {
                Some(json) => build(&json),
                None => Err("Yêu cầu gửi tới bộ tạo tệp .docx không hợp lệ.".into()),
            };
            match result {
                Ok(bytes) => {
                    let array = Uint8Array::from(bytes.as_slice());
                    let buffer = array.buffer();
                    set(&reply, "bytes", &buffer);
                    // Transfer the buffer: no copy on the way back.
                    if reply_scope.post_message_with_transfer(&reply, &Array::of1(&buffer)).is_err() {
                        let _ = reply_scope.post_message(&reply);
                    }
                }
                Err(msg) => {
                    set(&reply, "error", &JsValue::from_str(&msg));
                    let _ = reply_scope.post_message(&reply);
                }
            }
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();

        let ready = Object::new();
        set(&ready, "type", &JsValue::from_str("ready"));
        let _ = scope.post_message(&ready);
    }
}
