//! `vigil eval`: extraction scored against the gold annotations in the repository, as
//! precision, recall and F1 per fact kind. Tests hold floors on these figures.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use serde::Serialize;
use vigil_extract::{Extraction, Extractor, GroupScores, GroupsGold, Score, score_groups};
use vigil_ingest::walk::{self, Location};

use crate::cli::EvalArgs;
use crate::output::{self, safe};

#[derive(Serialize)]
struct Report {
    gold: PathBuf,
    groups: GroupScores,
}

pub fn run(args: EvalArgs) -> Result<ExitCode> {
    let path = args.gold.join("groups.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read gold annotations {}", path.display()))?;
    let gold = GroupsGold::from_toml(&text).with_context(|| format!("in {}", path.display()))?;
    let extractor = super::extract::extractor(args.groups.as_ref())?;
    let origins: Vec<&str> = gold.docs.iter().map(|d| d.origin.as_str()).collect();
    let extracted = extract_all(&extractor, &origins)?;
    let report = Report { gold: args.gold.clone(), groups: score_groups(&gold, &extracted) };
    if args.json {
        output::json(&report)?;
    } else {
        print(&report, args.errors);
    }
    Ok(ExitCode::SUCCESS)
}

/// Extracts every file the gold names, keyed by document origin.
fn extract_all(extractor: &Extractor, origins: &[&str]) -> Result<HashMap<String, Extraction>> {
    let files: BTreeSet<&str> = origins.iter().map(|o| o.split('#').next().unwrap_or(o)).collect();
    let mut out = HashMap::new();
    let now = Utc::now();
    for file in files {
        let input = walk::read(&Location::File(Path::new(file).to_path_buf()), 50 << 20)
            .context("a gold document cannot be read (run vigil eval from the repository root)")?;
        for draft in vigil_ingest::parse(&input).into_iter().flatten() {
            let doc = vigil_ingest::finish(draft, &input, &Default::default(), now);
            out.insert(doc.origin.clone(), extractor.extract(&doc.text, doc.published.map(|p| p.date)));
        }
    }
    if let Some(missing) = origins.iter().find(|o| !out.contains_key(**o)) {
        bail!("the gold annotates {missing}, which is not a document vigil reads");
    }
    Ok(out)
}

fn print(r: &Report, errors: bool) {
    println!("vigil eval: {} documents annotated in {}", r.groups.documents, r.gold.display());
    println!(
        "{:<22} {:>6} {:>6} {:>8} {:>10} {:>7} {:>6}",
        "fact kind", "gold", "found", "correct", "precision", "recall", "F1"
    );
    let row = |name: &str, s: &Score| {
        println!(
            "{name:<22} {:>6} {:>6} {:>8} {:>10.3} {:>7.3} {:>6.3}",
            s.gold, s.found, s.correct, s.precision, s.recall, s.f1
        )
    };
    row("groups (per document)", &r.groups.groups);
    row("group mentions", &r.groups.mentions);
    if errors {
        for (origin, missed, spurious) in &r.groups.errors {
            if !missed.is_empty() || !spurious.is_empty() {
                println!("\n{}", safe(origin));
                missed.iter().for_each(|m| println!("  missed   {}", safe(m)));
                spurious.iter().for_each(|s| println!("  spurious {}", safe(s)));
            }
        }
    }
}
