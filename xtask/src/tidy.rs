//! Repository conventions, checked mechanically: every Rust file says what it owns in a `//!`
//! comment; every sample-corpus file is described in the corpus README (its path in backticks); every crate has its
//! section in ARCHITECTURE.md; each crate depends only on the vigil crates and the kinds of
//! library that ARCHITECTURE.md allows it; only the store and the one opener name a store
//! implementation; only vigil-export writes wire formats; no two modules of a crate import
//! each other.

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
    problems.extend(wire_formats(root)?);
    problems.extend(module_cycles(root)?);
    problems.extend(long_functions(root)?);
    Ok(problems)
}

/// The vigil crates each crate may depend on: the dependency direction of ARCHITECTURE.md.
/// The server and the exports depend on no command module: they are crates the binary uses.
const MAY_DEPEND: &[(&str, &[&str])] = &[
    ("vigil-core", &[]),
    ("vigil-ingest", &["vigil-core"]),
    ("vigil-extract", &["vigil-core"]),
    ("vigil-assess", &["vigil-core"]),
    ("vigil-store", &["vigil-core"]),
    ("vigil-app", &["vigil-core", "vigil-store", "vigil-extract", "vigil-assess"]),
    ("vigil-export", &["vigil-core", "vigil-app", "vigil-store", "vigil-extract", "vigil-assess"]),
    (
        "vigil-server",
        &["vigil-core", "vigil-app", "vigil-export", "vigil-store", "vigil-extract", "vigil-assess"],
    ),
    (
        "vigil",
        &[
            "vigil-core",
            "vigil-app",
            "vigil-export",
            "vigil-server",
            "vigil-store",
            "vigil-extract",
            "vigil-assess",
            "vigil-ingest",
        ],
    ),
];

/// Libraries of the edge and the crates that may use each: wire formats belong to
/// vigil-export, HTTP to vigil-server, the command line and the terminal to the binary (which
/// also drives the load benchmark's HTTP client on tokio).
const OWNED_LIBRARIES: &[(&str, &[&str])] = &[
    ("csv", &["vigil-export"]),
    ("uuid", &["vigil-export"]),
    ("geojson", &["vigil-export"]),
    ("axum", &["vigil-server"]),
    ("askama", &["vigil-server"]),
    ("hyper", &["vigil-server"]),
    ("hyper-util", &["vigil-server"]),
    ("tokio", &["vigil-server", "vigil"]),
    ("clap", &["vigil"]),
    ("clap_complete", &["vigil"]),
    ("clap_mangen", &["vigil"]),
    ("indicatif", &["vigil"]),
    ("tracing-subscriber", &["vigil"]),
    ("anyhow", &["vigil"]),
];

/// Text that only a writer or reader of a wire format has reason to hold: STIX objects,
/// GeoJSON collections, CSV readers and writers. Found in a crate's sources outside
/// vigil-export, it is a format known twice.
const WIRE_MARKERS: &[&str] = &["\"spec_version\"", "\"FeatureCollection\"", "csv::Writer", "csv::Reader"];

fn dependency_rules(root: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for name in &crates(root)? {
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
        for dep in &deps {
            if let Some((_, owners)) = OWNED_LIBRARIES.iter().find(|(l, _)| l == dep)
                && !owners.contains(&name.as_str())
            {
                problems.push(format!(
                    "crate {name} depends on {dep}, which belongs to {}",
                    owners.join(" and ")
                ));
            }
        }
    }
    Ok(problems)
}

fn crates(root: &Path) -> Result<Vec<String>> {
    let mut crates: Vec<String> = std::fs::read_dir(root.join("crates"))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    crates.sort();
    Ok(crates)
}

/// Wire formats written outside vigil-export.
fn wire_formats(root: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for name in crates(root)?.iter().filter(|c| *c != "vigil-export") {
        for file in files(&root.join("crates").join(name).join("src"))? {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for marker in WIRE_MARKERS.iter().filter(|m| text.contains(*m)) {
                problems.push(format!(
                    "{} holds {marker}: wire formats belong to vigil-export",
                    rel(root, &file)
                ));
            }
        }
    }
    Ok(problems)
}

/// Import cycles between the modules of each crate. A module's `crate::` and `super::` paths
/// are its imports; paths into its own ancestors (the facades that declare it) do not count,
/// and neither do its tests.
fn module_cycles(root: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for name in crates(root)?.into_iter().chain(["../xtask".to_string()]) {
        let src = root.join("crates").join(&name).join("src");
        let mut modules: Vec<(String, String)> = Vec::new();
        for file in files(&src)?.into_iter().filter(|f| f.extension().is_some_and(|e| e == "rs")) {
            let text = std::fs::read_to_string(&file)?;
            modules.push((module_path(&rel(&src, &file)), text));
        }
        let known: std::collections::BTreeSet<&str> = modules.iter().map(|(m, _)| m.as_str()).collect();
        let mut edges: std::collections::BTreeMap<&str, std::collections::BTreeSet<String>> =
            Default::default();
        for (module, text) in &modules {
            let code = text.split("#[cfg(test)]").next().unwrap_or(text);
            for target in imports(module, code) {
                let target = longest_module(&known, &target);
                if let Some(t) = target
                    && t != *module
                    && !is_ancestor(&t, module)
                {
                    edges.entry(module).or_default().insert(t);
                }
            }
        }
        for cycle in cycles(&edges) {
            let crate_name = name.trim_start_matches("../");
            problems.push(format!("modules of {crate_name} import each other: {}", cycle.join(" → ")));
        }
    }
    Ok(problems)
}

/// Folders whose functions stay short: a function longer than [`LONGEST`] lines there is a
/// room of its own waiting to be named.
const SHORT_FUNCTIONS: &[&str] = &["crates/vigil-extract/src/incidents"];
const LONGEST: usize = 80;

fn long_functions(root: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for dir in SHORT_FUNCTIONS {
        for file in files(&root.join(dir))?.into_iter().filter(|f| f.extension().is_some_and(|e| e == "rs")) {
            let text = std::fs::read_to_string(&file)?;
            for (name, lines) in function_lengths(&text).into_iter().filter(|(_, n)| *n > LONGEST) {
                problems
                    .push(format!("{}: fn {name} has {lines} lines (at most {LONGEST})", rel(root, &file)));
            }
        }
    }
    Ok(problems)
}

/// Each function of a rustfmt-formatted file with its length in lines, from its `fn` line to
/// the closing brace at the same indentation.
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let signature = ["fn ", "pub fn ", "pub(super) fn ", "pub(crate) fn ", "async fn ", "pub async fn "]
            .iter()
            .find_map(|p| trimmed.strip_prefix(p));
        let Some(rest) = signature else { continue };
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let close = format!("{indent}}}");
        if let Some(end) = lines[i..].iter().position(|l| *l == close) {
            out.push((name, end + 1));
        }
    }
    out
}

/// `cmd/serve.rs` is `cmd::serve`; `lib.rs`, `main.rs` and `mod.rs` are their folder's module.
fn module_path(file: &str) -> String {
    let stem = file.trim_end_matches(".rs");
    let stem = stem.trim_end_matches("/mod");
    if matches!(stem, "lib" | "main") { String::new() } else { stem.replace('/', "::") }
}

fn is_ancestor(ancestor: &str, module: &str) -> bool {
    ancestor.is_empty() || module.starts_with(&format!("{ancestor}::"))
}

fn parent(module: &str) -> &str {
    module.rsplit_once("::").map_or("", |(p, _)| p)
}

/// The longest known module that `path` starts with.
fn longest_module(known: &std::collections::BTreeSet<&str>, path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|p| known.contains(p.as_str()))
}

/// The module paths a file's `crate::` and `super::` paths name, resolved from `module`.
fn imports(module: &str, code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (prefix, base) in [("crate::", String::new()), ("super::", parent(module).to_string())] {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            for path in use_paths(rest) {
                out.push(if base.is_empty() { path } else { format!("{base}::{path}") });
            }
        }
    }
    out
}

/// The paths a use tree starts with: `a::b::C` gives `a::b::C`, `{a, b::c}` gives `a` and
/// `b::c` (one level of braces is enough for what is imported here).
fn use_paths(text: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect::<String>()
    };
    if let Some(inner) = text.strip_prefix('{') {
        let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
        return inner.split(',').map(|p| ident(p.trim())).filter(|p| !p.is_empty()).collect();
    }
    let path = ident(text);
    let path = path.trim_end_matches(':').to_string();
    if path.is_empty() { Vec::new() } else { vec![path] }
}

/// The cycles of a directed graph, one per strongly connected component of two or more nodes.
fn cycles(edges: &std::collections::BTreeMap<&str, std::collections::BTreeSet<String>>) -> Vec<Vec<String>> {
    let nodes: std::collections::BTreeSet<String> =
        edges.keys().map(|k| k.to_string()).chain(edges.values().flatten().cloned()).collect();
    let reach = |from: &str| -> std::collections::BTreeSet<String> {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(n) = stack.pop() {
            for next in edges.get(n.as_str()).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reachable: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        nodes.iter().map(|n| (n.clone(), reach(n))).collect();
    let mut done = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for n in &nodes {
        if done.contains(n) {
            continue;
        }
        let component: Vec<String> = nodes
            .iter()
            .filter(|m| reachable[n].contains(*m) && reachable[*m].contains(n))
            .cloned()
            .collect();
        if component.len() > 1 {
            done.extend(component.iter().cloned());
            out.push(component);
        }
    }
    out
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
    fn cycles_between_modules_are_found() {
        assert_eq!(super::module_path("cmd/serve.rs"), "cmd::serve");
        assert_eq!(super::module_path("cmd/mod.rs"), "cmd");
        assert_eq!(super::module_path("lib.rs"), "");
        let uses =
            super::imports("cmd::pages", "use super::{params::Params, serve};\nuse crate::output::html;");
        assert_eq!(uses, ["output::html", "cmd::params::Params", "cmd::serve"]);
        let mut edges = std::collections::BTreeMap::new();
        edges.insert("a", ["b".to_string()].into());
        edges.insert("b", ["c".to_string()].into());
        edges.insert("c", ["a".to_string()].into());
        edges.insert("d", ["a".to_string()].into());
        assert_eq!(super::cycles(&edges), [["a", "b", "c"]]);
        edges.remove("c");
        assert!(super::cycles(&edges).is_empty());
    }

    #[test]
    fn function_lengths_are_counted_to_the_closing_brace() {
        let text = "fn a() {\n    x();\n}\n\nimpl T {\n    pub(super) fn b(&self) {\n        if y {\n        }\n    }\n}\n";
        assert_eq!(super::function_lengths(text), [("a".to_string(), 3), ("b".to_string(), 4)]);
    }

    #[test]
    fn the_repository_is_tidy() {
        let problems = super::check(&crate::root()).unwrap();
        assert!(problems.is_empty(), "run `cargo xtask tidy`:\n{}", problems.join("\n"));
    }
}
