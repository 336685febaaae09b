//! Errors as the API and the pages report them: a stable code, a message and an HTTP status.
//! [`CODES`] is the one table from codes to statuses; every error the server can meet is given
//! one of its codes here, and the OpenAPI description lists them from it.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use vigil_app::AppError;
use vigil_export::ExportError;
use vigil_store::StoreError;

/// Every error code the server gives: its HTTP status and what it means.
pub const CODES: &[(&str, u16, &str)] = &[
    ("bad_parameter", 400, "a query parameter has a value the endpoint cannot use (the message names it)"),
    ("bad_query", 400, "the search query is malformed or over its limits"),
    ("ambiguous_id", 400, "a document id prefix matches more than one document"),
    ("unknown_group", 400, "no group of the knowledge file has that id, name or alias"),
    ("unknown_country", 400, "no country has that code or name"),
    ("unknown_region", 400, "no country or named region has that name"),
    ("unknown_link", 400, "not a link level"),
    ("bad_request", 400, "the request cannot be answered as given (the message says why)"),
    ("not_found", 404, "no such document, incident, group or endpoint"),
    ("unknown_host", 421, "the Host header names no address of this server"),
    ("deadline_exceeded", 503, "the request's store work ran past its time limit, or its client left"),
    ("store_error", 500, "the store could not be read"),
    ("bad_settings", 500, "the server's store address or source profiles cannot be used"),
    ("export_error", 500, "an export could not be written"),
    ("internal", 500, "the request failed inside the server"),
];

/// An error as the API reports it: a stable code, a message, and the HTTP status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    code: &'static str,
    pub message: String,
}

impl ApiError {
    /// An error with code `code` from [`CODES`], its status from the table.
    pub fn new(code: &'static str, message: impl Into<String>) -> ApiError {
        let status = CODES.iter().find(|(c, _, _)| *c == code).map_or(500, |(_, s, _)| *s);
        ApiError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code,
            message: message.into(),
        }
    }

    pub fn bad(parameter: &str, message: impl Into<String>) -> ApiError {
        ApiError::new("bad_parameter", format!("{parameter}: {}", message.into()))
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new("not_found", message)
    }

    pub fn code(&self) -> &'static str {
        self.code
    }
}

/// The code of a store error.
fn store_code(e: &StoreError) -> &'static str {
    match e {
        StoreError::NotFound(_) | StoreError::NoIncident(_) => "not_found",
        StoreError::Ambiguous(_) => "ambiguous_id",
        StoreError::Query(_) => "bad_query",
        StoreError::Interrupted => "deadline_exceeded",
        _ => "store_error",
    }
}

/// The code of an application error.
fn app_code(e: &AppError) -> &'static str {
    match e {
        AppError::Store(store) => store_code(store),
        AppError::UnknownGroup(_) => "unknown_group",
        AppError::UnknownCountry(_) => "unknown_country",
        AppError::UnknownRegion(_) => "unknown_region",
        AppError::UnknownLink { .. } => "unknown_link",
        AppError::Address(_) | AppError::Sources { .. } => "bad_settings",
        AppError::Assessment { .. } | AppError::Judgment(_) => "store_error",
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::new(store_code(&e), e.to_string())
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        ApiError::new(app_code(&e), e.to_string())
    }
}

impl From<ExportError> for ApiError {
    fn from(e: ExportError) -> ApiError {
        match e {
            ExportError::App(app) => app.into(),
            e => ApiError::new("export_error", e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(json!({"error": {"code": self.code, "message": self.message}}));
        (self.status, body).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_one_status() {
        let mut seen = std::collections::BTreeSet::new();
        for (code, status, meaning) in CODES {
            assert!(seen.insert(*code), "{code} twice");
            assert!(StatusCode::from_u16(*status).is_ok() && !meaning.is_empty());
        }
        assert_eq!(ApiError::new("deadline_exceeded", "x").status, StatusCode::SERVICE_UNAVAILABLE);
        let interrupted: ApiError = AppError::Store(StoreError::Interrupted).into();
        assert_eq!((interrupted.code(), interrupted.status.as_u16()), ("deadline_exceeded", 503));
        let unknown: ApiError = AppError::UnknownGroup("x".into()).into();
        assert_eq!((unknown.code(), unknown.status.as_u16()), ("unknown_group", 400));
        let broken: ApiError = AppError::Judgment(serde_json::from_str::<u8>("x").unwrap_err()).into();
        assert_eq!(broken.status.as_u16(), 500, "a server-side failure is no client error");
        for code in [store_code(&StoreError::Interrupted), app_code(&AppError::Address("x".into()))] {
            assert!(CODES.iter().any(|(c, _, _)| *c == code), "{code} is not in the table");
        }
    }
}
