//! The web app's entry point (built by Trunk for wasm32).
#[cfg(target_arch = "wasm32")]
fn main() {
    baocao::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("baocao-web is the browser app: build it with `trunk build` (see README).");
    std::process::exit(2);
}
