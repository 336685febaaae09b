//! Any text as a plain or Markdown document: header blocks, front matter, boilerplate.
#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;
use vigil_core::Format;

fuzz_target!(init: common::abort_on_uncontained_panics(), |data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = vigil_ingest::text::parse(&text, Format::Text, "case");
    let _ = vigil_ingest::text::parse(&text, Format::Markdown, "case");
});
