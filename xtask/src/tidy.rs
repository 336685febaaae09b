//! Repository conventions, checked mechanically: every Rust file says what it owns in a `//!`
//! comment; every sample-corpus file is described in the corpus README (its path in backticks); every crate has its
//! section in ARCHITECTURE.md; each crate depends only on the vigil crates and the kinds of
//! library that ARCHITECTURE.md allows it; only the store and the one opener name a store
//! implementation.

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
    problems.extend(dependency_rules(root)?);
    problems.extend(implementations_named(root)?);
    Ok(problems)
}

/// The vigil crates each crate may depend on: the dependency direction of ARCHITECTURE.md.
const MAY_DEPEND: &[(&str, &[&str])] = &[
    ("vigil-core", &[]),
    ("vigil-ingest", &["vigil-core"]),
    ("vigil-extract", &["vigil-core"]),
    ("vigil-assess", &["vigil-core"]),
    ("vigil-store", &["vigil-core"]),
    ("vigil-app", &["vigil-core", "vigil-store", "vigil-extract", "vigil-assess"]),
    ("vigil", &["vigil-core", "vigil-app", "vigil-store", "vigil-extract", "vigil-assess", "vigil-ingest"]),
];

/// Libraries that bring HTTP, a terminal, a command line or a wire format: the application
/// layer and the libraries below it use none of them.
const EDGE_LIBRARIES: &[&str] =
    &["axum", "tokio", "askama", "clap", "indicatif", "csv", "uuid", "tracing-subscriber", "anyhow"];

/// Crates below the edge: no [`EDGE_LIBRARIES`].
const BELOW_THE_EDGE: &[&str] =
    &["vigil-core", "vigil-ingest", "vigil-extract", "vigil-assess", "vigil-store", "vigil-app"];

fn dependency_rules(root: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut crates: Vec<String> = std::fs::read_dir(root.join("crates"))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    crates.sort();
    for name in &crates {
        let manifest = std::fs::read_to_string(root.join("crates").join(name).join("Cargo.toml"))?;
        let deps = dependencies(&manifest);
        let Some((_, allowed)) = MAY_DEPEND.iter().find(|(c, _)| c == name) else {
            problems.push(format!("crate {name} has no dependency rule in xtask/src/tidy.rs (MAY_DEPEND)"));
            continue;
        };
        for dep in deps.iter().filter(|d| d.starts_with("vigil")) {
            if !allowed.contains(&dep.as_str()) {
                problems.push(format!("crate {name} depends on {dep}, against the dependency direction"));
            }
        }
        if BELOW_THE_EDGE.contains(&name.as_str()) {
            for dep in deps.iter().filter(|d| EDGE_LIBRARIES.contains(&d.as_str())) {
                problems.push(format!("crate {name} depends on {dep}, which belongs to the binary's edge"));
            }
        }
    }
    Ok(problems)
}

/// The names under `[dependencies]` (and target-specific dependencies) of a manifest; not
/// development dependencies.
fn dependencies(manifest: &str) -> Vec<String> {
    let mut inside = false;
    let mut out = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line.ends_with("dependencies]") && !line.contains("dev-dependencies");
            continue;
        }
        if inside && !line.is_empty() && !line.starts_with('#') {
            let name = line.split(['.', '=', ' ']).next().unwrap_or_default();
            out.push(name.to_string());
        }
    }
    out
}

/// Where a store implementation may be named: its own crate, and the one place that opens it.
const OPENERS: &[&str] = &["crates/vigil-store/", "crates/vigil-app/src/store.rs"];

fn implementations_named(root: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for file in files(&root.join("crates"))? {
        let path = rel(root, &file);
        if !path.ends_with(".rs") || OPENERS.iter().any(|o| path.starts_with(o)) {
            continue;
        }
        if std::fs::read_to_string(&file)?.contains("SqliteStore") {
            problems.push(format!(
                "{path} names SqliteStore: open stores through vigil_app::StoreAddress and work over dyn Backend"
            ));
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
    fn dependencies_are_read_from_a_manifest() {
        let manifest = "[package]\nname = \"x\"\n\n[dependencies]\nvigil-core.workspace = true\nserde = { version = \"1\" }\n\n[target.'cfg(unix)'.dependencies]\nlibc.workspace = true\n\n[dev-dependencies]\ntempfile.workspace = true\n";
        assert_eq!(super::dependencies(manifest), ["vigil-core", "serde", "libc"]);
    }

    #[test]
    fn the_repository_is_tidy() {
        let problems = super::check(&crate::root()).unwrap();
        assert!(problems.is_empty(), "run `cargo xtask tidy`:\n{}", problems.join("\n"));
    }
}
