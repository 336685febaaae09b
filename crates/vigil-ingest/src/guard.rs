//! Containment for third-party parsers: a panic inside one becomes an error for that input.
//!
//! [`contain`] marks the current thread while the closure runs, so that a process-wide panic
//! hook can stay quiet about contained panics (see [`is_containing`]) while still reporting
//! real bugs everywhere else.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into `Err(message)`.
pub fn contain<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let outer = CONTAINING.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CONTAINING.with(|c| c.set(outer));
    result.map_err(|payload| {
        if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "unknown panic".to_string()
        }
    })
}

/// True while the current thread is inside [`contain`].
pub fn is_containing() -> bool {
    CONTAINING.with(|c| c.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_a_panic_and_restores_the_flag() {
        assert!(!is_containing());
        let r: Result<(), String> = contain(|| panic!("bad table"));
        assert_eq!(r, Err("bad table".to_string()));
        assert!(!is_containing());
        assert_eq!(contain(|| 7), Ok(7));
    }
}
