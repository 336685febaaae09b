//! vigil's judgments across documents, kept apart from the facts they rest on.
//!
//! - [`report`]: one document's reading of an attack, as resolution sees it.
//! - [`resolve`]: which readings describe one real-world incident, each assignment with its
//!   reason; incremental (new readings join existing incidents) and deterministic.
//! - [`sources`]: source profiles (outlet or domain → Admiralty reliability A–F).
//! - [`assess`]: each incident field's history of reported values, the current value with the
//!   rule that chose it, credibility 1–6 from independent corroboration and contradiction, and
//!   the flags an analyst must see (contested, uncorroborated).
//! - [`scorecard`]: a group's markers of resurgence read as present, absent or contested from
//!   evidence sentences, and an overall reading with its reasons.
//!
//! Nothing here reads files, the clock or the environment: the binary hands in what the store
//! holds and stores what comes back.

pub mod assess;
pub mod kin;
pub mod report;
pub mod resolve;
pub mod scorecard;
pub mod sources;

pub use assess::{Assessment, FieldAssessment, assess};
pub use kin::Groups;
pub use report::{IncidentReading, IncidentReport, date_range};
pub use resolve::{Assignment, Resolver, Target};
pub use sources::{Grade, SourceProfiles};
