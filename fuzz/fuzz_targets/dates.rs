//! Any text through the date readers: metadata stamps, dates in addresses and lines, and the
//! extraction of date expressions against an arbitrary publication day.
#![no_main]
mod common;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: common::abort_on_uncontained_panics(), |data: &[u8]| {
    let (anchor, rest) = data.split_at(data.len().min(2));
    let text = String::from_utf8_lossy(rest);
    let _ = vigil_ingest::dates::parse_stamp(&text);
    let _ = vigil_ingest::dates::url_date(&text);
    let _ = vigil_ingest::dates::find_date(&text);
    let days = anchor.iter().fold(0u64, |n, &b| n * 256 + u64::from(b));
    let published = NaiveDate::from_ymd_opt(1900, 1, 1).and_then(|d| d.checked_add_days(chrono::Days::new(days)));
    let chars = text.chars().count();
    for d in vigil_extract::dates::find(&text, published) {
        assert!(d.start <= d.end && d.end <= chars);
        assert!(d.value.len() >= 4 && d.value.as_bytes()[..4].iter().all(u8::is_ascii_digit), "{}", d.value);
    }
});
