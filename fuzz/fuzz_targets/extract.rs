//! Any text through extraction: no panic, and every fact's evidence inside the text.
#![no_main]
mod common;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vigil_extract::Extractor;

fuzz_target!(init: common::abort_on_uncontained_panics(), |data: &[u8]| {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    let extractor = EXTRACTOR.get_or_init(Extractor::builtin);
    let text = String::from_utf8_lossy(data);
    let facts = extractor.extract(&text, None).facts();
    common::spans_inside(&serde_json::to_value(&facts).expect("facts serialise"), text.chars().count());
});
