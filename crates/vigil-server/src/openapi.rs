//! The OpenAPI 3.1 description of the JSON API, served at `/api/openapi.json`.

use serde_json::{Value, json};

/// The OpenAPI 3.1 description of the API.
pub fn openapi_document() -> Value {
    let q = |name: &str, description: &str| json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "string"}});
    let int = |name: &str, description: &str| json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "integer", "minimum": 0}});
    let path = |name: &str, description: &str| json!({"name": name, "in": "path", "required": true, "description": description, "schema": {"type": "string"}});
    let paging = [int("limit", "page size, 1 to 500 (default 50)"), int("offset", "items skipped")];
    let doc_filters = [
        q("source", "outlet, exact, any case"),
        q("lang", "ISO 639-1 language code"),
        q("group", "a group's name, alias or id"),
        q("country", "an ISO code or country name"),
        q("since", "YYYY, YYYY-MM or YYYY-MM-DD"),
        q("until", "YYYY, YYYY-MM or YYYY-MM-DD"),
        q("link", "documents reporting an attack with this link level"),
        q("type", "documents reporting an attack of this type"),
        q(
            "indicator",
            "documents with evidence for this indicator (central_command, training_pipeline, financing, territorial_claim)",
        ),
    ];
    let ok = |description: &str| json!({"200": {"description": description, "content": {"application/json": {}}}, "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}});
    let op = |summary: &str, params: Vec<Value>, description: &str| json!({"get": {"summary": summary, "parameters": params, "responses": ok(description)}});
    let with = |mut v: Vec<Value>, more: &[Value]| {
        v.extend(more.iter().cloned());
        v
    };
    let codes = crate::error::CODES
        .iter()
        .map(|(code, status, meaning)| format!("{code} ({status}, {meaning})"))
        .collect::<Vec<_>>()
        .join("; ");
    json!({
        "openapi": "3.1.0",
        "info": {"title": "vigil", "version": env!("CARGO_PKG_VERSION"), "description": format!("Incidents, documents, groups and assessments of a vigil store. Errors are {{\"error\": {{\"code\", \"message\"}}}} with these codes: {codes}.")},
        "paths": {
            "/api/stats": op("Counts by source, language, group, country and month", vec![], "statistics"),
            "/api/documents": op("Documents, newest first", with(doc_filters.to_vec(), &paging), "a page of documents"),
            "/api/documents/{id}": op("One document with its facts", vec![path("id", "document id or a prefix of 4+ characters")], "the document"),
            "/api/search": op("Full-text search with the filters of /api/documents", with(with(vec![json!({"name": "q", "in": "query", "required": true, "schema": {"type": "string"}, "description": "the query language of vigil search"})], &doc_filters), &paging), "a page of hits with highlighted snippets, and facet counts (group, country, attack type, link, indicator, source, language, year) over the first 2,000 matching documents"),
            "/api/incidents": op("Incidents, most recent first", with(vec![q("group", "a group and its branches"), q("country", "ISO code or name"), q("link", "directed, enabled, inspired, claimed, alleged or unknown"), q("type", "attack type"), q("since", "incident date on or after"), q("until", "incident date on or before"), q("sort", "date, killed, injured, sources, country, perpetrator, type or link"), q("dir", "desc (default) or asc")], &paging), "a page of incidents"),
            "/api/incidents/{id}": op("One incident with its assessment: field histories, rules, credibility, sources", vec![path("id", "incident number")], "the incident"),
            "/api/groups": op("The groups of the knowledge file", vec![], "groups"),
            "/api/groups/{name}": op("A group's profile, every line cited", vec![path("name", "name, alias or id")], "the profile"),
            "/api/indicators/{group}": op("A group's resurgence scorecard", vec![path("group", "name, alias or id"), q("region", "a country or named region"), q("since", "evidence and incidents on or after")], "the scorecard"),
            "/api/people": op("People across documents", vec![q("name", "part of a name"), int("limit", "at most, 1 to 500")], "people"),
            "/api/sources": op("Source profiles and their grades", vec![], "profiles"),
            "/api/brief": op("A cited brief", vec![q("group", "a group"), q("country", "a country"), q("region", "a named region"), q("since", "what changed since"), q("format", "md or html")], "the brief's text and the number of sources cited"),
            "/api/openapi.json": op("This description", vec![], "OpenAPI 3.1"),
        },
        "components": {"responses": {"Error": {"description": "an error with a stable code", "content": {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}}}}}},
    })
}
