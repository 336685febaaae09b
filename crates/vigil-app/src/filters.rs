//! The incident filters that the command line and the server share, checked once: a group
//! with its branches, a country by code or name, a known link level.

use chrono::{Datelike, NaiveDate};
use vigil_store::IncidentFilter;

use crate::groups::group_and_branches;
use crate::{AppError, Result, Settings};

/// The link levels an incident can carry, strongest tie first (the names of
/// [`vigil_core::LinkLevel`]).
pub const LINKS: [&str; 6] = vigil_core::LinkLevel::NAMES;

/// Incident filters as the analyst gives them, before they are checked.
#[derive(Debug, Clone, Default)]
pub struct IncidentQuery {
    /// A group's name, alias or id: the group and its branches.
    pub group: Option<String>,
    /// An ISO code or a country name.
    pub country: Option<String>,
    pub link: Option<String>,
    pub attack_type: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// The store's filter for `query`; `limit` 0 is all.
pub fn incident_filter(settings: &Settings, query: &IncidentQuery, limit: usize) -> Result<IncidentFilter> {
    let groups = match query.group.as_deref() {
        Some(name) => group_and_branches(&settings.knowledge, name)?,
        None => Vec::new(),
    };
    let country = query.country.as_deref().map(country_code).transpose()?;
    let link = query.link.as_deref().map(link_level).transpose()?;
    Ok(IncidentFilter {
        groups,
        country,
        link,
        attack_type: query.attack_type.clone(),
        since: query.since,
        until: query.until,
        limit,
        ..IncidentFilter::default()
    })
}

/// A country's ISO code from its code or name.
pub fn country_code(name: &str) -> Result<String> {
    vigil_extract::places::country_code(name).ok_or_else(|| AppError::UnknownCountry(name.to_string()))
}

/// A link level by its name.
pub fn link_level(given: &str) -> Result<vigil_core::LinkLevel> {
    vigil_core::LinkLevel::parse(given)
        .ok_or_else(|| AppError::UnknownLink { given: given.to_string(), known: LINKS.join(", ") })
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first and last day of the period.
pub fn period(s: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let bad = || format!("{s:?} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)");
    let parts: Vec<&str> = s.trim().split('-').collect();
    // Four-digit years only: dates are kept as ISO text, where a year past 9999 would
    // compare before every other.
    if parts[0].len() != 4 {
        return Err(bad());
    }
    let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok()).ok_or_else(bad);
    let year = num(0)? as i32;
    match parts.len() {
        1 => Ok((
            NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?,
            NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(bad)?,
        )),
        2 => {
            let first = NaiveDate::from_ymd_opt(year, num(1)?, 1).ok_or_else(bad)?;
            let next = if first.month() == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, first.month() + 1, 1)
            };
            Ok((first, next.ok_or_else(bad)?.pred_opt().ok_or_else(bad)?))
        }
        3 => {
            let day = NaiveDate::from_ymd_opt(year, num(1)?, num(2)?).ok_or_else(bad)?;
            Ok((day, day))
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(period("2024"), Ok((d("2024-01-01"), d("2024-12-31"))));
        assert_eq!(period("2024-02"), Ok((d("2024-02-01"), d("2024-02-29"))));
        assert_eq!(period("2023-12"), Ok((d("2023-12-01"), d("2023-12-31"))));
        assert_eq!(period("2024-03-22"), Ok((d("2024-03-22"), d("2024-03-22"))));
        assert!(
            period("2024-13").is_err() && period("last week").is_err() && period("2024-03-22-1").is_err()
        );
        for far in ["10000", "10000-01", "99999-12-31", "+2024", "24", "0"] {
            assert!(period(far).is_err(), "{far}");
        }
    }

    use crate::StoreAddress;
    use vigil_extract::Knowledge;

    fn settings() -> Settings {
        Settings {
            store: StoreAddress::parse("unused.db").unwrap(),
            knowledge: Knowledge::builtin(),
            sources_file: None,
        }
    }

    #[test]
    fn a_group_brings_its_branches_and_names_are_checked() {
        let s = settings();
        let q = IncidentQuery {
            group: Some("Islamic State".into()),
            country: Some("Afghanistan".into()),
            ..Default::default()
        };
        let f = incident_filter(&s, &q, 10).unwrap();
        assert!(f.groups.len() > 1 && f.groups.iter().any(|g| g == "iskp"), "{:?}", f.groups);
        assert_eq!(f.country.as_deref(), Some("AF"));
        assert_eq!(f.limit, 10);
        let bad = |q: IncidentQuery| incident_filter(&s, &q, 0).unwrap_err().code();
        assert_eq!(
            bad(IncidentQuery { group: Some("Nobody".into()), ..Default::default() }),
            "unknown_group"
        );
        assert_eq!(
            bad(IncidentQuery { country: Some("Atlantis".into()), ..Default::default() }),
            "unknown_country"
        );
        assert_eq!(
            bad(IncidentQuery { link: Some("sponsored".into()), ..Default::default() }),
            "unknown_link"
        );
    }
}
