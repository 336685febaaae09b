//! `vigil bench`: generates a large corpus from the sample corpus (sentences recombined,
//! figures varied, a share of syndicated copies, in text, HTML and JSON Lines), ingests it
//! into a fresh store (parsing, extraction and storage: the whole pipeline), and reports
//! throughput per core and peak memory.
//!
//! "Per core" divides by the CPU time the process used (user + system), so the figure is
//! comparable between machines with different numbers of cores.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use vigil_app::{Access, StoreAddress};
use vigil_ingest::walk;

use crate::cli::BenchArgs;
use crate::output;
use crate::pipeline::{self, Options};

#[derive(Debug, Serialize)]
struct Report {
    generated_mb: f64,
    generated_files: u64,
    generated_documents: u64,
    jobs: usize,
    wall_secs: f64,
    cpu_secs: Option<f64>,
    mb_per_sec: f64,
    docs_per_sec: f64,
    mb_per_sec_per_core: Option<f64>,
    docs_per_sec_per_core: Option<f64>,
    peak_rss_mb: Option<f64>,
    stored: u64,
    near_duplicates: u64,
    duplicates: u64,
    failed: u64,
    /// Extraction alone (every fact kind) on one thread, over the stored texts, per second of
    /// the thread's CPU time (wall time where that is not kept).
    extract_mb_per_sec: f64,
    extract_docs_per_sec: f64,
    /// Incident resolution of every stored report after the ingest (assessment included).
    resolve_secs: f64,
    incident_reports: usize,
    incidents: usize,
    /// Inputs that are hard on a parser or an extractor, each one document.
    pathological: Vec<Hard>,
}

/// One hard input: parsed and extracted as one document, as an ingest would.
#[derive(Debug, Serialize)]
struct Hard {
    input: &'static str,
    mb: f64,
    secs: f64,
    mb_per_sec: f64,
}

pub fn run(settings: &super::Settings, args: BenchArgs) -> Result<ExitCode> {
    let pool = sentences(&args.corpus)?;
    let scratch = Scratch::new(args.keep.clone())?;
    let corpus_dir = scratch.path.join("corpus");
    eprintln!(
        "generating {} MB from {} sentences of {} ...",
        args.size_mb,
        pool.len(),
        args.corpus.display()
    );
    let generated = generate(&pool, &corpus_dir, args.size_mb * 1_000_000)?;
    let db = scratch.path.join("bench.db");
    let mut store = StoreAddress::Sqlite(db.clone()).open(Access::Create)?;
    let jobs = super::jobs(args.jobs);
    let opts = Options {
        paths: vec![corpus_dir],
        overrides: Default::default(),
        max_file_size: 50 << 20,
        jobs,
        extractor: std::sync::Arc::new(vigil_extract::Extractor::builtin()),
    };
    eprintln!("ingesting with {jobs} parser thread(s) ...");
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let tally = pipeline::run(store.as_mut(), &opts, &mut |_| {})?;
    let wall = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu_before).map(|(after, before)| after - before);
    let mb = tally.bytes as f64 / 1e6;
    let docs = (tally.stored + tally.duplicates) as f64;
    eprintln!("resolving incidents ...");
    let started = Instant::now();
    let resolved = vigil_app::resolve::resolve_incidents(&mut *store, settings, false)?;
    let resolve_secs = started.elapsed().as_secs_f64();
    eprintln!("timing extraction alone ...");
    let (extract_secs, extract_bytes, extract_docs) = time_extraction(&opts)?;
    // The corpus's peak, before the hard inputs, which are of another size.
    let peak = peak_rss_mb();
    eprintln!("timing hard inputs ...");
    let pathological = pathological(&pool, &scratch.path.join("hard"), args.size_mb, &opts)?;
    let report = Report {
        generated_mb: round(generated.bytes as f64 / 1e6),
        generated_files: generated.files,
        generated_documents: generated.documents,
        jobs,
        wall_secs: round(wall),
        cpu_secs: cpu.map(round),
        mb_per_sec: round(mb / wall),
        docs_per_sec: round(docs / wall),
        mb_per_sec_per_core: cpu.map(|c| round(mb / c)),
        docs_per_sec_per_core: cpu.map(|c| round(docs / c)),
        peak_rss_mb: peak,
        stored: tally.stored,
        near_duplicates: tally.near_duplicates,
        duplicates: tally.duplicates,
        failed: tally.failed,
        extract_mb_per_sec: round(extract_bytes as f64 / 1e6 / extract_secs),
        extract_docs_per_sec: round(extract_docs as f64 / extract_secs),
        resolve_secs: round(resolve_secs),
        incident_reports: resolved.new_reports,
        incidents: resolved.incidents,
        pathological,
    };
    if args.json {
        output::json(&report)?;
    } else {
        print(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn print(r: &Report) {
    println!(
        "corpus     {:.1} MB: {} documents in {} files (text, HTML, JSON Lines)",
        r.generated_mb, r.generated_documents, r.generated_files
    );
    println!(
        "ingest     {:.1} s wall with {} parser thread(s): {:.2} MB/s, {:.0} documents/s",
        r.wall_secs, r.jobs, r.mb_per_sec, r.docs_per_sec
    );
    if let (Some(cpu), Some(mb), Some(docs)) = (r.cpu_secs, r.mb_per_sec_per_core, r.docs_per_sec_per_core) {
        println!("per core   {mb:.2} MB/s, {docs:.0} documents/s ({cpu:.1} CPU-seconds)");
    }
    println!(
        "extract    {:.2} MB/s, {:.0} documents/s per core, on one thread (all fact kinds)",
        r.extract_mb_per_sec, r.extract_docs_per_sec
    );
    println!(
        "resolve    {:.1} s: {} incident reports into {} incidents (with assessment)",
        r.resolve_secs, r.incident_reports, r.incidents
    );
    if let Some(peak) = r.peak_rss_mb {
        println!("memory     {peak:.0} MB peak resident");
    }
    println!(
        "stored     {} documents ({} near-duplicates), {} exact duplicates skipped, {} failed",
        r.stored, r.near_duplicates, r.duplicates, r.failed
    );
    for h in &r.pathological {
        println!(
            "hard       {:.2} MB/s: {} ({:.1} MB in {:.2} s, parse and extract)",
            h.mb_per_sec, h.input, h.mb, h.secs
        );
    }
}

/// Inputs that are hard on a parser or an extractor, each written as one document from the
/// pool's sentences: one long line with no full stop (a flattened page), a large HTML table
/// (a scraped list), and lists nested thousands deep. Each is parsed and extracted as an
/// ingest would, and timed; a run of the whole pipeline on such a document should take no
/// longer per megabyte than on ordinary text. The line is 10 MB, the table 2 MB and the
/// lists 1 MB, or less when the benchmark itself is smaller.
fn pathological(pool: &[String], dir: &Path, size_mb: u64, opts: &Options) -> Result<Vec<Hard>> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let cap = |mb: u64| (mb.min(size_mb.max(1)) * 1_000_000) as usize;
    let mut sentences = pool.iter().cycle();
    let mut next = || sentences.next().map(String::as_str).unwrap_or("");
    let mut line = String::new();
    while line.len() < cap(10) {
        line.push_str(next().trim_end_matches(['.', '!', '?']));
        line.push(' ');
    }
    let mut table = String::from("<!DOCTYPE html><html><body><table>\n");
    while table.len() < cap(2) {
        let cells: String = next().split(", ").map(|c| format!("<td>{}</td>", escape(c))).collect();
        table.push_str(&format!("<tr>{cells}</tr>\n"));
    }
    table.push_str("</table></body></html>\n");
    let (mut open, mut depth) = (String::from("<!DOCTYPE html><html><body>"), 0);
    while open.len() < cap(1) {
        open.push_str(&format!("<ul><li>{}", escape(next())));
        depth += 1;
    }
    let nested = open + &"</li></ul>".repeat(depth) + "</body></html>\n";
    let mut out = Vec::new();
    for (input, name, content) in [
        ("one line without a full stop", "line.txt", line),
        ("one HTML table", "table.html", table),
        ("nested lists", "nested.html", nested),
    ] {
        let path = dir.join(name);
        fs::write(&path, &content).with_context(|| format!("cannot write {}", path.display()))?;
        let started = Instant::now();
        let input_file = walk::read(&walk::Location::File(path.clone()), opts.max_file_size)?;
        for draft in vigil_ingest::parse(&input_file).into_iter().flatten() {
            let doc = vigil_ingest::finish(draft, &input_file, &Default::default(), chrono::Utc::now());
            std::hint::black_box(opts.extractor.extract(&doc.text, None));
        }
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let mb = content.len() as f64 / 1e6;
        out.push(Hard { input, mb: round(mb), secs: round(secs), mb_per_sec: round(mb / secs) });
    }
    Ok(out)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Reads the generated corpus again and times only the extraction of each document's text.
fn time_extraction(opts: &Options) -> Result<(f64, u64, u64)> {
    let (mut secs, mut bytes, mut docs) = (0.0, 0u64, 0u64);
    let now = chrono::Utc::now();
    for location in walk::locations(&opts.paths).flatten() {
        let Ok(input) = walk::read(&location, opts.max_file_size) else { continue };
        for draft in vigil_ingest::parse(&input).into_iter().flatten() {
            let doc = vigil_ingest::finish(draft, &input, &Default::default(), now);
            // The thread's CPU time where the system keeps it, so that time spent waiting for
            // the CPU (other processes, a busy host) does not count against extraction.
            let (wall, cpu) = (Instant::now(), thread_cpu_seconds());
            std::hint::black_box(opts.extractor.extract(&doc.text, doc.published.map(|p| p.date)));
            secs += match (cpu, thread_cpu_seconds()) {
                (Some(before), Some(after)) => after - before,
                _ => wall.elapsed().as_secs_f64(),
            };
            bytes += doc.text.len() as u64;
            docs += 1;
        }
    }
    Ok((secs.max(1e-9), bytes, docs))
}

pub fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A working folder: the one asked for (kept), or a temporary one removed at the end.
pub struct Scratch {
    pub path: PathBuf,
    keep: bool,
}

impl Scratch {
    pub fn new(keep: Option<PathBuf>) -> Result<Scratch> {
        let (path, keep) = match keep {
            Some(p) => (p, true),
            None => (std::env::temp_dir().join(format!("vigil-bench-{}", std::process::id())), false),
        };
        if path.join("bench.db").exists() {
            bail!("{} already holds a bench run; remove it or choose another folder", path.display());
        }
        fs::create_dir_all(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Scratch { path, keep })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// The sentences of every document in the sample corpus.
pub fn sentences(corpus: &Path) -> Result<Vec<String>> {
    let mut pool = Vec::new();
    for location in walk::locations(&[corpus.to_path_buf()]).flatten() {
        let Ok(input) = walk::read(&location, 50 << 20) else {
            continue;
        };
        for draft in vigil_ingest::parse(&input).into_iter().flatten() {
            pool.extend(split_sentences(&draft.text));
        }
    }
    if pool.len() < 50 {
        bail!("{} has too little text to generate a benchmark corpus from", corpus.display());
    }
    Ok(pool)
}

fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(['.', '?', '!']) {
        let end = i + 1;
        if text[end..].starts_with(' ') || text[end..].starts_with('\n') || end == text.len() {
            let s = text[start..end].trim();
            if s.split_whitespace().count() >= 4 {
                out.push(s.to_string());
            }
            start = end;
        }
    }
    out
}

/// xorshift64*: small, fast, and the same corpus for the same seed on every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

pub struct Generated {
    pub bytes: u64,
    pub files: u64,
    pub documents: u64,
}

const OUTLETS: &[&str] = &[
    "Meridian Wire",
    "The Harbour Post",
    "Continental Monitor",
    "Riverside Chronicle",
    "Atlas Security Review",
    "Frontline Brief",
];

/// Writes documents until `target` bytes: 70% text with a header block, 20% HTML pages with
/// site chrome, 10% JSON Lines records (in files of 20); one in twenty is a syndicated copy
/// of the document before it.
fn generate(pool: &[String], dir: &Path, target: u64) -> Result<Generated> {
    generate_until(pool, dir, Until::Bytes(target), (8, 33))
}

/// When generation stops.
#[derive(Clone, Copy)]
pub enum Until {
    Bytes(u64),
    Documents(u64),
}

/// [`generate`] with the stopping point and the article length (at least `sentences.0`
/// sentences, up to `sentences.1` more) chosen.
pub fn generate_until(pool: &[String], dir: &Path, until: Until, sentences: (u64, u64)) -> Result<Generated> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut g = Generated { bytes: 0, files: 0, documents: 0 };
    let mut previous = String::new();
    let mut jsonl: Vec<String> = Vec::new();
    while match until {
        Until::Bytes(target) => g.bytes < target,
        Until::Documents(target) => g.documents < target,
    } {
        let n = g.documents;
        let body = if n > 0 && rng.below(20) == 0 {
            format!(
                "{}\n\nThis report was distributed by {}.",
                previous,
                OUTLETS[rng.below(OUTLETS.len() as u64) as usize]
            )
        } else {
            article(pool, &mut rng, sentences)
        };
        let title = body.split(['.', '\n']).next().unwrap_or("Report").chars().take(90).collect::<String>();
        let outlet = OUTLETS[rng.below(OUTLETS.len() as u64) as usize];
        let day = format!("20{:02}-{:02}-{:02}", 15 + rng.below(11), 1 + rng.below(12), 1 + rng.below(28));
        let sub = dir.join(format!("{:04}", g.files / 1000));
        fs::create_dir_all(&sub)?;
        let kind = rng.below(10);
        let written = if kind < 7 {
            let text = format!(
                "Title: {title}\nSource: {outlet}\nPublished: {day}\nURL: https://{}.example/{n}\n\n{body}\n",
                outlet.replace(' ', "").to_lowercase()
            );
            write(&sub.join(format!("{n}.txt")), &text, &mut g.files)?
        } else if kind < 9 {
            write(&sub.join(format!("{n}.html")), &html_page(&title, outlet, &day, &body), &mut g.files)?
        } else {
            let record = serde_json::json!({"url": format!("https://bench.example/{n}"), "title": title, "published": day, "source": outlet, "text": body});
            jsonl.push(record.to_string());
            let len = jsonl.last().map_or(0, |l| l.len() as u64 + 1);
            if jsonl.len() == 20 {
                write(&sub.join(format!("{n}.jsonl")), &(jsonl.join("\n") + "\n"), &mut g.files)?;
                jsonl.clear();
            }
            len
        };
        g.bytes += written;
        g.documents += 1;
        previous = body;
    }
    if !jsonl.is_empty() {
        write(&dir.join("rest.jsonl"), &(jsonl.join("\n") + "\n"), &mut g.files)?;
    }
    Ok(g)
}

fn write(path: &Path, content: &str, files: &mut u64) -> Result<u64> {
    let mut f = fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    f.write_all(content.as_bytes())?;
    *files += 1;
    Ok(content.len() as u64)
}

/// Sentences from the pool (8 to 40 for the ingest benchmark) in paragraphs of 1 to 4, with
/// the figures varied.
fn article(pool: &[String], rng: &mut Rng, (least, more): (u64, u64)) -> String {
    let count = least + rng.below(more);
    let mut paragraphs = Vec::new();
    let mut para = Vec::new();
    for _ in 0..count {
        let s = &pool[rng.below(pool.len() as u64) as usize];
        para.push(vary_numbers(s, rng));
        if para.len() as u64 > rng.below(4) {
            paragraphs.push(para.join(" "));
            para.clear();
        }
    }
    if !para.is_empty() {
        paragraphs.push(para.join(" "));
    }
    paragraphs.join("\n\n")
}

fn vary_numbers(s: &str, rng: &mut Rng) -> String {
    s.split(' ')
        .map(|w| {
            if w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty() && w.len() < 4 {
                (rng.below(400) + 1).to_string()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn html_page(title: &str, outlet: &str, day: &str, body: &str) -> String {
    let esc =
        |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let paragraphs: String = body.split("\n\n").map(|p| format!("<p>{}</p>\n", esc(p))).collect();
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{t} | {o}</title>\
         <meta property=\"og:site_name\" content=\"{o}\"><meta property=\"article:published_time\" content=\"{day}\"></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/security\">Security</a></nav>\
         <div class=\"cookie-banner\">We use cookies. <button>Accept all</button></div>\
         <main><article><h1>{t}</h1>\n{paragraphs}</article></main>\
         <aside class=\"related\"><h3>Related stories</h3><ul><li><a href=\"#\">More coverage</a></li></ul></aside>\
         <footer>© {o}. All rights reserved.</footer></body></html>\n",
        t = esc(title),
        o = esc(outlet)
    )
}

/// CPU time used by this process so far (Linux; `None` elsewhere). Clock ticks are taken as
/// the Linux default of 100 per second.
pub fn cpu_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// CPU time of the calling thread in seconds (unix; `None` elsewhere).
fn thread_cpu_seconds() -> Option<f64> {
    #[cfg(unix)]
    {
        let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: clock_gettime only writes the timespec passed to it, which lives on this
        // stack frame for the whole call.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
        (rc == 0).then(|| now.tv_sec as f64 + now.tv_nsec as f64 / 1e9)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Peak resident memory of this process (Linux `VmHWM`; `None` elsewhere).
pub fn peak_rss_mb() -> Option<f64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(round(kb / 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_and_splits() {
        assert_eq!(
            split_sentences("One two three four. Five six seven eight? No."),
            vec!["One two three four.", "Five six seven eight?"]
        );
        let pool: Vec<String> = (0..60).map(|i| format!("Sentence number {i} has 12 words in it.")).collect();
        let dir = tempfile::tempdir().unwrap();
        let g = generate(&pool, dir.path(), 200_000).unwrap();
        assert!(g.bytes >= 200_000 && g.documents > 20 && g.files > 10);
    }
}
