//! The `vigil` binary end to end, through one helper: every test runs the real binary on
//! real files and a real store in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// A temporary folder with a store in it.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        Workspace { dir: tempfile::tempdir().unwrap() }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("vigil.db")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigil"));
        cmd.current_dir(root())
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env_remove("VIGIL_DB")
            .env_remove("VIGIL_GROUPS")
            .env_remove("VIGIL_SOURCES");
        cmd
    }

    /// Runs vigil; panics with its output when the exit code is not `code`.
    fn run(&self, args: &[&str], code: i32) -> Output {
        let out = self.command(args).stdin(Stdio::null()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(code),
            "vigil {args:?}\nstdout: {}\nstderr: {stderr}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!stderr.contains("panicked"), "vigil {args:?} panicked: {stderr}");
        out
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args, 0);
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("vigil {args:?}: not JSON ({e})"))
    }

    fn ingest(&self, paths: &[&str]) -> Value {
        let mut args = vec!["ingest", "--json"];
        args.extend(paths);
        self.json(&args)
    }
}

fn n(v: &Value, key: &str) -> u64 {
    v[key].as_u64().unwrap_or_else(|| panic!("{key} missing in {v}"))
}

#[test]
fn ingests_the_sample_corpus_once() {
    let ws = Workspace::new();
    let first = ws.ingest(&["examples/corpus"]);
    assert!(n(&first, "stored") >= 50, "{first}");
    assert!(n(&first, "near_duplicates") >= 3, "the syndicated copies are found: {first}");
    assert_eq!(n(&first, "failed"), 0, "{first}");
    let again = ws.ingest(&["examples/corpus"]);
    assert_eq!(n(&again, "stored"), 0, "a second run adds nothing: {again}");
    assert_eq!(n(&again, "duplicates"), n(&first, "stored") + n(&first, "duplicates"));

    let docs = ws.json(&["docs", "--limit", "0", "--json"]);
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len() as u64, n(&first, "stored"));
    let formats: std::collections::BTreeSet<&str> =
        docs.iter().map(|d| d["format"].as_str().unwrap()).collect();
    assert_eq!(formats.into_iter().collect::<Vec<_>>(), vec!["atom", "html", "jsonl", "pdf", "rss", "text"]);
    let copies: Vec<&Value> = docs.iter().filter(|d| !d["near_duplicate_of"].is_null()).collect();
    assert!(copies.len() >= 3);
    for copy in copies {
        let original = copy["near_duplicate_of"].as_str().unwrap();
        let shown = ws.json(&["show", original, "--json"]);
        let cluster: Vec<&str> =
            shown["near_duplicates"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
        assert!(cluster.contains(&copy["id"].as_str().unwrap()), "show lists the copy");
        assert!(
            copy["published"].as_str() >= shown["published"].as_str(),
            "the original is the earliest copy"
        );
    }
    let langs: std::collections::BTreeSet<&str> =
        docs.iter().map(|d| d["language"].as_str().unwrap()).collect();
    for lang in ["de", "en", "es", "fr", "ru"] {
        assert!(langs.contains(lang), "{lang} detected: {langs:?}");
    }
}

#[test]
fn queries_answer_in_text_and_json() {
    let ws = Workspace::new();
    ws.ingest(&["examples/corpus"]);
    let hits = ws.json(&["search", "Crocus", "--json"]);
    let hits = hits.as_array().unwrap();
    assert!(hits.len() >= 5);
    for pair in hits.windows(2) {
        assert!(pair[0]["score"].as_f64() >= pair[1]["score"].as_f64(), "ranked");
    }
    for hit in hits {
        let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
        let [s, e] =
            [&hit["highlights"][0][0], &hit["highlights"][0][1]].map(|v| v.as_u64().unwrap() as usize);
        let marked: String = snippet[s..e].iter().collect();
        assert!(
            marked.to_lowercase().starts_with("crocus") || marked.to_lowercase().starts_with("крокус"),
            "{marked}"
        );
    }
    let french = ws.json(&["search", "Crocus", "--lang", "fr", "--json"]);
    assert!(
        french.as_array().unwrap().iter().all(|h| h["language"] == "fr")
            && !french.as_array().unwrap().is_empty()
    );
    let dated =
        ws.json(&["search", "attack", "--since", "2024-03", "--until", "2024-03", "--limit", "0", "--json"]);
    assert!(dated.as_array().unwrap().len() >= 5, "March 2024 reporting is found: {dated}");
    for h in dated.as_array().unwrap() {
        assert!(h["published"].as_str().unwrap().starts_with("2024-03"), "{h}");
    }
    let text = String::from_utf8(ws.run(&["search", "\"Abbey Gate\"", "--limit", "2"], 0).stdout).unwrap();
    assert!(text.contains("[Abbey] [Gate]") || text.contains("[Abbey Gate]"), "{text}");
    // No match exits 1, as grep does, with or without --json.
    let none = ws.run(&["search", "zyxwvutsrq"], 1);
    assert!(String::from_utf8_lossy(&none.stdout).contains("No documents match."));
    assert_eq!(String::from_utf8_lossy(&ws.run(&["search", "zyxwvutsrq", "--json"], 1).stdout).trim(), "[]");

    let stats = ws.json(&["stats", "--json"]);
    assert!(n(&stats, "documents") >= 50 && n(&stats, "near_duplicates") >= 3);
    assert!(stats["by_month"].as_array().unwrap().iter().any(|m| m["key"] == "2024-03"));
    assert_eq!(stats["last_run"]["failed"], 0);
    let listing = String::from_utf8(ws.run(&["docs", "--source", "meridian wire"], 0).stdout).unwrap();
    assert!(listing.lines().count() > 3 && listing.contains("Meridian Wire"));
    let stats_text = String::from_utf8(ws.run(&["stats"], 0).stdout).unwrap();
    assert!(stats_text.contains("Sources") && stats_text.contains("Last ingest"));
}

#[test]
fn completions_and_the_manual_come_from_the_command_line() {
    let ws = Workspace::new();
    let bash = String::from_utf8(ws.run(&["completions", "bash"], 0).stdout).unwrap();
    assert!(bash.contains("_vigil") && bash.contains("ingest") && bash.contains("--allow-host"), "{bash}");
    // The script is valid bash.
    let mut check = Command::new("bash").arg("-n").stdin(Stdio::piped()).spawn().unwrap();
    std::io::Write::write_all(check.stdin.as_mut().unwrap(), bash.as_bytes()).unwrap();
    assert!(check.wait().unwrap().success());
    let zsh = String::from_utf8(ws.run(&["completions", "zsh"], 0).stdout).unwrap();
    assert!(zsh.starts_with("#compdef vigil"), "{zsh}");
    let man = String::from_utf8(ws.run(&["man"], 0).stdout).unwrap();
    assert!(
        man.contains(".TH vigil 1") && man.contains(".SH SUBCOMMANDS") && man.contains("ingest"),
        "{man}"
    );
    ws.run(&["completions", "cmd.exe"], 2);
    assert!(!ws.db().exists(), "neither touches a store");
}

#[test]
fn query_errors_are_clear() {
    let ws = Workspace::new();
    let out = ws.run(&["search", "Crocus"], 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no store at") && err.contains("vigil ingest"), "{err}");
    assert!(!ws.db().exists(), "a query does not create a store");
    ws.ingest(&["examples/corpus/articles"]);
    let out = ws.run(&["search", "\"Crocus City"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad query: unclosed quote"));
    let out = ws.run(&["show", "00000000"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no document matches"));
    let out = ws.run(&["docs", "--since", "last week"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a date"));
    std::fs::write(ws.db(), "not a database at all ".repeat(100)).unwrap();
    let out = ws.run(&["stats"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a vigil store or is damaged"));
}

#[test]
fn hostile_input_fails_alone_with_reasons() {
    let ws = Workspace::new();
    let out = ws.ingest(&[
        "tests/fixtures/hostile",
        "examples/corpus/articles/kerman-2024-01-03-gulfcurrent.txt",
        "no/such/file.txt",
    ]);
    let failures: Vec<(String, String)> = out["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["origin"].as_str().unwrap().to_string(), f["reason"].as_str().unwrap().to_string()))
        .collect();
    let reason = |name: &str| {
        failures
            .iter()
            .find(|(o, _)| o.ends_with(name))
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("{name} not reported: {failures:?}"))
    };
    assert!(reason("image.png").contains("binary file (PNG image)"));
    assert!(reason("archive.zip").contains("binary file"));
    assert_eq!(reason("empty.txt"), "empty file");
    assert_eq!(reason("whitespace-only.txt"), "empty file");
    assert!(reason("entity-bomb.xml").contains("XML entities"));
    assert!(reason("truncated-feed.xml").starts_with("malformed feed"));
    assert!(reason("garbage.pdf").starts_with("malformed PDF"));
    assert!(reason("scripts-only.html").contains("no text left"));
    assert!(reason("mixed-lines.jsonl#line-2").starts_with("malformed JSON Lines"));
    assert!(reason("mixed-lines.jsonl#line-3").contains("missing \"text\""));
    assert!(reason("mixed-lines.jsonl#line-4").contains("not a JSON object"));
    assert!(reason("no/such/file.txt").starts_with("cannot read"));
    assert_eq!(n(&out, "failed") as usize, failures.len());
    // What could be read was stored: the good JSON line, the damaged pages, the article.
    let warned: Vec<&str> =
        out["warnings"].as_array().unwrap().iter().map(|w| w["origin"].as_str().unwrap()).collect();
    assert!(
        warned.iter().any(|o| o.ends_with("latin1-invalid-utf8.txt"))
            && warned.iter().any(|o| o.ends_with("deeply-nested.html"))
    );
    let docs = ws.json(&["docs", "--limit", "0", "--json"]);
    let origins: Vec<&str> = docs.as_array().unwrap().iter().map(|d| d["origin"].as_str().unwrap()).collect();
    for kept in [
        "truncated.html",
        "deeply-nested.html",
        "mixed-lines.jsonl#line-1",
        "latin1-invalid-utf8.txt",
        "utf16-bom.txt",
        "terminal-escapes.txt",
        "kerman-2024-01-03-gulfcurrent.txt",
    ] {
        assert!(origins.iter().any(|o| o.ends_with(kept)), "{kept} stored: {origins:?}");
    }
    // Source text never reaches the terminal with its control characters.
    let listing = ws.run(&["docs"], 0);
    assert!(!listing.stdout.contains(&0x1b) && !listing.stdout.contains(&0x07));
    let shown = ws.run(&["search", "escape"], 0);
    assert!(!shown.stdout.contains(&0x1b), "{}", String::from_utf8_lossy(&shown.stdout));
}

#[test]
fn oversized_files_and_unreadable_runs() {
    let ws = Workspace::new();
    let big = ws.dir.path().join("big.txt");
    std::fs::write(&big, "The report repeats itself. ".repeat(200)).unwrap();
    let small = ws.dir.path().join("small.txt");
    std::fs::write(&small, "A short note on the Kerman bombings, filed on Thursday.").unwrap();
    let out = ws.json(&[
        "ingest",
        "--json",
        "--max-file-size",
        "1k",
        big.to_str().unwrap(),
        small.to_str().unwrap(),
    ]);
    assert!(out["failures"][0]["reason"].as_str().unwrap().contains("over the 1024-byte limit"), "{out}");
    assert_eq!(n(&out, "stored"), 1);
    // A run that reads nothing at all is an error.
    let out = ws.run(&["ingest", "tests/fixtures/hostile/empty.txt"], 1);
    assert!(String::from_utf8_lossy(&out.stdout).contains("empty file"));
}

#[test]
fn stdin_markdown_and_overrides() {
    let ws = Workspace::new();
    let mut child = ws
        .command(&["ingest", "--json", "-", "--source", "Analyst notes", "--published", "2024-03-24"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"Field note: investigators in Bryansk questioned four men on Saturday about the concert hall attack.").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let md = ws.dir.path().join("brief.md");
    std::fs::write(&md, "---\ntitle: Weekly brief\ndate: 2024-01-05\n---\n# Kerman\n\nTwo **explosions** struck a [memorial](https://x.example) procession in Kerman, officials said.\n").unwrap();
    ws.ingest(&[md.to_str().unwrap()]);
    let docs = ws.json(&["docs", "--json"]);
    let by_origin = |o: &str| {
        docs.as_array().unwrap().iter().find(|d| d["origin"].as_str().unwrap().ends_with(o)).unwrap().clone()
    };
    let note = by_origin("-");
    assert_eq!(
        (note["source"].as_str(), note["published"].as_str(), note["published_origin"].as_str()),
        (Some("Analyst notes"), Some("2024-03-24"), Some("given"))
    );
    let brief = by_origin("brief.md");
    assert_eq!((brief["title"].as_str(), brief["format"].as_str()), (Some("Weekly brief"), Some("markdown")));
    let shown = ws.json(&["show", brief["id"].as_str().unwrap(), "--json"]);
    assert_eq!(
        shown["text"],
        "Kerman\n\nTwo explosions struck a memorial procession in Kerman, officials said."
    );
}

/// Writes `count` distinct articles of about 3 KB into `dir`.
fn write_corpus(dir: &Path, count: usize) {
    let paragraph = "Officials said the investigation into the attack was continuing and that several people had been questioned about their contacts with the network over the past year.";
    for i in 0..count {
        let body = (0..12)
            .map(|p| format!("Report {i} paragraph {p}: {paragraph}"))
            .collect::<Vec<_>>()
            .join("\n\n");
        std::fs::write(
            dir.join(format!("{i:05}.txt")),
            format!("Title: Report {i}\nSource: Load Wire\nPublished: 2024-03-{:02}\n\n{body}\n", 1 + i % 28),
        )
        .unwrap();
    }
}

#[test]
fn a_killed_ingest_resumes_without_loss_or_duplication() {
    let ws = Workspace::new();
    let corpus = ws.dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let count = 4000;
    write_corpus(&corpus, count);
    let mut child = ws
        .command(&["ingest", "--jobs", "1", corpus.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some batches have been committed, hard, like a power cut.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        std::thread::sleep(std::time::Duration::from_millis(50));
        if child.try_wait().unwrap().is_some() || std::time::Instant::now() > deadline {
            break;
        }
        let stats = ws.command(&["stats", "--json"]).output().unwrap();
        let docs = serde_json::from_slice::<Value>(&stats.stdout)
            .ok()
            .and_then(|v| v["documents"].as_u64())
            .unwrap_or(0);
        if docs > 0 {
            child.kill().unwrap(); // SIGKILL on Unix
            break;
        }
    }
    let status = child.wait().unwrap();
    let before = ws.json(&["stats", "--json"]);
    let stored_before = n(&before, "documents");
    eprintln!("killed after {stored_before} of {count} documents (exit {status:?})");
    assert!(!status.success() && stored_before < count as u64, "killed part-way: {stored_before} of {count}");
    let resumed = ws.ingest(&[corpus.to_str().unwrap()]);
    assert_eq!(n(&resumed, "stored"), count as u64 - stored_before, "{resumed}");
    let docs = ws.json(&["docs", "--limit", "0", "--json"]);
    let mut origins: Vec<&str> =
        docs.as_array().unwrap().iter().map(|d| d["origin"].as_str().unwrap()).collect();
    origins.sort();
    origins.dedup();
    assert_eq!(origins.len(), count, "every document exactly once");
    assert_eq!(docs.as_array().unwrap().len(), count);
    // The full-text index agrees with the table.
    let hits = ws.json(&["search", "paragraph", "--limit", "0", "--json"]);
    assert_eq!(hits.as_array().unwrap().len(), count);
}

/// The incidents of a store without their ids, in a canonical order.
fn incidents_without_ids(ws: &Workspace) -> Vec<String> {
    let list = ws.json(&["incidents", "--limit", "0", "--json"]);
    let mut out: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let mut i = i.clone();
            i.as_object_mut().unwrap().remove("id");
            i.to_string()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn concurrent_writers_give_the_incidents_of_one_run() {
    let single = Workspace::new();
    single.ingest(&["examples/corpus"]);
    let expected = incidents_without_ids(&single);
    assert!(expected.len() > 20, "the sample corpus has incidents: {}", expected.len());
    for writers in [2, 3] {
        // Every writer starts on a store that does not exist yet: they race on creating it,
        // on storing the same documents and on resolving them; one more resolves meanwhile.
        let ws = Workspace::new();
        let mut children: Vec<std::process::Child> = (0..writers)
            .map(|_| {
                ws.command(&["ingest", "examples/corpus"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        std::thread::sleep(std::time::Duration::from_millis(300));
        children.push(ws.command(&["resolve"]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap());
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            // The resolve may start before any store exists, and then says so.
            assert!(out.status.success() || stderr.contains("no store at"), "{writers} writers: {stderr}");
        }
        let stats = ws.json(&["stats", "--json"]);
        assert_eq!(n(&stats, "documents"), n(&single.json(&["stats", "--json"]), "documents"));
        assert_eq!(incidents_without_ids(&ws), expected, "{writers} concurrent writers");
    }
    // In parts, in either order, the sample corpus resolves as in one run.
    let parts: [&[&str]; 2] = [
        &["examples/corpus/articles", "examples/corpus/html"],
        &[
            "examples/corpus/analysis",
            "examples/corpus/feeds",
            "examples/corpus/flattened",
            "examples/corpus/intl",
            "examples/corpus/jsonl",
            "examples/corpus/pdf",
        ],
    ];
    for order in [[0, 1], [1, 0]] {
        let ws = Workspace::new();
        for part in order {
            ws.ingest(parts[part]);
        }
        assert_eq!(incidents_without_ids(&ws), expected, "parts in the order {order:?}");
    }
}

/// A read-only view of a folder: its permission bits for an ordinary user, a read-only bind
/// mount for the superuser (whom permission bits do not stop). Undone on drop.
struct ReadOnlyView {
    path: PathBuf,
    mounted: bool,
    original: PathBuf,
}

impl ReadOnlyView {
    /// None where this machine allows neither (the caller then says why it skips).
    fn of(dir: &Path) -> Option<ReadOnlyView> {
        use std::os::unix::fs::PermissionsExt;
        let refuses_writes = |p: &Path| std::fs::write(p.join("probe"), "x").is_err();
        let set =
            |p: &Path, mode: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
        set(dir, 0o555);
        if refuses_writes(dir) {
            return Some(ReadOnlyView {
                path: dir.to_path_buf(),
                mounted: false,
                original: dir.to_path_buf(),
            });
        }
        set(dir, 0o755);
        let _ = std::fs::remove_file(dir.join("probe"));
        let view = dir.with_extension("view");
        std::fs::create_dir_all(&view).unwrap();
        let mount = |args: &[&str]| Command::new("mount").args(args).status().is_ok_and(|s| s.success());
        let (d, v) = (dir.to_str().unwrap(), view.to_str().unwrap());
        if mount(&["--bind", d, v]) {
            if mount(&["-o", "remount,bind,ro", v]) && refuses_writes(&view) {
                return Some(ReadOnlyView { path: view, mounted: true, original: dir.to_path_buf() });
            }
            let _ = Command::new("umount").arg(v).status();
        }
        None
    }
}

impl Drop for ReadOnlyView {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.mounted {
            let _ = Command::new("umount").arg(&self.path).status();
        } else {
            let _ = std::fs::set_permissions(&self.original, std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[test]
fn read_only_stores_are_read_and_damaged_ones_refused() {
    let ws = Workspace::new();
    let folder = ws.dir.path().join("archive");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("vigil.db");
    let db_arg = db.to_str().unwrap().to_string();
    let at = |db: &str, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_vigil"))
            .current_dir(root())
            .args(["--db", db])
            .args(args)
            .env_remove("VIGIL_DB")
            .env_remove("VIGIL_GROUPS")
            .env_remove("VIGIL_SOURCES")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    assert!(at(&db_arg, &["ingest", "examples/corpus"]).status.success());
    let check = at(&db_arg, &["check", "--json"]);
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(check.status.success() && report["sound"] == true, "{report}");
    match ReadOnlyView::of(&folder) {
        None => eprintln!(
            "skipped the read-only part: neither permissions nor a bind mount make a folder read-only here"
        ),
        Some(view) => {
            let ro = view.path.join("vigil.db");
            let ro = ro.to_str().unwrap();
            for args in [
                &["stats"][..],
                &["search", "attack"],
                &["docs"],
                &["incidents"],
                &["group", "ISKP"],
                &["people"],
                &["export", "--format", "csv"],
                &["check"],
            ] {
                let out = at(ro, args);
                assert!(
                    out.status.success(),
                    "{args:?} on a read-only store: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            let out = at(ro, &["ingest", "examples/gold"]);
            assert_eq!(out.status.code(), Some(2));
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("is read-only"),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    // Flipped bytes in the middle of the file: refused before anything is written.
    let mut bytes = std::fs::read(&db).unwrap();
    let pages = bytes.len() / 4096;
    for page in (pages / 4..pages).step_by(5) {
        for b in &mut bytes[page * 4096 + 200..page * 4096 + 264] {
            *b ^= 0xff;
        }
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = at(&db_arg, &["ingest", "examples/gold"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code() == Some(2) && stderr.contains("is damaged") && stderr.contains(".recover"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "nothing written to a damaged store");
    assert_eq!(at(&db_arg, &["check"]).status.code(), Some(1));
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    use std::io::{BufRead, BufReader};
    let ws = Workspace::new();
    let corpus = ws.dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write_corpus(&corpus, 1500); // a listing larger than a pipe's buffer
    ws.ingest(&[corpus.to_str().unwrap()]);
    let mut child =
        ws.command(&["docs", "--limit", "0"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // The reader is dropped here, as `head -1` would exit.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with("ID"));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn extract_reports_groups_with_offsets_into_the_stored_text() {
    let ws = Workspace::new();
    ws.ingest(&["examples/corpus"]);
    let out = ws.run(&["extract", "examples/corpus", "--json"], 0);
    let records: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 50, "one record per document");
    let mut named = std::collections::BTreeSet::new();
    for record in &records {
        let id = record["document"]["id"].as_str().unwrap();
        let text: Vec<char> = ws.json(&["show", id, "--json"])["text"].as_str().unwrap().chars().collect();
        for group in record["groups"].as_array().unwrap() {
            named.insert(group["id"].as_str().unwrap().to_string());
            for m in group["mentions"].as_array().unwrap() {
                let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
                let span: String = text[s..e].iter().collect();
                assert_eq!(span, m["text"].as_str().unwrap(), "offsets of {} in {id}", m["text"]);
            }
        }
    }
    // Dates: every span points at its text, and relative ones resolve against the publication date.
    let crocus = records
        .iter()
        .find(|r| r["document"]["title"].as_str().is_some_and(|t| t.contains("climbs to 133")))
        .expect("the 23 March 2024 Crocus report");
    let dates = crocus["dates"].as_array().unwrap();
    assert!(
        dates.iter().any(|d| d["text"] == "Friday" && d["value"] == "2024-03-22" && d["precision"] == "day"),
        "{dates:?}"
    );
    for record in &records {
        let id = record["document"]["id"].as_str().unwrap();
        let text: Vec<char> = ws.json(&["show", id, "--json"])["text"].as_str().unwrap().chars().collect();
        for d in record["dates"].as_array().unwrap() {
            let (s, e) = (d["start"].as_u64().unwrap() as usize, d["end"].as_u64().unwrap() as usize);
            assert_eq!(text[s..e].iter().collect::<String>(), d["text"].as_str().unwrap());
        }
    }
    for expected in ["islamic-state", "iskp", "ttp", "iswap", "ntj"] {
        assert!(named.contains(expected), "{expected} found in the corpus: {named:?}");
    }
    // Every other fact kind: each span (people and places: mentions; figures, quotes: the fact;
    // incidents: evidence sentences and link cues) is the text it claims to be.
    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    for record in &records {
        let id = record["document"]["id"].as_str().unwrap();
        let text: Vec<char> = ws.json(&["show", id, "--json"])["text"].as_str().unwrap().chars().collect();
        let check = |span: &Value, key: &str| {
            let (s, e) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
            assert!(s < e && e <= text.len(), "{span} in {id}");
            assert_eq!(text[s..e].iter().collect::<String>(), span[key].as_str().unwrap(), "in {id}");
        };
        for kind in ["people", "places", "organizations"] {
            for fact in record[kind].as_array().unwrap() {
                *kinds.entry(kind).or_default() += 1;
                fact["mentions"].as_array().unwrap().iter().for_each(|m| check(m, "text"));
            }
        }
        for kind in ["figures", "quotes"] {
            for fact in record[kind].as_array().unwrap() {
                *kinds.entry(kind).or_default() += 1;
                check(fact, "text");
            }
        }
        for evidence in record["indicators"].as_array().unwrap() {
            *kinds.entry("indicators").or_default() += 1;
            check(evidence, "cue");
            check(&evidence["evidence"], "sentence");
        }
        for incident in record["incidents"].as_array().unwrap() {
            *kinds.entry("incidents").or_default() += 1;
            incident["evidence"].as_array().unwrap().iter().for_each(|e| check(e, "sentence"));
            incident["link_cues"].as_array().unwrap().iter().for_each(|c| check(c, "text"));
            assert!(incident["link"].is_string());
        }
    }
    for kind in ["people", "places", "organizations", "figures", "quotes", "incidents", "indicators"] {
        assert!(kinds.get(kind).copied().unwrap_or(0) >= 20, "{kind}: {kinds:?}");
    }
    let bad = ws.dir.path().join("groups.toml");
    std::fs::write(&bad, "version = 1\n[[group]]\nid = \"a\"\nname = \"A\"\nparent = \"nobody\"\n").unwrap();
    let out = ws.run(&["extract", "examples/corpus/articles", "--groups", bad.to_str().unwrap()], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown parent"));
}

/// Quality floors on the sample corpus's gold annotations. Raise them as extraction improves;
/// never lower them.
#[test]
fn eval_holds_the_quality_floors() {
    let ws = Workspace::new();
    let report = ws.json(&["eval", "--json"]);
    assert_eq!(report["groups"]["documents"], 50);
    let f1 = |kind: &str| report["groups"][kind]["f1"].as_f64().unwrap();
    assert!(f1("groups") >= 0.99, "groups per document: {}", report["groups"]["groups"]);
    assert!(f1("mentions") >= 0.99, "group mentions: {}", report["groups"]["mentions"]);
    let dates = &report["dates"];
    assert_eq!(dates["documents"], 50);
    assert!(dates["detection"]["f1"].as_f64().unwrap() >= 0.95, "date expressions: {}", dates["detection"]);
    assert!(dates["normalised"].as_f64().unwrap() >= 0.99, "dates normalised: {}", dates["normalised"]);
    // Floors for the other kinds: raise them as quality rises, never lower them.
    let score = |kind: &str, measure: &str| report[kind][measure]["f1"].as_f64().unwrap();
    assert!(score("places", "score") >= 0.95, "places: {}", report["places"]["score"]);
    assert!(score("people", "score") >= 0.98, "people: {}", report["people"]["score"]);
    assert!(score("organizations", "score") >= 0.91, "organisations: {}", report["organizations"]["score"]);
    assert!(score("quotes", "attributed") >= 0.99, "quotes: {}", report["quotes"]["attributed"]);
    assert!(score("incidents", "incidents") >= 0.94, "incidents: {}", report["incidents"]["incidents"]);
    let field = |name: &str| {
        let row = report["incidents"]["fields"].as_array().unwrap().iter().find(|f| f[0] == name).cloned();
        let row = row.unwrap_or_else(|| panic!("field {name}"));
        row[1].as_f64().unwrap() / row[2].as_f64().unwrap()
    };
    for (name, floor) in [
        ("date", 0.91),
        ("country", 0.98),
        ("killed", 0.94),
        ("injured", 0.93),
        ("perpetrator", 0.95),
        ("link", 0.95),
    ] {
        assert!(field(name) >= floor, "incident {name}: {}", field(name));
    }
    let indicators = &report["indicators"];
    assert!(
        indicators["found"]["f1"].as_f64().unwrap() >= 0.59,
        "indicator evidence: {}",
        indicators["found"]
    );
    let share = |n: &str| indicators[n].as_f64().unwrap() / indicators["matched"].as_f64().unwrap();
    assert!(share("stance_right") >= 0.95, "indicator stance: {indicators}");
    let pairs = &report["resolution"]["pairs"];
    assert!(pairs["precision"].as_f64().unwrap() >= 0.99, "resolution: {pairs}");
    assert!(pairs["recall"].as_f64().unwrap() >= 0.99, "resolution: {pairs}");
    let text = String::from_utf8(ws.run(&["eval"], 0).stdout).unwrap();
    assert!(text.contains("group mentions") && text.contains("precision"));
    assert!(
        text.contains("place mentions")
            && text.contains("quotes with speaker")
            && text.contains("perpetrator")
    );
}

/// `eval --gold-set` on a small set written here: one document, its gold in `vigil-gold/1`.
#[test]
fn eval_scores_a_gold_set_in_the_shared_schema() {
    let ws = Workspace::new();
    let set = ws.dir.path().join("set");
    std::fs::create_dir_all(set.join("docs")).unwrap();
    std::fs::write(
        set.join("docs/a.txt"),
        "Title: Attack on a checkpoint\nPublished: 2024-05-02\n\nGunmen from Islamic State West Africa \
         Province killed four soldiers at a checkpoint in Maiduguri on Wednesday, the army said. \
         \"We repelled the attack,\" army spokesman Onyema Nwachukwu said.\n",
    )
    .unwrap();
    let gold = serde_json::json!({"schema": "vigil-gold/1", "docs": [{
        "file": "a.txt",
        "groups": [{"canonical": "Islamic State West Africa Province",
                    "surface_forms": ["Islamic State West Africa Province"]}],
        "people": [{"name": "Onyema Nwachukwu"}, {"name": "Nobody Found"}],
        "places": [{"name": "Maiduguri", "country_iso2": "NG"}],
        "quotes": [{"speaker": "Onyema Nwachukwu", "start": "We repelled the attack", "end": "attack"}],
        "incidents": [{"date": "2024-05-01", "city": "Maiduguri", "country_iso2": "NG", "killed": 4,
                       "perpetrator_group": "Islamic State West Africa Province", "link": "unknown"}],
    }]});
    std::fs::write(set.join("gold.json"), gold.to_string()).unwrap();
    let report = ws.json(&["eval", "--gold-set", set.to_str().unwrap(), "--json"]);
    assert_eq!(report["documents"], 1);
    let kind =
        |name: &str| report["kinds"].as_array().unwrap().iter().find(|k| k[0] == name).unwrap()[1].clone();
    assert_eq!(kind("groups")["f1"], 1.0, "{report}");
    assert_eq!(kind("people")["recall"], 0.5, "{report}");
    assert_eq!(kind("places")["f1"], 1.0, "{report}");
    assert_eq!(kind("incidents")["gold_found"], 1, "{report}");
    let text =
        String::from_utf8(ws.run(&["eval", "--gold-set", set.to_str().unwrap(), "--errors"], 0).stdout)
            .unwrap();
    assert!(text.contains("missed   Nobody Found"), "{text}");
    let missing = ws.dir.path().join("nothing");
    let out = ws.run(&["eval", "--gold-set", missing.to_str().unwrap()], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("gold.json"));
}

/// Floors on the real articles of `../shared/realtext`, where that set is present (it is not
/// part of the repository). Raise them as extraction improves; never lower them.
#[test]
fn eval_holds_the_floors_on_real_articles() {
    let set = root().join("../shared/realtext");
    if !set.join("gold.json").exists() {
        eprintln!("skipped: no gold set at {} (it is not shipped with vigil)", set.display());
        return;
    }
    let ws = Workspace::new();
    let report = ws.json(&["eval", "--gold-set", set.to_str().unwrap(), "--json"]);
    let f1 = |name: &str| {
        let row = report["kinds"].as_array().unwrap().iter().find(|k| k[0] == name).cloned();
        row.unwrap_or_else(|| panic!("kind {name}"))[1]["f1"].as_f64().unwrap()
    };
    let field = |name: &str| {
        let row = report["fields"].as_array().unwrap().iter().find(|f| f[0] == name).cloned();
        let row = row.unwrap_or_else(|| panic!("field {name}"));
        row[1].as_f64().unwrap() / row[2].as_f64().unwrap()
    };
    for (kind, floor) in REAL_KIND_FLOORS {
        assert!(f1(kind) >= floor, "real articles, {kind}: {} < {floor}", f1(kind));
    }
    for (name, floor) in REAL_FIELD_FLOORS {
        assert!(field(name) >= floor, "real articles, {name}: {} < {floor}", field(name));
    }
}

const REAL_KIND_FLOORS: [(&str, f64); 6] = [
    ("groups", 0.97),
    ("people", 0.90),
    ("places", 0.87),
    ("quotes", 0.87),
    ("incidents", 0.61),
    ("indicators", 0.80),
];
const REAL_FIELD_FLOORS: [(&str, f64); 9] = [
    ("indicator_polarity", 0.96),
    ("strength_value", 0.75),
    ("strength_source", 0.66),
    ("place_country", 0.96),
    ("quote_speaker", 0.60),
    ("incident_date", 0.84),
    ("incident_killed", 0.73),
    ("incident_perpetrator", 0.90),
    ("incident_link", 0.76),
];

#[test]
fn ingest_stores_group_facts_and_queries_filter_by_group() {
    let ws = Workspace::new();
    ws.ingest(&["examples/corpus"]);
    let iskp = ws.json(&["docs", "--group", "ISIS-K", "--limit", "0", "--json"]);
    let iskp = iskp.as_array().unwrap();
    assert!(iskp.len() >= 10, "{}", iskp.len());
    for d in iskp {
        let shown = ws.json(&["show", d["id"].as_str().unwrap(), "--json"]);
        assert!(shown["groups"].as_array().unwrap().iter().any(|g| g["key"] == "iskp"), "{shown}");
    }
    let by_alias = ws.json(&["docs", "--group", "Islamic State Khorasan Province", "--limit", "0", "--json"]);
    assert_eq!(by_alias.as_array().unwrap().len(), iskp.len(), "any alias names the same group");
    let hits = ws.json(&["search", "Peshawar", "--group", "TTP", "--json"]);
    assert!(!hits.as_array().unwrap().is_empty());
    let stats = ws.json(&["stats", "--json"]);
    assert!(stats["by_group"].as_array().unwrap().iter().any(|c| c["key"] == "ntj"));
    let out = ws.run(&["docs", "--group", "Khorasan"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown group"));

    // Places, people and incidents are stored with the document; --country filters by them.
    let russia = ws.json(&["docs", "--country", "Russia", "--limit", "0", "--json"]);
    let by_code = ws.json(&["docs", "--country", "ru", "--limit", "0", "--json"]);
    assert_eq!(russia, by_code, "a country by name or code");
    assert!(russia.as_array().unwrap().len() >= 8, "{}", russia.as_array().unwrap().len());
    let crocus = ws.json(&["search", "Crocus", "--country", "RU", "--group", "ISKP", "--json"]);
    assert!(!crocus.as_array().unwrap().is_empty());
    let shown = ws.json(&["show", russia[0]["id"].as_str().unwrap(), "--json"]);
    assert!(shown["countries"].as_array().unwrap().iter().any(|c| c["key"] == "RU"), "{shown}");
    let reported = russia
        .as_array()
        .unwrap()
        .iter()
        .map(|d| ws.json(&["show", d["id"].as_str().unwrap(), "--json"]))
        .find(|d| d["incidents"].as_array().is_some_and(|i| !i.is_empty()));
    let reported = reported.expect("a stored incident in a Russian document");
    assert!(reported["incidents"][0]["link"].is_string());
    let stats = ws.json(&["stats", "--json"]);
    assert!(stats["by_country"].as_array().unwrap().iter().any(|c| c["key"] == "RU"));
    let out = ws.run(&["docs", "--country", "Atlantis"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown country"));
}

#[test]
fn an_analysts_groups_file_serves_extraction_and_queries() {
    let ws = Workspace::new();
    let groups = ws.dir.path().join("groups.toml");
    let knowledge =
        "version = 1\n[[group]]\nid = \"bryansk-cell\"\nname = \"Bryansk cell\"\naliases = [\"Bryansk\"]\n";
    std::fs::write(&groups, knowledge).unwrap();
    let file = groups.to_str().unwrap();
    ws.json(&["--groups", file, "ingest", "--json", "examples/corpus/articles"]);
    let docs = ws.json(&["--groups", file, "docs", "--group", "Bryansk cell", "--limit", "0", "--json"]);
    assert!(!docs.as_array().unwrap().is_empty(), "custom groups are stored and found by name");
    let out = ws.run(&["docs", "--group", "Bryansk cell"], 2);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unknown group"),
        "without the file the name is unknown"
    );
}

#[test]
fn incidents_resolve_across_documents_with_histories_and_grades() {
    let ws = Workspace::new();
    let ingest = ws.json(&["--sources", "examples/sources.toml", "ingest", "--json", "examples/corpus"]);
    let made = n(&ingest["resolution"], "new_incidents");
    assert!(made >= 20, "{ingest}");
    let list = ws.json(&["incidents", "--limit", "0", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len() as u64, made);
    let show = |id: &Value| ws.json(&["incident", &id.to_string(), "--json"]);

    // Crocus City Hall: one incident, many documents, the toll rising in publication order.
    let crocus = list
        .iter()
        .find(|i| i["country"] == "RU" && i["date"] == "2024-03-22")
        .unwrap_or_else(|| panic!("no Crocus incident in {list:?}"));
    let crocus = show(&crocus["id"]);
    let a = &crocus["assessment"];
    assert!(a["sources"].as_array().unwrap().len() >= 8, "{}", a["sources"]);
    let killed = a["fields"].as_array().unwrap().iter().find(|f| f["field"] == "killed").unwrap();
    let history = killed["history"].as_array().unwrap();
    let times: Vec<&str> = history.iter().map(|h| h["published"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "history in publication order: {times:?}");
    let values: Vec<&str> = history.iter().map(|h| h["value"].as_str().unwrap()).collect();
    assert!(values.contains(&"at least 40") && values.contains(&"139"), "the rising toll: {values:?}");
    assert!(crocus["killed"].as_u64().unwrap() >= 133, "current toll: {}", crocus["killed"]);
    assert!(killed["reason"].as_str().unwrap().contains("latest"));
    assert!(
        a["sources"].as_array().unwrap().iter().any(|s| s["grade"] == "B"),
        "graded from the profile file"
    );

    // A syndicated copy is a source, but not an independent one.
    let mut copies = 0;
    for i in list {
        let shown = show(&i["id"]);
        let sources = shown["assessment"]["sources"].as_array().unwrap();
        if sources.iter().any(|s| !s["copy_of"].is_null()) {
            copies += 1;
            let docs: std::collections::BTreeSet<&str> =
                sources.iter().map(|s| s["doc"].as_str().unwrap()).collect();
            assert!(n(&shown, "sources") < docs.len() as u64, "a copy does not corroborate: {shown}");
        }
    }
    assert!(copies >= 1, "the syndicated copies report incidents");
    // Claims resting on one ungraded source that names no one are flagged.
    let flagged = list.iter().filter(|i| n(i, "flags") > 0).map(|i| show(&i["id"])).collect::<Vec<_>>();
    assert!(
        flagged.iter().any(|i| i["assessment"]["flags"].to_string().contains("uncorroborated")),
        "{flagged:?}"
    );

    // Resolving again changes nothing; starting afresh gives the same incidents.
    let again = ws.json(&["resolve", "--json"]);
    assert_eq!((n(&again, "new_reports"), n(&again, "new_incidents")), (0, 0), "{again}");
    let rebuilt = ws.json(&["--sources", "examples/sources.toml", "resolve", "--rebuild", "--json"]);
    assert_eq!(n(&rebuilt, "incidents"), made);
    assert_eq!(
        &ws.json(&["incidents", "--limit", "0", "--json"]).as_array().unwrap()[..],
        list,
        "deterministic"
    );

    // Filters, and the readable views.
    let iskp = ws.json(&["incidents", "--group", "Islamic State Khorasan", "--json"]);
    assert!(!iskp.as_array().unwrap().is_empty());
    assert!(iskp.as_array().unwrap().iter().all(|i| i["perpetrator"] == "iskp"));
    let isis = ws.json(&["incidents", "--group", "ISIS", "--limit", "0", "--json"]);
    assert!(isis.as_array().unwrap().len() > iskp.as_array().unwrap().len(), "a group includes its branches");
    let ru = ws.json(&["incidents", "--country", "Russia", "--since", "2024", "--json"]);
    assert!(
        ru.as_array().unwrap().iter().all(|i| i["country"] == "RU" && i["date"].as_str() >= Some("2024"))
    );
    let text = String::from_utf8(ws.run(&["incident", &crocus["id"].to_string()], 0).stdout).unwrap();
    assert!(text.contains("why:") && text.contains("Sources:") && text.contains("graded B"), "{text}");
    let table = String::from_utf8(ws.run(&["incidents"], 0).stdout).unwrap();
    assert!(table.contains("Krasnogorsk") || table.contains("Moscow"), "{table}");
    let out = ws.run(&["incidents", "--link", "sponsored"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown link level"));
    let out = ws.run(&["incident", "999999"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no incident 999999"));
}

/// A document that gives no date in its metadata, text or address stays undated: its relative
/// dates ("on Sunday") date no incident. The file time dates it only when asked.
#[test]
fn no_incident_is_dated_from_the_file_time_unless_asked() {
    let ws = Workspace::new();
    let notes = ws.dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(
        notes.join("raid.txt"),
        "Raid on an army post\n\nFighters of ISWAP killed 12 soldiers in an attack on an army post in \
         Monguno, Borno State, on Sunday, officials said.\n",
    )
    .unwrap();
    let path = notes.to_str().unwrap();
    let out = ws.ingest(&[path]);
    assert_eq!((n(&out, "stored"), n(&out, "undated")), (1, 1), "{out}");
    let docs = ws.json(&["docs", "--limit", "0", "--json"]);
    assert!(docs[0]["published"].is_null(), "{docs}");
    let incidents = ws.json(&["incidents", "--limit", "0", "--json"]);
    let incidents = incidents.as_array().unwrap();
    assert!(!incidents.is_empty(), "the attack is still an incident");
    assert!(incidents.iter().all(|i| i["date"].is_null()), "no date from the file time: {incidents:?}");

    let asked = Workspace::new();
    let out = asked.json(&["ingest", "--json", "--published", "file-time", path]);
    assert_eq!(n(&out, "undated"), 0, "{out}");
    let docs = asked.json(&["docs", "--limit", "0", "--json"]);
    assert_eq!(docs[0]["published_origin"], "file", "{docs}");
}

#[test]
fn new_reports_join_the_incidents_already_stored() {
    let ws = Workspace::new();
    ws.ingest(&["examples/corpus/articles/crocus-2024-03-22-meridian.txt"]);
    let before = ws.json(&["incidents", "--country", "RU", "--json"]);
    let first = before.as_array().unwrap().iter().find(|i| i["date"] == "2024-03-22").unwrap().clone();
    let later = ws.ingest(&["examples/corpus/articles/crocus-2024-03-26-caspian.txt"]);
    assert!(n(&later["resolution"], "updated_incidents") >= 1, "{later}");
    let shown = ws.json(&["incident", &first["id"].to_string(), "--json"]);
    assert_eq!(shown["assessment"]["sources"].as_array().unwrap().len(), 2, "{shown}");
    assert!(shown["killed"].as_u64() > first["killed"].as_u64(), "the later toll is current: {shown}");
}

/// Markdown as vigil escapes it, back to the text.
fn unescape_md(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            out.push(chars.next().unwrap());
        } else {
            out.push(c);
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

#[test]
fn group_profiles_scorecards_and_cited_briefs() {
    let ws = Workspace::new();
    ws.run(&["--sources", "examples/sources.toml", "ingest", "examples/corpus"], 0);
    // One profile, whatever the group is called.
    let a = ws.json(&["group", "ISKP", "--json"]);
    assert_eq!(a, ws.json(&["group", "Islamic State Khorasan", "--json"]));
    assert_eq!(a["id"], "iskp");
    assert!(
        a["strength"].as_array().unwrap().iter().any(|f| f["low"] == 4000 && f["high"] == 6000),
        "{}",
        a["strength"]
    );
    assert!(a["outlets"].as_array().unwrap().iter().any(|o| o["name"] == "Amaq"));
    assert!(!a["incidents"].as_array().unwrap().is_empty() && !a["quotes"].as_array().unwrap().is_empty());
    for i in a["incidents"].as_array().unwrap() {
        assert!(!i["sources"].as_array().unwrap().is_empty(), "every incident line is cited: {i}");
    }
    // One person however each document spells or titles the name.
    let soleimani = ws.json(&["people", "soleimani", "--json"]);
    let soleimani = soleimani.as_array().unwrap();
    assert_eq!(soleimani.len(), 1, "{soleimani:?}");
    let spellings = soleimani[0]["spellings"].as_array().unwrap();
    assert!(
        spellings.contains(&Value::from("Qasem Soleimani"))
            && spellings.contains(&Value::from("Qassem Soleimani"))
    );
    assert!(n(&soleimani[0], "documents") >= 4 && !soleimani[0]["cites"].as_array().unwrap().is_empty());
    let text = String::from_utf8(ws.run(&["group", "ISKP"], 0).stdout).unwrap();
    assert!(text.contains("Regional hotspots") && text.contains("Strength estimates"), "{text}");

    // The scorecard: every marker judged with its evidence, the reading with reasons, kept.
    let card = ws.json(&["indicators", "ISKP", "--json"]);
    let markers = card["markers"].as_array().unwrap();
    assert_eq!(markers.len(), 4);
    for m in markers {
        assert!(["present", "absent", "contested"].contains(&m["status"].as_str().unwrap()), "{m}");
        assert!(!m["reason"].as_str().unwrap().is_empty());
    }
    assert!(!card["reasons"].as_array().unwrap().is_empty() && card["reading"].is_string());
    assert!(card["links"]["incidents"].as_u64().unwrap() >= 1);
    // The saved page's unsourced claim ("It is understood that...") is flagged.
    let money = markers.iter().find(|m| m["indicator"] == "financing").unwrap();
    let unsourced = money["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["sentence"].as_str().unwrap().starts_with("It is understood that the gunmen"));
    let unsourced = unsourced.unwrap_or_else(|| panic!("the payment claim is evidence: {money}"));
    assert_eq!(unsourced["uncorroborated"], true, "{unsourced}");
    let regional = ws.json(&["indicators", "ISKP", "--region", "Central Asia", "--json"]);
    assert_eq!(regional["scope"]["region"], "Central Asia");
    let out = ws.run(&["indicators", "ISKP", "--region", "Atlantis"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown region"));

    // The brief: deterministic, and every footnote resolves to a stored document and span.
    let brief = String::from_utf8(
        ws.run(&["brief", "--group", "ISKP", "--since", "2024-03-24", "--format", "md"], 0).stdout,
    )
    .unwrap();
    let again =
        String::from_utf8(ws.run(&["brief", "--group", "ISKP", "--since", "2024-03-24"], 0).stdout).unwrap();
    assert_eq!(brief, again, "the same store gives the same brief");
    for section in [
        "## Bottom line",
        "## Key facts",
        "## Indicators of resurgence",
        "## Incidents",
        "## What changed since 2024-03-24",
        "## Quotes",
        "## Sources",
    ] {
        assert!(brief.contains(section), "{section} missing:\n{brief}");
    }
    let (body, sources) = brief.split_once("## Sources").unwrap();
    let mut used = std::collections::BTreeSet::new();
    for (at, _) in body.match_indices("[^") {
        let n: String = body[at + 2..].chars().take_while(|c| c.is_ascii_digit()).collect();
        used.insert(n.parse::<usize>().unwrap());
    }
    let mut defined = std::collections::BTreeSet::new();
    let mut texts = std::collections::HashMap::new();
    for line in sources.lines().filter(|l| l.starts_with("[^")) {
        let n: usize = line[2..line.find(']').unwrap()].parse().unwrap();
        defined.insert(n);
        let at = line.find("document ").unwrap_or_else(|| panic!("no document in {line}"));
        let rest = &line[at + "document ".len()..];
        let (id, rest) = rest.split_once(", characters ").unwrap();
        let (span, quoted) = rest.split_once(": “").unwrap();
        let (start, end) = span.split_once('-').unwrap();
        let (start, end): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
        let text = texts
            .entry(id.to_string())
            .or_insert_with(|| ws.json(&["show", id, "--json"])["text"].as_str().unwrap().to_string());
        let stored: String = text.chars().skip(start).take(end - start).collect();
        assert!(!stored.trim().is_empty(), "footnote {n} points at nothing");
        let quoted = unescape_md(quoted.trim_end_matches('”'));
        let quoted = quoted.trim_end_matches('…');
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            norm(&stored).starts_with(&norm(quoted)),
            "footnote {n}: {quoted:?} is not at {id} {start}-{end}: {stored:?}"
        );
    }
    assert_eq!(used, defined, "every footnote used is listed, and every listed one used");
    assert!(
        body.contains("Uncorroborated claims") && body.contains("It is understood that the gunmen"),
        "{body}"
    );
    assert!(defined.len() >= 10, "a brief cites its sources: {}", defined.len());

    let html = ws.dir.path().join("brief.html");
    ws.run(&["brief", "--region", "Russia", "--format", "html", "-o", html.to_str().unwrap()], 0);
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<table>") && html.contains("id=\"s1\""));
    assert!(html.contains("Content-Security-Policy"));
    let out = ws.run(&["brief"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--group, --country or --region"));
}

#[test]
fn watches_report_what_is_new_since_their_last_run() {
    let ws = Workspace::new();
    ws.ingest(&["examples/corpus/articles"]);
    ws.run(&["watch", "add", "iskp", "ISKP"], 0);
    ws.run(&["watch", "add", "money", "financing"], 0);
    ws.run(&["watch", "add", "tj", "Tajikistan"], 0);
    ws.run(&["watch", "add", "crocus", "Crocus OR Kerman", "--from-start"], 0);
    let out = ws.run(&["watch", "add", "iskp", "ISIS"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists"));
    let list = ws.json(&["watch", "list", "--json"]);
    let kinds: Vec<&str> = list.as_array().unwrap().iter().map(|w| w["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["text", "group", "indicator", "place"], "by name: crocus, iskp, money, tj");

    let first = ws.json(&["watch", "run", "--json"]);
    let hits = |report: &Value, name: &str| {
        report.as_array().unwrap().iter().find(|r| r["watch"]["name"] == name).unwrap()["documents"]
            .as_array()
            .unwrap()
            .len()
    };
    assert!(hits(&first, "crocus") >= 5, "from the start: {first}");
    assert_eq!(hits(&first, "iskp"), 0, "nothing new since it was added");
    ws.ingest(&["examples/corpus/analysis"]);
    let peek = ws.json(&["watch", "run", "--peek", "--json"]);
    let second = ws.json(&["watch", "run", "--json"]);
    assert_eq!(peek, second, "peeking marks nothing as seen");
    assert!(hits(&second, "iskp") >= 1, "{second}");
    assert!(hits(&second, "money") >= 1);
    let money = second.as_array().unwrap().iter().find(|r| r["watch"]["name"] == "money").unwrap();
    assert!(money["indicators"].as_array().unwrap().iter().all(|e| e["indicator"] == "financing"));
    assert!(
        hits(&second, "crocus") >= 1 && hits(&second, "crocus") < hits(&first, "crocus"),
        "only the new ones"
    );
    let third = ws.json(&["watch", "run", "--json"]);
    assert!(
        third.as_array().unwrap().iter().all(|r| r["documents"].as_array().unwrap().is_empty()),
        "{third}"
    );
    ws.run(&["watch", "remove", "tj"], 0);
    assert_eq!(ws.json(&["watch", "list", "--json"]).as_array().unwrap().len(), 3);
    let out = ws.run(&["watch", "remove", "tj"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no watch named"));
}

/// The OASIS STIX validator: `VIGIL_STIX_VALIDATOR`, else `stix2_validator` on the PATH.
fn stix_validator() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("VIGIL_STIX_VALIDATOR") {
        return Some(PathBuf::from(path));
    }
    let found =
        Command::new("stix2_validator").arg("--help").stdout(Stdio::null()).stderr(Stdio::null()).status();
    found.is_ok_and(|s| s.success()).then(|| PathBuf::from("stix2_validator"))
}

/// A Python with the `stix2` library: `VIGIL_STIX_PYTHON`, else `python3` when it has it.
fn stix_python() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("VIGIL_STIX_PYTHON") {
        return Some(PathBuf::from(path));
    }
    let found = Command::new("python3")
        .args(["-c", "import stix2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    found.is_ok_and(|s| s.success()).then(|| PathBuf::from("python3"))
}

#[test]
fn exports_in_four_formats() {
    let ws = Workspace::new();
    ws.run(&["--sources", "examples/sources.toml", "ingest", "examples/corpus"], 0);
    let incidents = ws.json(&["incidents", "--limit", "0", "--json"]);
    let incidents = incidents.as_array().unwrap();
    let out = |format: &str, extra: &[&str]| {
        let path = ws.dir.path().join(format!("export-{format}-{}.{format}", extra.len()));
        let mut args = vec!["export", "--format", format, "-o", path.to_str().unwrap()];
        args.extend(extra);
        ws.run(&args, 0);
        std::fs::read_to_string(&path).unwrap()
    };

    // GeoJSON: a FeatureCollection a GeoJSON reader accepts, longitude first.
    let text = out("geojson", &[]);
    let parsed: geojson::GeoJson = text.parse().unwrap_or_else(|e| panic!("not GeoJSON: {e}"));
    let geojson::GeoJson::FeatureCollection(fc) = parsed else { panic!("not a FeatureCollection") };
    assert_eq!(fc.features.len(), incidents.len());
    let crocus = fc
        .features
        .iter()
        .find(|f| {
            f.property("country").and_then(|c| c.as_str()) == Some("RU")
                && f.property("date").and_then(|d| d.as_str()) == Some("2024-03-22")
        })
        .expect("the Crocus incident");
    let geometry = serde_json::to_value(crocus.geometry.as_ref().expect("a geometry")).unwrap();
    assert_eq!(geometry["type"], "Point");
    let (lon, lat) =
        (geometry["coordinates"][0].as_f64().unwrap(), geometry["coordinates"][1].as_f64().unwrap());
    assert!((37.0..38.0).contains(&lon) && (55.0..56.5).contains(&lat), "lon, lat: {geometry}");

    // CSV: GTD's columns, one row per incident, quoting that a CSV reader reads back.
    let text = out("csv", &[]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    for column in [
        "eventid",
        "iyear",
        "imonth",
        "iday",
        "country_txt",
        "city",
        "latitude",
        "longitude",
        "attacktype1_txt",
        "weaptype1_txt",
        "targtype1_txt",
        "gname",
        "nkill",
        "nwound",
        "claimed",
        "vigil_link",
        "vigil_sources",
    ] {
        assert!(headers.iter().any(|h| h == column), "{column} missing: {headers:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), incidents.len());
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    for row in &rows {
        assert_eq!(row.len(), headers.len());
        assert!(row[col("iyear")].is_empty() || row[col("iyear")].parse::<u32>().is_ok());
        assert!(row[col("imonth")].parse::<u32>().is_ok_and(|m| m <= 12), "{row:?}");
    }
    assert!(
        rows.iter()
            .any(|r| &r[col("country_txt")] == "Russia"
                && &r[col("gname")] == "Islamic State Khorasan Province")
    );

    // JSON Lines: documents and incidents in the documented schema.
    let text = out("jsonl", &[]);
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let count = |t: &str| lines.iter().filter(|l| l["type"] == t).count();
    assert_eq!(count("incident"), incidents.len());
    assert!(count("document") >= 50);
    assert!(lines.iter().filter(|l| l["type"] == "incident").all(|l| l["assessment"]["fields"].is_array()));

    // STIX 2.1: deterministic ids, so a re-export is the same bundle; valid under the OASIS validator.
    let bundle = out("stix", &[]);
    let again = String::from_utf8(ws.run(&["export", "--format", "stix"], 0).stdout).unwrap();
    assert_eq!(bundle, again, "the same store exports the same bundle");
    let parsed: Value = serde_json::from_str(&bundle).unwrap();
    assert_eq!(parsed["type"], "bundle");
    let objects = parsed["objects"].as_array().unwrap();
    let kinds: std::collections::BTreeSet<&str> =
        objects.iter().map(|o| o["type"].as_str().unwrap()).collect();
    for kind in
        ["identity", "incident", "intrusion-set", "location", "note", "relationship", "report", "sighting"]
    {
        assert!(kinds.contains(kind), "{kind} missing: {kinds:?}");
    }
    let ids: std::collections::BTreeSet<&str> = objects.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), objects.len(), "no object twice");
    let iskp = out("stix", &["--group", "ISKP"]);
    assert!(iskp.len() < bundle.len() && iskp.contains("Islamic State Khorasan Province"));
    match stix_validator() {
        Some(validator) => {
            let path = ws.dir.path().join("bundle.json");
            std::fs::write(&path, &bundle).unwrap();
            let checked = Command::new(validator).arg(&path).output().unwrap();
            let report = String::from_utf8_lossy(&checked.stdout);
            assert!(checked.status.success() && !report.contains("[X]"), "stix2-validator: {report}");
        }
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("stix2-validator is not installed (.ci/run installs it; set VIGIL_STIX_VALIDATOR)")
        }
        None => eprintln!("skipped: stix2-validator not installed (pip install stix2-validator)"),
    }
    // vigil's own properties are in a declared property extension, so the bundle parses with
    // the stix2 library's strict parser (no custom content allowed).
    let extensions: Vec<&Value> = objects.iter().filter(|o| o["type"] == "extension-definition").collect();
    assert_eq!(extensions.len(), 1);
    let extension = extensions[0]["id"].as_str().unwrap();
    let incident = objects.iter().find(|o| o["type"] == "incident").unwrap();
    assert_eq!(incident["extensions"][extension]["extension_type"], "property-extension");
    assert!(incident["extensions"][extension]["link"].is_string(), "{incident}");
    assert!(objects.iter().all(|o| o.as_object().unwrap().keys().all(|k| !k.starts_with("x_"))));
    match stix_python() {
        Some(python) => {
            let path = ws.dir.path().join("strict.json");
            std::fs::write(&path, &bundle).unwrap();
            let script = "import json, sys, stix2\nb = stix2.parse(json.load(open(sys.argv[1])), allow_custom=False)\nprint(len(b.objects))";
            let parsed = Command::new(python).args(["-c", script]).arg(&path).output().unwrap();
            assert!(
                parsed.status.success(),
                "stix2 strict parse: {}",
                String::from_utf8_lossy(&parsed.stderr)
            );
            let count: usize = String::from_utf8_lossy(&parsed.stdout).trim().parse().unwrap();
            assert_eq!(count, objects.len());
        }
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("the stix2 library is not installed (.ci/run installs it; set VIGIL_STIX_PYTHON)")
        }
        None => eprintln!("skipped: the stix2 Python library is not installed (pip install stix2)"),
    }
    // A bundle vigil wrote imports again with the same readings.
    let again = Workspace::new();
    let path = ws.dir.path().join("roundtrip.json");
    std::fs::write(&path, &bundle).unwrap();
    again.run(&["import", path.to_str().unwrap(), "--format", "stix"], 0);
    let back = again.json(&["incidents", "--limit", "0", "--json"]);
    let tolls = |list: &Value| -> Vec<String> {
        let mut rows: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                format!("{} {} {} {} {}", i["date"], i["country"], i["attack_type"], i["killed"], i["link"])
            })
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(
        tolls(&back),
        tolls(&Value::Array(incidents.clone())),
        "a re-imported bundle gives the same readings"
    );
}

#[test]
fn imports_gtd_acled_and_stix_beside_the_reporting() {
    let ws = Workspace::new();
    ws.run(&["--sources", "examples/sources.toml", "ingest", "examples/corpus"], 0);
    let sources_of = |country: &str, date: &str| -> Vec<String> {
        let list = ws.json(&["incidents", "--country", country, "--limit", "0", "--json"]);
        let found = list.as_array().unwrap().iter().find(|i| i["date"] == date).cloned();
        let found = found.unwrap_or_else(|| panic!("no incident in {country} on {date}: {list}"));
        let shown = ws.json(&["incident", &found["id"].to_string(), "--json"]);
        shown["assessment"]["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["source"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!sources_of("RU", "2024-03-22").contains(&"Global Terrorism Database".to_string()));

    let gtd = ws.json(&["import", "--format", "gtd", "examples/import/gtd-sample.csv", "--json"]);
    assert_eq!((n(&gtd, "rows"), n(&gtd, "imported")), (4, 3), "{gtd}");
    assert_eq!(gtd["skipped"].as_array().unwrap().len(), 1);
    assert!(gtd["skipped"][0].as_str().unwrap().starts_with("line 5:"), "{gtd}");
    // The coded row joins the incident the reporting already made.
    assert!(sources_of("RU", "2024-03-22").contains(&"Global Terrorism Database".to_string()));
    assert!(sources_of("AF", "2021-08-26").contains(&"Global Terrorism Database".to_string()));
    let again = ws.json(&["import", "--format", "gtd", "examples/import/gtd-sample.csv", "--json"]);
    assert_eq!((n(&again, "imported"), n(&again, "duplicates")), (0, 3), "importing twice adds nothing");

    let acled = ws.json(&["import", "--format", "acled", "examples/import/acled-sample.csv", "--json"]);
    assert_eq!(n(&acled, "imported"), 2, "{acled}");
    assert!(acled["skipped"][0].as_str().unwrap().starts_with("line 4:"));
    assert!(sources_of("IR", "2024-01-03").contains(&"ACLED".to_string()));

    let stix = ws.json(&["import", "--format", "stix", "examples/import/stix-sample.json", "--json"]);
    assert_eq!(n(&stix, "imported"), 1, "{stix}");
    assert!(stix["skipped"][0].as_str().unwrap().contains("has no name"));
    assert!(sources_of("DE", "2024-08-23").contains(&"STIX import".to_string()));

    // Provenance: the dataset and row stay with the imported document.
    let docs = ws.json(&["docs", "--source", "Global Terrorism Database", "--limit", "0", "--json"]);
    let origins: Vec<&str> = docs.as_array().unwrap().iter().map(|d| d["origin"].as_str().unwrap()).collect();
    assert!(origins.iter().any(|o| o.ends_with("gtd-sample.csv#gtd-202403220001")), "{origins:?}");
    // Dated by their rows and graded by the built-in dataset profiles, not undated and F.
    let gtd = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["origin"].as_str().unwrap().ends_with("#gtd-202403220001"))
        .unwrap();
    assert_eq!(
        (gtd["published"].as_str(), gtd["published_origin"].as_str()),
        (Some("2024-03-22"), Some("metadata"))
    );
    let list = ws.json(&["incidents", "--country", "RU", "--limit", "0", "--json"]);
    let crocus = list.as_array().unwrap().iter().find(|i| i["date"] == "2024-03-22").unwrap();
    let shown = ws.json(&["incident", &crocus["id"].to_string(), "--json"]);
    let row = shown["assessment"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "Global Terrorism Database");
    assert_eq!(row.map(|s| s["grade"].clone()), Some(Value::from("B")), "{shown}");
    let out = ws.run(&["import", "--format", "gtd", "examples/import/acled-sample.csv"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("columns missing"));
}

/// A running `vigil serve`, stopped when dropped.
struct Server {
    child: std::process::Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(ws: &Workspace) -> Server {
        Server::start_with(ws, &[], Stdio::null())
    }

    /// A server with more options, its standard error going to `stderr`.
    fn start_with(ws: &Workspace, options: &[&str], stderr: Stdio) -> Server {
        use std::io::BufRead;
        let mut child = ws
            .command(&[&["serve", "--addr", "127.0.0.1:0"], options].concat())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("{line}"));
        Server { addr: addr.to_string(), child }
    }

    /// GET over a plain socket: (status, headers in lower case, body).
    fn get(&self, path: &str) -> (u16, String, String) {
        self.get_as(&self.addr, path)
    }

    /// GET with the `Host` header given.
    fn get_as(&self, host: &str, path: &str) -> (u16, String, String) {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.addr).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).to_string();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head.to_lowercase(), body.to_string())
    }

    fn json(&self, path: &str, status: u16) -> Value {
        let (got, head, body) = self.get(path);
        assert_eq!(got, status, "GET {path}: {body}");
        assert!(head.contains("content-type: application/json"), "GET {path}: {head}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"))
    }
}

/// Percent-encodes a query parameter's value.
fn encoded(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A small tmpfs mounted for a test, unmounted when dropped; none where mounting is not
/// allowed (not root, or no tmpfs).
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| SmallDisk(at.to_path_buf()))
    }

    fn grow(&self, size: &str) {
        let grown = Command::new("mount").args(["-o", &format!("remount,size={size}")]).arg(&self.0).status();
        assert!(grown.unwrap().success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_stops_ingest_saying_what_was_stored() {
    let ws = Workspace::new();
    let Some(disk) = SmallDisk::mount(&ws.dir.path().join("small"), "2m") else {
        eprintln!("skipped: a full disk is simulated with a small tmpfs, which needs root");
        return;
    };
    let corpus = ws.dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let words = ["officials", "reported", "an", "attack", "near", "the", "market", "police", "said", "later"];
    for i in 0..3000usize {
        let body: Vec<&str> = (0..80).map(|k| words[(i * 7 + k * k + k * i) % words.len()]).collect();
        let text =
            format!("Report {i}\n\nBulletin {i} from the desk: {}. Number {i} ends here.\n", body.join(" "));
        std::fs::write(corpus.join(format!("doc{i:04}.txt")), text).unwrap();
    }
    let db = disk.0.join("vigil.db");
    let vigil = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_vigil")).arg("--db").arg(&db).args(args).output().unwrap()
    };
    let corpus_arg = corpus.to_str().unwrap();
    let out = vigil(&["ingest", corpus_arg]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("disk is full") && stderr.contains("no incidents were resolved"), "{stderr}");
    let kept: u64 = stderr
        .split(" document(s) of this run were stored before the failure")
        .next()
        .and_then(|head| head.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of what was stored: {stderr}"));
    let documents = |out: Output| -> u64 {
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["documents"].as_u64().unwrap()
    };
    assert_eq!(documents(vigil(&["stats", "--json"])), kept, "the store holds what the message says");
    // With room again, the same command finishes the work, each document once.
    disk.grow("64m");
    let out = vigil(&["ingest", corpus_arg, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["duplicates"].as_u64(), Some(kept));
    assert_eq!(documents(vigil(&["stats", "--json"])), 3000);
}

#[test]
fn serve_bounds_queries_clients_and_time() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};
    let ws = Workspace::new();
    ws.run(&["--sources", "examples/sources.toml", "ingest", "examples/corpus"], 0);
    let server = Server::start_with(&ws, &["--header-timeout", "1"], Stdio::null());

    // Queries that could hold a core are refused before they reach the index, each with its
    // reason; so are parameters that used to be misread.
    let ors = |n: usize, word: &str| (0..n).map(|i| format!("{word}{i}")).collect::<Vec<_>>().join(" OR ");
    let wide = ors(150, "w");
    let prefixes = ors(80, "abc").replace(" OR", "* OR") + "*";
    let deep = format!("{}Kerman{}", "(".repeat(20), ")".repeat(20));
    let pathological: Vec<(String, &str)> = vec![
        (format!("/api/search?q={}", encoded("a*")), "at least 3 characters"),
        (format!("/api/search?q={}", encoded(&prefixes)), "terms; a query may have at most 32"),
        (format!("/api/search?q={}", encoded("abc* abd* abe* abf* abg*")), "5 prefixes"),
        (format!("/api/search?q={}", encoded(&wide)), "characters long; at most 1000"),
        (format!("/api/search?q={}", encoded(&deep)), "nested more than 8 deep"),
        (format!("/api/search?q={}", encoded("\u{0}")), "nothing to search for"),
        ("/api/search?q=Kerman&offset=20000".into(), "past the first 10000"),
        ("/api/documents?since=10000".into(), "is not a date"),
        ("/api/search?q=attack&link=bogus".into(), "use one of directed"),
        ("/api/documents?link=bogus".into(), "use one of directed"),
    ];
    for (path, why) in &pathological {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 400, "{path}: {body}");
        assert!(body.contains(why), "{path}: {body}");
        assert!(body.contains("\"bad_query\"") || body.contains("\"bad_parameter\""), "{body}");
    }
    assert_eq!(server.get(&format!("/search?q={}", encoded("a*"))).0, 400, "the page says so too");

    // Another client is answered promptly while four others send the mix without pause.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flood: Vec<_> = (0..4)
        .map(|k| {
            let (stop, addr, paths) = (stop.clone(), server.addr.clone(), pathological.clone());
            std::thread::spawn(move || {
                let mut sent = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let (path, _) = &paths[(sent + k) % paths.len()];
                    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
                    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                        .unwrap();
                    let mut raw = Vec::new();
                    stream.read_to_end(&mut raw).unwrap();
                    sent += 1;
                }
                sent
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for _ in 0..20 {
        let asked = Instant::now();
        assert_eq!(server.get("/api/search?q=Crocus").0, 200);
        slowest = slowest.max(asked.elapsed());
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let sent: usize = flood.into_iter().map(|t| t.join().unwrap()).sum();
    assert!(sent > 20, "the flood ran: {sent} requests");
    assert!(slowest < Duration::from_secs(2), "a search took {slowest:?} during the flood");

    // A client that never finishes its headers is let go.
    let mut half = std::net::TcpStream::connect(&server.addr).unwrap();
    half.write_all(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\n").unwrap();
    half.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let waited = Instant::now();
    let mut rest = Vec::new();
    assert!(half.read_to_end(&mut rest).is_ok(), "the server closed the connection");
    assert!(waited.elapsed() < Duration::from_secs(15), "closed after {:?}", waited.elapsed());
    drop(server);

    // Work in the store stops at the request's deadline, with a 503 that says why.
    let hurried = Server::start_with(&ws, &["--deadline", "0.000001"], Stdio::null());
    let (status, _, body) = hurried.get("/api/stats");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("\"deadline_exceeded\"") && body.contains("time limit"), "{body}");
    assert_eq!(hurried.get("/sources").0, 503);
    drop(hurried);

    // Connections past the limit wait until one closes.
    let narrow = Server::start_with(&ws, &["--max-connections", "2"], Stdio::null());
    let held: Vec<_> = (0..2).map(|_| std::net::TcpStream::connect(&narrow.addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut third = std::net::TcpStream::connect(&narrow.addr).unwrap();
    write!(third, "GET /api/stats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    third.set_read_timeout(Some(Duration::from_millis(500))).unwrap();
    let mut first = [0u8; 12];
    assert!(third.read(&mut first).is_err(), "not answered while two connections are held");
    drop(held);
    third.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut answer = Vec::new();
    third.read_to_end(&mut answer).unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"), "answered once one closed");
    drop(narrow);

    // SIGTERM stops the server cleanly.
    #[cfg(unix)]
    {
        let mut server = Server::start_with(&ws, &[], Stdio::piped());
        assert_eq!(server.get("/api/stats").0, 200);
        let killed = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
        assert!(killed.success());
        let status = server.child.wait().unwrap();
        let mut stderr = String::new();
        server.child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        assert_eq!(status.code(), Some(0), "{stderr}");
        assert!(stderr.contains("vigil serve: stopped"), "{stderr}");
    }
}

#[test]
fn serve_answers_every_api_endpoint_with_stable_errors() {
    let ws = Workspace::new();
    ws.run(&["--sources", "examples/sources.toml", "ingest", "examples/corpus"], 0);
    let out = ws.run(&["serve", "--addr", "0.0.0.0:0"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-remote"), "loopback unless told");
    let server = Server::start(&ws);

    // Every response is protected, whatever it is.
    let (status, head, body) = server.get("/");
    assert_eq!(status, 200);
    for header in [
        "content-security-policy: default-src 'self'",
        "x-content-type-options: nosniff",
        "x-frame-options: deny",
        "referrer-policy: no-referrer",
    ] {
        assert!(head.contains(header), "{header} missing: {head}");
    }
    assert!(body.contains("/api/openapi.json"));
    // Only names of this server: a page rebinding its own name to loopback is refused.
    let port = server.addr.rsplit(':').next().unwrap();
    for host in ["evil.example", "evil.example:80", "localhost.evil.example", "127.0.0.1.evil.example", ""] {
        let (status, head, body) = server.get_as(host, "/api/stats");
        assert_eq!(status, 421, "Host {host:?}: {body}");
        assert!(body.contains("\"unknown_host\"") && head.contains("x-frame-options: deny"), "{body}");
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "LOCALHOST".into(),
    ] {
        assert_eq!(server.get_as(&host, "/api/stats").0, 200, "Host {host:?}");
    }
    let spec = server.json("/api/openapi.json", 200);
    assert_eq!(spec["openapi"], "3.1.0");
    let paths: Vec<&str> = spec["paths"].as_object().unwrap().keys().map(String::as_str).collect();

    // Good requests, one per endpoint, each described in the OpenAPI document.
    let stats = server.json("/api/stats", 200);
    assert!(stats["documents"].as_u64().unwrap() >= 50);
    let docs = server.json("/api/documents?limit=5&lang=en", 200);
    assert_eq!(docs["items"].as_array().unwrap().len(), 5);
    assert_eq!(docs["next_offset"], 5);
    let next = server.json("/api/documents?limit=5&offset=5&lang=en", 200);
    assert_ne!(docs["items"][0]["id"], next["items"][0]["id"], "pages differ");
    let id = docs["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(server.json(&format!("/api/documents/{}", &id[..8]), 200)["id"], id.as_str());
    let hits = server.json("/api/search?q=Crocus&country=RU", 200);
    assert!(!hits["items"].as_array().unwrap().is_empty());
    assert_eq!(hits["facets"]["country"][0]["key"], "RU", "search answers with its facets");
    // Each facet value counts what its filter finds.
    let all = server.json("/api/search?q=attack&limit=500", 200);
    for (facet, param) in [("link", "link"), ("attack_type", "type"), ("group", "group")] {
        for value in all["facets"][facet].as_array().unwrap() {
            let key = value["key"].as_str().unwrap();
            let found = server.json(&format!("/api/search?q=attack&{param}={key}&limit=500"), 200);
            assert_eq!(
                found["items"].as_array().unwrap().len() as u64,
                value["documents"].as_u64().unwrap(),
                "{facet}={key}"
            );
        }
    }
    let by_killed = server.json("/api/incidents?sort=killed&limit=5", 200);
    let k: Vec<u64> =
        by_killed["items"].as_array().unwrap().iter().filter_map(|i| i["killed"].as_u64()).collect();
    assert!(k.windows(2).all(|w| w[0] >= w[1]), "{k:?}");
    let incidents = server.json("/api/incidents?group=ISKP&limit=500", 200);
    let first = incidents["items"][0]["id"].as_i64().unwrap();
    assert!(server.json(&format!("/api/incidents/{first}"), 200)["assessment"]["fields"].is_array());
    assert!(server.json("/api/groups", 200)["items"].as_array().unwrap().len() > 10);
    assert_eq!(server.json("/api/groups/Islamic%20State%20Khorasan", 200)["id"], "iskp");
    assert_eq!(
        server.json("/api/indicators/ISKP?region=Central%20Asia", 200)["markers"].as_array().unwrap().len(),
        4
    );
    assert!(!server.json("/api/people?name=soleimani", 200)["items"].as_array().unwrap().is_empty());
    assert!(
        server.json("/api/sources", 200)["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "Meridian Wire")
    );
    assert!(server.json("/api/brief?group=ISKP", 200)["text"].as_str().unwrap().starts_with("# Brief"));
    for path in [
        "/api/stats",
        "/api/documents",
        "/api/documents/{id}",
        "/api/search",
        "/api/incidents",
        "/api/incidents/{id}",
        "/api/groups",
        "/api/groups/{name}",
        "/api/indicators/{group}",
        "/api/people",
        "/api/sources",
        "/api/brief",
    ] {
        assert!(paths.contains(&path), "{path} is not described");
    }

    // Bad requests: a stable code and a message naming the parameter.
    let bad = |path: &str, status: u16, code: &str, words: &str| {
        let e = server.json(path, status);
        assert_eq!(e["error"]["code"], code, "GET {path}: {e}");
        assert!(e["error"]["message"].as_str().unwrap().contains(words), "GET {path}: {e}");
    };
    bad("/api/documents?limit=abc", 400, "bad_parameter", "limit");
    bad("/api/documents?limit=100000", 400, "bad_parameter", "limit");
    bad("/api/documents?since=yesterday", 400, "bad_parameter", "since");
    bad("/api/documents?country=Atlantis", 400, "bad_parameter", "country");
    bad("/api/search", 400, "bad_parameter", "q");
    bad("/api/search?q=%22Crocus", 400, "bad_query", "unclosed quote");
    bad("/api/documents/00000000", 404, "not_found", "no document");
    bad("/api/incidents?link=sponsored", 400, "bad_parameter", "link");
    bad("/api/incidents?sort=colour", 400, "bad_parameter", "sort");
    bad("/api/incidents?dir=up", 400, "bad_parameter", "dir");
    bad("/api/incidents?group=Nobody", 400, "bad_parameter", "group");
    bad("/api/incidents/x", 400, "bad_parameter", "id");
    bad("/api/incidents/999999", 404, "not_found", "no incident");
    bad("/api/groups/Nobody", 404, "not_found", "unknown group");
    bad("/api/indicators/ISKP?region=Atlantis", 400, "bad_parameter", "region");
    bad("/api/brief", 400, "bad_parameter", "group");
    bad("/api/brief?group=ISKP&format=pdf", 400, "bad_parameter", "format");
    bad("/api/nowhere", 404, "not_found", "openapi");
}

/// The dashboard's pages, each drawn from real data with the protective headers, a page full
/// of script tags shown as text, bad parameters answered with a page that says why; then
/// the same dashboard in headless Chromium (`e2e/dashboard.mjs`) where it is installed.
#[test]
fn dashboard_pages_show_real_data_and_escape_hostile_text() {
    let ws = Workspace::new();
    ws.run(&["--sources", "examples/sources.toml", "ingest", "examples/corpus"], 0);
    ws.run(&["ingest", "crates/vigil/tests/fixtures/hostile-page.html"], 0);
    let hostile = ws.json(&["search", "payload", "--json"])[0]["id"].as_str().unwrap().to_string();
    let server = Server::start(&ws);
    let page = |path: &str, status: u16| {
        let (got, head, body) = server.get(path);
        assert_eq!(got, status, "GET {path}: {body}");
        assert!(head.contains("content-type: text/html"), "GET {path}: {head}");
        assert!(head.contains("content-security-policy: default-src 'self'"), "GET {path}: {head}");
        // No page carries a script, an element from source text, or an address elsewhere.
        for forbidden in
            ["<script", "<img", "<iframe", "href=\"javascript", "onerror=\"", "=\"http", "url(http"]
        {
            assert!(!body.contains(forbidden), "GET {path} contains {forbidden:?}");
        }
        body
    };

    let home = page("/", 200);
    assert!(home.contains("/api/openapi.json") && home.contains("Latest incidents"));
    let hits = page("/search?q=Crocus", 200);
    assert!(hits.contains("<mark>Crocus</mark>"), "matches are highlighted");
    assert!(
        hits.contains("id=\"facet-group\"") && hits.contains("id=\"facet-country\""),
        "facets are offered"
    );
    let faceted = page("/search?q=Kabul&group=iskp&link=claimed", 200);
    assert!(faceted.contains("aria-current=\"true\"") && faceted.contains("Remove filter"));
    let all = page("/incidents", 200);
    let first = all.split("href=\"/incidents/").nth(1).and_then(|r| r.split('"').next()).unwrap().to_string();
    let incident = page(&format!("/incidents/{first}"), 200);
    assert!(incident.contains("Fields and their histories") && incident.contains("class=\"grade grade-"));
    assert!(page("/incidents?sort=killed&dir=asc", 200).contains("aria-sort=\"ascending\""));
    assert!(page("/map", 200).contains("class=\"land\""));
    assert!(page("/timeline?by=link", 200).contains("<rect"));
    assert!(page("/groups", 200).contains("/groups/iskp"));
    assert!(page("/groups/iskp", 200).contains("Islamic State Khorasan Province"));
    assert!(page("/groups/iskp/indicators?region=Central%20Asia", 200).contains("marker-"));
    assert!(page("/sources", 200).contains("Meridian Wire"));

    // The hostile page: its markup is text, in the document view, the search results and
    // the incident it reports.
    let doc = page(&format!("/documents/{hostile}"), 200);
    assert!(doc.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"), "shown as text");
    assert!(doc.contains("&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;"));
    assert!(page("/search?q=payload", 200).contains("&lt;script&gt;"));

    // The table's CSV follows its order.
    let (status, head, csv) = server.get("/incidents.csv?sort=killed");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/csv") && head.contains("attachment"));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let column = reader.headers().unwrap().iter().position(|h| h == "nkill").unwrap();
    let killed: Vec<u64> =
        reader.records().filter_map(|r| r.unwrap().get(column).and_then(|k| k.parse().ok())).collect();
    assert!(killed.len() > 10 && killed.windows(2).all(|w| w[0] >= w[1]), "{killed:?}");

    // Bad parameters: a page that names the problem, with the right status.
    assert!(page("/incidents?link=sponsored", 400).contains("link: use one of"));
    assert!(page("/incidents?sort=colour", 400).contains("sort"));
    assert!(page("/incidents/999999", 404).contains("999999"));
    assert!(page("/documents/zz", 400).contains("not a document id"));
    assert!(page("/groups/Nobody", 404).contains("unknown group"));
    assert!(page("/timeline?by=weather", 400).contains("by:"));
    assert!(page("/search?q=%22Crocus", 400).contains("unclosed quote"));

    // The browser test, where Chromium and playwright-core are installed (`.ci/run` installs
    // them; see README).
    let root = root();
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = Path::new(&chromium).exists()
        && root.join("e2e/node_modules/playwright-core").exists()
        && Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ready {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI needs the browser test: install chromium and run `npm ci --prefix e2e`"
        );
        eprintln!("skipped the browser test: needs {chromium}, node and `npm ci --prefix e2e`");
        return;
    }
    let shots = std::env::var("VIGIL_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target/dashboard-screenshots"));
    let out = Command::new("node")
        .arg(root.join("e2e/dashboard.mjs"))
        .arg(format!("http://{}", server.addr))
        .arg(&shots)
        .arg(&hostile)
        .output()
        .unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the browser test failed:\n{log}");
    eprintln!("{log}");
    assert!(shots.join("map.png").exists() && shots.join("hostile-document.png").exists());
}
