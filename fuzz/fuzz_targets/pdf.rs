//! Any bytes after a PDF header, through ingest as a PDF.
#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;
use vigil_ingest::Input;

fuzz_target!(init: common::abort_on_uncontained_panics(), |data: &[u8]| {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend_from_slice(data);
    let _ = vigil_ingest::parse(&Input { origin: "case".into(), path: None, bytes, modified: None });
});
