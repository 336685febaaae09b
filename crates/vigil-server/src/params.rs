//! The query parameters of `vigil serve`, read once for the JSON API and the pages alike:
//! each filter parsed and checked in one place, each error naming its parameter.

use chrono::NaiveDate;
use serde::Deserialize;
use vigil_core::LinkLevel;
use vigil_store::{DocFilter, IncidentFilter, IncidentSort};

use crate::error::ApiError;
use vigil_app::Settings;

use vigil_app::filters::LINKS;
use vigil_app::groups::group_and_branches;
use vigil_app::groups::lookup;

/// Items a page of the API holds at most.
pub const MAX_LIMIT: usize = 500;

/// The query string of every page and API endpoint; empty values (a form's "any") count as
/// absent.
#[derive(Deserialize, Default, Clone)]
pub struct Params {
    pub q: Option<String>,
    pub group: Option<String>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub link: Option<String>,
    #[serde(rename = "type")]
    pub attack_type: Option<String>,
    pub indicator: Option<String>,
    pub source: Option<String>,
    pub lang: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub by: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
}

pub fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Params {
    /// The parameters as pairs, in a fixed order, empty ones left out.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let all = [
            ("q", &self.q),
            ("group", &self.group),
            ("country", &self.country),
            ("region", &self.region),
            ("link", &self.link),
            ("type", &self.attack_type),
            ("indicator", &self.indicator),
            ("source", &self.source),
            ("lang", &self.lang),
            ("since", &self.since),
            ("until", &self.until),
            ("sort", &self.sort),
            ("dir", &self.dir),
            ("by", &self.by),
            ("limit", &self.limit),
            ("offset", &self.offset),
        ];
        all.iter().filter_map(|(k, v)| given(v).map(|v| (*k, v.to_string()))).collect()
    }

    /// This query's address under `path` with `name` set to `value` (or removed), and the
    /// page offset reset unless it is what changes.
    pub fn with(&self, path: &str, name: &str, value: Option<&str>) -> String {
        let mut pairs: Vec<(&str, String)> = self
            .pairs()
            .into_iter()
            .filter(|(k, _)| *k != name && (name == "offset" || *k != "offset"))
            .collect();
        if let Some(v) = value {
            pairs.push((name, v.to_string()));
        }
        href(path, &pairs)
    }

    /// Limit and offset: `default` items unless `limit` says otherwise, at most [`MAX_LIMIT`].
    pub fn page(&self, default: usize) -> Result<(usize, usize), ApiError> {
        let number = |name: &str, v: &Option<String>, default: usize| {
            given(v).map_or(Ok(default), |v| {
                v.parse::<usize>().map_err(|_| ApiError::bad(name, format!("{v:?} is not a number")))
            })
        };
        let (limit, offset) = (number("limit", &self.limit, default)?, number("offset", &self.offset, 0)?);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::bad("limit", format!("must be between 1 and {MAX_LIMIT}")));
        }
        Ok((limit, offset))
    }

    pub fn offset(&self) -> Result<usize, ApiError> {
        Ok(self.page(1)?.1)
    }

    /// `since` (or `until`) as the first (or last) day of the period it names.
    pub fn day(&self, until: bool) -> Result<Option<NaiveDate>, ApiError> {
        if until { day("until", given(&self.until), true) } else { day("since", given(&self.since), false) }
    }

    /// The link level asked for, one of [`LINKS`].
    pub fn link(&self) -> Result<Option<LinkLevel>, ApiError> {
        match given(&self.link) {
            Some(l) => LinkLevel::parse(l)
                .map(Some)
                .ok_or_else(|| ApiError::bad("link", format!("use one of {} (not {l:?})", LINKS.join(", ")))),
            None => Ok(None),
        }
    }

    pub fn country(&self) -> Result<Option<String>, ApiError> {
        given(&self.country)
            .map(|v| {
                vigil_extract::places::country_code(v)
                    .ok_or_else(|| ApiError::bad("country", format!("unknown country {v:?}")))
            })
            .transpose()
    }

    /// The document filters, `limit` a page from the offset given.
    pub fn doc_filter(&self, settings: &Settings, limit: usize) -> Result<DocFilter, ApiError> {
        let group = match given(&self.group) {
            Some(g) => {
                Some(lookup(settings, g).map_err(|e| ApiError::bad("group", format!("{e:#}")))?.id.clone())
            }
            None => None,
        };
        Ok(DocFilter {
            source: given(&self.source).map(String::from),
            lang: given(&self.lang).map(String::from),
            group,
            country: self.country()?,
            since: self.day(false)?,
            until: self.day(true)?,
            attack_type: given(&self.attack_type).map(String::from),
            link: self.link()?,
            indicator: given(&self.indicator).map(String::from),
            limit,
            offset: self.offset()?,
        })
    }

    /// The incident filters (a group with its branches, a checked link level and order),
    /// `limit` a page from the offset given; 0 is all.
    pub fn incident_filter(&self, settings: &Settings, limit: usize) -> Result<IncidentFilter, ApiError> {
        let groups = match given(&self.group) {
            Some(g) => group_and_branches(&settings.knowledge, g)
                .map_err(|e| ApiError::bad("group", format!("{e:#}")))?,
            None => Vec::new(),
        };
        let link = self.link()?;
        let sort = match given(&self.sort) {
            None => IncidentSort::Date,
            Some(s) => IncidentSort::parse(s).ok_or_else(|| {
                let names: Vec<&str> = IncidentSort::ALL.iter().map(|(n, _)| *n).collect();
                ApiError::bad("sort", format!("{s:?}: use {}", names.join(", ")))
            })?,
        };
        let ascending = match given(&self.dir) {
            None | Some("desc") => false,
            Some("asc") => true,
            Some(other) => return Err(ApiError::bad("dir", format!("{other:?}: use asc or desc"))),
        };
        Ok(IncidentFilter {
            groups,
            country: self.country()?,
            link,
            attack_type: given(&self.attack_type).map(String::from),
            since: self.day(false)?,
            until: self.day(true)?,
            sort,
            ascending,
            limit,
            offset: self.offset()?,
        })
    }
}

/// A date parameter (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) as the first day of its period, or the
/// last when `until`.
pub fn day(parameter: &str, value: Option<&str>, until: bool) -> Result<Option<NaiveDate>, ApiError> {
    value
        .map(|v| vigil_app::filters::period(v).map(|(first, last)| if until { last } else { first }))
        .transpose()
        .map_err(|e| ApiError::bad(parameter, e))
}

/// `path?query`, the values form-encoded.
pub fn href(path: &str, pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    format!("{path}?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
}
