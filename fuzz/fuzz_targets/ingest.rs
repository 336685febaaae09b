//! Any bytes through ingest's front door: format detection, then whichever parser applies.
//! Only the PDF library's panics may be contained (and reported as that input's failure).
#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;
use vigil_ingest::{Input, Problem};

fuzz_target!(init: common::abort_on_uncontained_panics(), |data: &[u8]| {
    let input = Input { origin: "case".into(), path: None, bytes: data.to_vec(), modified: None };
    for parsed in vigil_ingest::parse(&input) {
        if let Err(e) = parsed {
            assert!(!matches!(e.problem, Problem::Crashed(_)) || data.starts_with(b"%PDF-"), "{}", e.problem);
        }
    }
});
