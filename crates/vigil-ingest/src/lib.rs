//! Ingestion: bytes in, [`Document`]s out.
//!
//! The stages are visible in the modules: [`walk`] turns command-line paths into inputs,
//! [`detect`] decides the format from content (the extension is only a hint) and decodes the
//! bytes, a parser per format ([`text`], [`html`], [`feed`], [`pdf`], [`jsonl`]) produces
//! [`Draft`]s, and [`finish`] gives each draft its id, language and fallbacks. [`neardup`]
//! computes the fingerprint that stores use to link syndicated copies.
//!
//! Nothing here panics on hostile input: each parser runs under [`guard`], and a bad input
//! becomes a [`DocError`] that names it, while the rest of the run goes on.

pub mod dates;
pub mod detect;
mod draft;
mod error;
pub mod feed;
pub mod guard;
pub mod html;
pub mod jsonl;
pub mod lang;
pub mod neardup;
pub mod pdf;
pub mod text;
pub mod walk;

pub use draft::{Draft, Input, Overrides, finish, parse};
pub use error::{DocError, Problem};
