//! Adding a document, written once over the [`Batch`] trait: exact duplicates are skipped,
//! near-duplicates are linked to the earliest copy of their cluster.

use vigil_core::{DocId, Document, Facts, Fingerprint, NEAR_DUPLICATE};

use crate::{Batch, Candidate, Result};

/// What happened to a document offered to the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Added {
    New,
    /// The same text is already stored.
    Duplicate,
    /// Stored and linked: a near-duplicate of `original` (which may be this document, when it
    /// was published before the copy stored so far).
    NearDuplicate {
        original: DocId,
        similarity: f64,
    },
}

pub fn add_document(
    batch: &mut dyn Batch,
    doc: &Document,
    fingerprint: &Fingerprint,
    facts: &Facts,
) -> Result<Added> {
    if batch.contains(&doc.id)? {
        return Ok(Added::Duplicate);
    }
    let best = batch
        .candidates(fingerprint)?
        .into_iter()
        .map(|c| (fingerprint.similarity(&c.fingerprint), c))
        .filter(|(s, _)| *s >= NEAR_DUPLICATE)
        .max_by(|(a, x), (b, y)| a.total_cmp(b).then_with(|| later(y, x)));
    let Some((similarity, original)) = best else {
        batch.insert(doc, fingerprint, facts, None)?;
        return Ok(Added::New);
    };
    let published = doc.published.map(|p| p.to_iso());
    if earlier(published.as_deref(), original.published.as_deref()) {
        batch.insert(doc, fingerprint, facts, None)?;
        batch.promote(&doc.id, &original.id, similarity)?;
        return Ok(Added::NearDuplicate { original: doc.id.clone(), similarity });
    }
    batch.insert(doc, fingerprint, facts, Some((&original.id, similarity)))?;
    Ok(Added::NearDuplicate { original: original.id, similarity })
}

/// Orders candidates so that, at equal similarity, the earlier one wins.
fn later(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    match (a.published.as_deref(), b.published.as_deref()) {
        (Some(x), Some(y)) => x.cmp(y).then_with(|| a.id.cmp(&b.id)),
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, None) => a.id.cmp(&b.id),
    }
}

/// True when a document published at `a` came before one published at `b`. Undated
/// documents come last, so a dated copy becomes the original of an undated one.
fn earlier(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a < b,
        (Some(_), None) => true,
        _ => false,
    }
}
