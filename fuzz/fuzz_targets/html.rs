//! Any text through the html parser directly, with no guard around it.
#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: common::abort_on_uncontained_panics(), |data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = vigil_ingest::html::parse(&text, "case");
});
