//! Shared by the targets (each includes it as a module).

/// A panic hook that lets the parsers' guard contain a third-party panic, as ingest does,
/// and aborts (a finding) on any other panic.
pub fn abort_on_uncontained_panics() {
    std::panic::set_hook(Box::new(|info| {
        if !vigil_ingest::guard::is_containing() {
            eprintln!("{info}");
            std::process::abort();
        }
    }));
}

/// Every object with a `start` and an `end` lies inside a text of `chars` characters.
#[allow(dead_code)]
pub fn spans_inside(value: &serde_json::Value, chars: usize) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let (Some(start), Some(end)) =
                (map.get("start").and_then(Value::as_u64), map.get("end").and_then(Value::as_u64))
            {
                assert!(start <= end && end as usize <= chars, "span {start}..{end} of {chars} characters");
            }
            map.values().for_each(|v| spans_inside(v, chars));
        }
        Value::Array(items) => items.iter().for_each(|v| spans_inside(v, chars)),
        _ => {}
    }
}
