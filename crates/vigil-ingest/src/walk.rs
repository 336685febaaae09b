//! From command-line paths to inputs: files, directories walked recursively (hidden entries
//! and those named in a folder's `.vigilignore` skipped, in name order), and `-` for standard
//! input. Reading is bounded by a size limit checked before and while reading.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::{DocError, Input, Problem};

/// Where one input comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Location {
    File(PathBuf),
    Stdin,
}

/// Every input named by `paths`, lazily; unreadable directories and missing paths come out
/// as errors in the stream, in order.
pub fn locations(paths: &[PathBuf]) -> impl Iterator<Item = Result<Location, DocError>> + '_ {
    paths.iter().flat_map(|path| -> Box<dyn Iterator<Item = Result<Location, DocError>>> {
        if path.as_os_str() == "-" {
            return Box::new(std::iter::once(Ok(Location::Stdin)));
        }
        match std::fs::metadata(path) {
            Err(e) => Box::new(std::iter::once(Err(unreadable(path, &e)))),
            Ok(meta) if meta.is_dir() => Box::new(walk_dir(path)),
            Ok(_) => Box::new(std::iter::once(Ok(Location::File(path.clone())))),
        }
    })
}

fn walk_dir(dir: &Path) -> impl Iterator<Item = Result<Location, DocError>> + use<> {
    let mut ignores: HashMap<PathBuf, Vec<String>> = HashMap::new();
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |e| e.depth() == 0 || !ignored(e.path(), &mut ignores))
        .filter_map(|entry| match entry {
            Ok(e) if e.file_type().is_file() => Some(Ok(Location::File(e.into_path()))),
            Ok(_) => None,
            Err(e) => {
                let path = e.path().map_or_else(|| "?".to_string(), |p| p.display().to_string());
                Some(Err(DocError::new(path, Problem::Unreadable(e.to_string()))))
            }
        })
}

/// Name of the file that lists, one pattern a line (`*` matches any run of characters, `#`
/// starts a comment), the entries of its folder that a directory walk skips.
pub const IGNORE_FILE: &str = ".vigilignore";

/// Hidden entries are always skipped; others when their folder's ignore file names them.
fn ignored(path: &Path, cache: &mut HashMap<PathBuf, Vec<String>>) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if name.starts_with('.') {
        return true;
    }
    let Some(parent) = path.parent() else {
        return false;
    };
    let patterns = cache.entry(parent.to_path_buf()).or_insert_with(|| {
        let text = std::fs::read_to_string(parent.join(IGNORE_FILE)).unwrap_or_default();
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    });
    patterns.iter().any(|p| glob(p, &name))
}

/// Matches `name` against a pattern in which `*` stands for any run of characters.
fn glob(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

fn unreadable(path: &Path, e: &std::io::Error) -> DocError {
    DocError::new(path.display().to_string(), Problem::Unreadable(e.to_string()))
}

/// Reads one input, refusing anything over `limit` bytes.
pub fn read(location: &Location, limit: u64) -> Result<Input, DocError> {
    match location {
        Location::Stdin => {
            let bytes = read_bounded(std::io::stdin().lock(), limit).map_err(|p| DocError::new("-", p))?;
            Ok(Input { origin: "-".into(), path: None, bytes, modified: None })
        }
        Location::File(path) => {
            let origin = path.display().to_string();
            let file = File::open(path).map_err(|e| unreadable(path, &e))?;
            let meta = file.metadata().map_err(|e| unreadable(path, &e))?;
            if meta.len() > limit {
                return Err(DocError::new(origin, Problem::TooLarge { size: meta.len(), limit }));
            }
            let bytes = read_bounded(file, limit).map_err(|p| DocError::new(&origin, p))?;
            let modified = meta.modified().ok().map(DateTime::<Utc>::from);
            Ok(Input { origin, path: Some(path.clone()), bytes, modified })
        }
    }
}

fn read_bounded(reader: impl Read, limit: u64) -> Result<Vec<u8>, Problem> {
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes).map_err(|e| Problem::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(Problem::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_directories_in_order_and_reports_missing_paths() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/.git")).unwrap();
        std::fs::write(dir.path().join("b/2.txt"), "two").unwrap();
        std::fs::write(dir.path().join("b/.git/x"), "hidden").unwrap();
        std::fs::write(dir.path().join("a.txt"), "one").unwrap();
        let paths = vec![dir.path().to_path_buf(), dir.path().join("missing.txt")];
        let found: Vec<_> = locations(&paths).collect();
        assert_eq!(found.len(), 3);
        assert_eq!(found[0], Ok(Location::File(dir.path().join("a.txt"))));
        assert_eq!(found[1], Ok(Location::File(dir.path().join("b/2.txt"))));
        let err = found[2].clone().unwrap_err();
        assert!(err.origin.ends_with("missing.txt") && matches!(err.problem, Problem::Unreadable(_)));
    }

    #[test]
    fn ignore_files_skip_entries_of_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("drafts")).unwrap();
        std::fs::write(dir.path().join(IGNORE_FILE), "# not reporting\nREADME.md\n*.tmp\ndrafts\n").unwrap();
        for name in ["README.md", "a.txt", "b.tmp", "drafts/c.txt"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let found: Vec<_> = locations(&[dir.path().to_path_buf()]).collect();
        assert_eq!(found, vec![Ok(Location::File(dir.path().join("a.txt")))]);
        assert!(
            glob("*.tmp", "b.tmp")
                && glob("a*c*e", "abcde")
                && !glob("a*c", "abcd")
                && glob("*", "x")
                && !glob("x*x", "x")
        );
    }

    #[test]
    fn enforces_the_size_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        std::fs::write(&path, "x".repeat(100)).unwrap();
        let err = read(&Location::File(path.clone()), 99).unwrap_err();
        assert_eq!(err.problem, Problem::TooLarge { size: 100, limit: 99 });
        assert_eq!(read(&Location::File(path), 100).unwrap().bytes.len(), 100);
    }
}
