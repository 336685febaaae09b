//! Repository conventions, checked mechanically: every Rust file says what it owns in a `//!`
//! comment; every sample-corpus file is described in the corpus README (its path in backticks); every crate has its
//! section in ARCHITECTURE.md.

use std::path::{Path, PathBuf};

use anyhow::Result;

pub fn check(root: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for file in files(&root.join("crates"))?.into_iter().chain(files(&root.join("xtask"))?) {
        if file.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&file)?;
            if !text.starts_with("//!") {
                problems.push(format!(
                    "{} does not start with a `//!` comment saying what it owns",
                    rel(root, &file)
                ));
            }
        }
    }
    let corpus = root.join("examples/corpus");
    let readme = std::fs::read_to_string(corpus.join("README.md")).unwrap_or_default();
    for file in files(&corpus)? {
        let name = rel(&corpus, &file);
        if name != "README.md" && !readme.contains(&format!("`{name}`")) {
            problems.push(format!("examples/corpus/{name} is not listed in examples/corpus/README.md"));
        }
    }
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap_or_default();
    for entry in std::fs::read_dir(root.join("crates"))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !architecture.contains(&format!("`{name}`")) {
            problems.push(format!("crate {name} has no section in ARCHITECTURE.md"));
        }
    }
    Ok(problems)
}

fn rel(base: &Path, path: &Path) -> String {
    path.strip_prefix(base).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// Files below `dir`, skipping hidden entries and build output.
fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with('.') || name == "target" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_repository_is_tidy() {
        let problems = super::check(&crate::root()).unwrap();
        assert!(problems.is_empty(), "run `cargo xtask tidy`:\n{}", problems.join("\n"));
    }
}
