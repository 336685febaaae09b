//! `vigil extract`: the facts in files, without a store. One JSON object per document with
//! `--json` (JSON Lines, schema in docs/extract.md); a short summary per document otherwise.

use std::process::ExitCode;

use anyhow::Result;
use chrono::Utc;
use serde::Serialize;
use vigil_core::Document;
use vigil_extract::{Extraction, Extractor};
use vigil_ingest::walk;

use super::Settings;
use crate::cli::ExtractArgs;
use crate::output::safe;

/// The document fields that travel with its facts.
#[derive(Serialize)]
struct DocumentRef<'d> {
    id: &'d str,
    title: Option<&'d str>,
    source: &'d str,
    url: Option<&'d str>,
    published: Option<String>,
    language: &'d str,
}

#[derive(Serialize)]
struct Record<'d> {
    document: DocumentRef<'d>,
    #[serde(flatten)]
    facts: Extraction,
}

pub fn run(settings: &Settings, args: ExtractArgs) -> Result<ExitCode> {
    let extractor = Extractor::new(settings.knowledge.clone());
    let (mut documents, mut failed) = (0u64, 0u64);
    let now = Utc::now();
    for location in walk::locations(&args.paths) {
        let input = match location.and_then(|l| walk::read(&l, args.max_file_size)) {
            Ok(input) => input,
            Err(e) => {
                failed += 1;
                eprintln!("failed: {}", safe(&e.to_string()));
                continue;
            }
        };
        for parsed in vigil_ingest::parse(&input) {
            match parsed {
                Ok(draft) => {
                    let doc = vigil_ingest::finish(draft, &input, &Default::default(), now);
                    print(&doc, extractor.extract(&doc.text, doc.published.map(|p| p.date)), args.json)?;
                    documents += 1;
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("failed: {}", safe(&e.to_string()));
                }
            }
        }
    }
    eprintln!("{documents} documents, {failed} failed");
    Ok(if documents == 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn print(doc: &Document, facts: Extraction, json: bool) -> Result<()> {
    if json {
        let document = DocumentRef {
            id: doc.id.as_str(),
            title: doc.title.as_deref(),
            source: &doc.source,
            url: doc.url.as_deref(),
            published: doc.published.map(|p| p.to_iso()),
            language: &doc.language.code,
        };
        println!("{}", serde_json::to_string(&Record { document, facts })?);
        return Ok(());
    }
    println!("{}  {}", doc.id.short(), safe(doc.title.as_deref().unwrap_or(&doc.origin)));
    let groups: Vec<String> =
        facts.groups.iter().map(|g| format!("{} ({})", g.name, g.mentions.len())).collect();
    println!("  groups: {}", if groups.is_empty() { "none".to_string() } else { groups.join(", ") });
    let dates: Vec<String> = facts.dates.iter().map(|d| format!("{} = {}", safe(&d.text), d.value)).collect();
    println!("  dates:  {}", if dates.is_empty() { "none".to_string() } else { dates.join("; ") });
    Ok(())
}
