//! Incidents as vigil judged them: the stored record with its assessment read once, for every
//! caller (the command line, the server's pages and API, the exports and the briefs).

use vigil_assess::Assessment;
use vigil_store::{Backend, IncidentRecord};

use crate::{AppError, Result};

/// An incident's current values with the assessment behind them: every field's history, the
/// rule that chose each value, credibility, flags and sources.
#[derive(Debug, Clone)]
pub struct AssessedIncident {
    pub record: IncidentRecord,
    pub assessment: Assessment,
}

/// Incident `id` with its assessment.
pub fn incident(store: &dyn Backend, id: i64) -> Result<AssessedIncident> {
    let record = store.incident(id)?;
    let assessment =
        serde_json::from_str(&record.assessment).map_err(|source| AppError::Assessment { id, source })?;
    Ok(AssessedIncident { record, assessment })
}

/// The assessment of a listed incident (lists carry the record without it).
pub fn assessment(store: &dyn Backend, record: &IncidentRecord) -> Result<Assessment> {
    Ok(incident(store, record.id.unwrap_or_default())?.assessment)
}
