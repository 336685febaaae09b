//! JSON Lines: one line per document the incidents rest on (as `vigil show --json` gives it),
//! then one per incident with its assessment; each line says which it is in `type`.

use std::collections::BTreeSet;
use std::io::Write;

use serde_json::json;
use vigil_store::{Backend, DocFilter, IncidentFilter, IncidentRecord};

use crate::{Result, assessment};

/// One line per document (its facts summarised as the store keeps them), then one per incident
/// with its assessment; each line says which it is in `type`.
pub(crate) fn jsonl<I: Iterator<Item = Result<IncidentRecord>>>(
    store: &dyn Backend,
    incidents: impl Fn() -> I,
    filter: &IncidentFilter,
    out: &mut dyn Write,
) -> Result<usize> {
    let mut docs: BTreeSet<String> = BTreeSet::new();
    let whole_store = filter.groups.is_empty()
        && filter.country.is_none()
        && filter.link.is_none()
        && filter.since.is_none()
        && filter.until.is_none();
    if whole_store {
        for d in store.documents(&DocFilter::default())? {
            docs.insert(d.id.as_str().to_string());
        }
    }
    // First the documents the incidents rest on (ids only are held), then the incidents.
    for r in incidents() {
        docs.extend(assessment(store, &r?)?.sources.iter().map(|s| s.doc.clone()));
    }
    for id in &docs {
        let d = store.document(id)?;
        let line = json!({"type": "document", "document": d});
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    let mut written = 0;
    for r in incidents() {
        let r = r?;
        let a = assessment(store, &r)?;
        let line = json!({"type": "incident", "incident": r, "assessment": a});
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
        written += 1;
    }
    Ok(written)
}
