//! `vigil bench --serve`: the dashboard under load. Builds a store of short generated
//! documents (or takes one given), serves it in this process on a loopback port, and runs
//! concurrent keep-alive clients against the search, incident and group pages and the
//! search API; reports requests per second and latency percentiles by kind of page.
//!
//! Clients and server share the machine, as they would on an analyst's laptop, so the
//! figures are for the whole system, not the server alone.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::Serialize;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use vigil_store::{DocFilter, IncidentFilter};

use vigil_app::{Access, StoreAddress};

use super::Settings;
use super::bench::{Rng, Scratch, Until, generate_until, peak_rss_mb, round, sentences};
use crate::cli::BenchArgs;
use crate::output;
use crate::pipeline::{self, Options};

#[derive(Debug, Serialize)]
struct Latency {
    requests: usize,
    errors: usize,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

#[derive(Debug, Serialize)]
struct Report {
    documents: u64,
    incidents: u64,
    build_secs: Option<f64>,
    clients: usize,
    seconds: f64,
    requests: usize,
    errors: usize,
    requests_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    by_page: BTreeMap<&'static str, Latency>,
    /// The first request of each kind, before the load (cold: nothing cached).
    first_ms: BTreeMap<&'static str, f64>,
    peak_rss_mb: Option<f64>,
}

const WORDS: &[&str] = &[
    "Kabul",
    "Islamic State",
    "bombing",
    "Moscow",
    "claimed",
    "ISKP",
    "Afghanistan",
    "\"police said\"",
    "attack",
    "Amaq",
    "Kerman",
    "suicide",
];

pub fn run(settings: &Settings, args: BenchArgs) -> Result<ExitCode> {
    let mut scratch = None;
    let mut build_secs = None;
    let db = match &args.store {
        Some(path) => path.clone(),
        None => {
            let started = Instant::now();
            let s = Scratch::new(args.keep.clone())?;
            let db = build(settings, &args, &s.path)?;
            build_secs = Some(round(started.elapsed().as_secs_f64()));
            scratch = Some(s);
            db
        }
    };
    let settings = Settings { store: StoreAddress::Sqlite(db.clone()), ..settings.clone() };
    let store = settings.open(Access::Existing)?;
    let stats = store.stats(&DocFilter { limit: 6, ..DocFilter::default() })?;
    let incidents = store.count_incidents(&IncidentFilter::default())?;
    let ids: Vec<i64> = store
        .incidents(&IncidentFilter { limit: 500, ..IncidentFilter::default() })?
        .iter()
        .filter_map(|r| r.id)
        .collect();
    let groups: Vec<String> = stats.by_group.iter().map(|c| c.key.clone()).collect();
    drop(store);
    if ids.is_empty() || groups.is_empty() {
        bail!("{} has no incidents or groups to load", db.display());
    }
    eprintln!(
        "serving {} documents, {incidents} incidents; {} clients for {} s ...",
        stats.documents, args.clients, args.seconds
    );
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let (samples, elapsed, first) =
        runtime.block_on(load(settings, args.clients, args.seconds, ids, groups))?;
    let mut by_page = BTreeMap::new();
    let mut all: Vec<f64> = Vec::new();
    let mut errors = 0;
    for (kind, mut times, failed) in samples {
        errors += failed;
        all.extend(&times);
        times.sort_by(f64::total_cmp);
        by_page.insert(kind, latency(&times, failed));
    }
    all.sort_by(f64::total_cmp);
    let overall = latency(&all, errors);
    let report = Report {
        documents: stats.documents,
        incidents,
        build_secs,
        clients: args.clients,
        seconds: round(elapsed),
        requests: all.len(),
        errors,
        requests_per_sec: round(all.len() as f64 / elapsed),
        p50_ms: overall.p50_ms,
        p99_ms: overall.p99_ms,
        by_page,
        first_ms: first,
        peak_rss_mb: peak_rss_mb(),
    };
    drop(scratch);
    if args.json {
        output::json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "store      {} documents, {} incidents{}",
        report.documents,
        report.incidents,
        report
            .build_secs
            .map_or(String::new(), |s| format!(" (generated, ingested and resolved in {s:.0} s)"))
    );
    println!(
        "load       {} clients, {:.1} s: {} requests, {:.0} requests/s, {} errors",
        report.clients, report.seconds, report.requests, report.requests_per_sec, report.errors
    );
    println!("latency    p50 {:.1} ms, p99 {:.1} ms (all pages)", report.p50_ms, report.p99_ms);
    for (kind, l) in &report.by_page {
        println!(
            "  {kind:<12} {:>6} requests  p50 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms  {} errors  (first, cold: {:.1} ms)",
            l.requests,
            l.p50_ms,
            l.p99_ms,
            l.max_ms,
            l.errors,
            report.first_ms.get(kind).copied().unwrap_or_default()
        );
    }
    if let Some(peak) = report.peak_rss_mb {
        println!("memory     {peak:.0} MB peak resident (server, clients and the build)");
    }
    Ok(ExitCode::SUCCESS)
}

fn latency(sorted: &[f64], errors: usize) -> Latency {
    let at = |q: f64| {
        if sorted.is_empty() {
            0.0
        } else {
            round(sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1])
        }
    };
    Latency { requests: sorted.len(), errors, p50_ms: at(0.5), p99_ms: at(0.99), max_ms: at(1.0) }
}

/// A store of `--docs` short documents (3 to 10 sentences), ingested and resolved.
fn build(settings: &Settings, args: &BenchArgs, dir: &std::path::Path) -> Result<PathBuf> {
    let pool = sentences(&args.corpus)?;
    let corpus = dir.join("corpus");
    eprintln!("generating {} documents ...", args.docs);
    generate_until(&pool, &corpus, Until::Documents(args.docs), (3, 8))?;
    let db = dir.join("bench.db");
    let mut store = StoreAddress::Sqlite(db.clone()).open(Access::Create)?;
    let opts = Options {
        paths: vec![corpus],
        overrides: Default::default(),
        max_file_size: 50 << 20,
        jobs: super::jobs(args.jobs),
        extractor: Arc::new(vigil_extract::Extractor::builtin()),
    };
    eprintln!("ingesting ...");
    pipeline::run(store.as_mut(), &opts, &mut |_| {})?;
    eprintln!("resolving incidents ...");
    vigil_app::resolve::resolve_incidents(&mut *store, settings, false)?;
    Ok(db)
}

type Samples = Vec<(&'static str, Vec<f64>, usize)>;

async fn load(
    settings: Settings,
    clients: usize,
    seconds: u64,
    ids: Vec<i64>,
    groups: Vec<String>,
) -> Result<(Samples, f64, BTreeMap<&'static str, f64>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let limits = vigil_server::Limits::default();
    let router = vigil_server::router(settings, Default::default(), limits.deadline);
    tokio::spawn(async move { vigil_server::serve(listener, router, &limits, std::future::pending()).await });
    let ids = Arc::new(ids);
    let groups = Arc::new(groups);
    // One request of every kind first, alone and timed apart: the first use builds the
    // lazily loaded tables, and a page the cache keeps is built here, once.
    let mut first = BTreeMap::new();
    let mut warm = Client::connect(addr).await?;
    for kind in KINDS {
        let mut rng = Rng(7);
        let t = Instant::now();
        warm.get(&path(kind, &mut rng, &ids, &groups)).await?;
        first.insert(kind, round(t.elapsed().as_secs_f64() * 1000.0));
    }
    // Every group's profile once: the first visit builds it, later ones come from the cache
    // until the store changes. The slowest first visit is reported.
    let mut slowest: f64 = 0.0;
    for g in groups.iter() {
        let t = Instant::now();
        warm.get(&format!("/groups/{g}")).await?;
        slowest = slowest.max(t.elapsed().as_secs_f64() * 1000.0);
    }
    first.insert("group", round(slowest));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds.max(1));
    let mut tasks = Vec::new();
    for c in 0..clients.max(1) {
        let (ids, groups) = (ids.clone(), groups.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng(0x5151_2024 + c as u64 * 7919);
            let mut client = Client::connect(addr).await?;
            let mut samples: BTreeMap<&'static str, (Vec<f64>, usize)> = BTreeMap::new();
            while Instant::now() < deadline {
                let kind = KINDS[rng.below(KINDS.len() as u64) as usize];
                let target = path(kind, &mut rng, &ids, &groups);
                let t = Instant::now();
                let status = client.get(&target).await?;
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                let entry = samples.entry(kind).or_default();
                entry.0.push(ms);
                if status != 200 {
                    entry.1 += 1;
                }
            }
            anyhow::Ok(samples)
        }));
    }
    let mut merged: BTreeMap<&'static str, (Vec<f64>, usize)> = BTreeMap::new();
    for t in tasks {
        for (kind, (times, errors)) in t.await.context("a client failed")?? {
            let entry = merged.entry(kind).or_default();
            entry.0.extend(times);
            entry.1 += errors;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    Ok((merged.into_iter().map(|(k, (t, e))| (k, t, e)).collect(), elapsed, first))
}

const KINDS: [&str; 6] = ["search", "search+facet", "incidents", "incident", "group", "api/search"];

fn path(kind: &str, rng: &mut Rng, ids: &[i64], groups: &[String]) -> String {
    let word = |rng: &mut Rng| WORDS[rng.below(WORDS.len() as u64) as usize];
    let q = |w: &str| w.replace(' ', "+").replace('"', "%22");
    let group = |rng: &mut Rng| groups[rng.below(groups.len() as u64) as usize].clone();
    match kind {
        "search" => format!("/search?q={}", q(word(rng))),
        "search+facet" => {
            let w = q(word(rng));
            format!("/search?q={w}&group={}", group(rng))
        }
        "incidents" => match rng.below(4) {
            0 => "/incidents".into(),
            1 => "/incidents?sort=killed".into(),
            2 => format!("/incidents?group={}", group(rng)),
            _ => format!("/incidents?offset={}", 50 * rng.below(20)),
        },
        "incident" => format!("/incidents/{}", ids[rng.below(ids.len() as u64) as usize]),
        "group" => format!("/groups/{}", group(rng)),
        _ => format!("/api/search?q={}", q(word(rng))),
    }
}

/// A keep-alive HTTP/1.1 client that reads each response in full.
struct Client {
    stream: BufReader<TcpStream>,
    host: String,
}

impl Client {
    async fn connect(addr: std::net::SocketAddr) -> Result<Client> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Client { stream: BufReader::new(stream), host: addr.to_string() })
    }

    async fn get(&mut self, path: &str) -> Result<u16> {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.host);
        self.stream.get_mut().write_all(request.as_bytes()).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 = line.split(' ').nth(1).and_then(|s| s.parse().ok()).context("no status line")?;
        let mut length = None;
        loop {
            line.clear();
            self.stream.read_line(&mut line).await?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let length = length.with_context(|| format!("GET {path}: no content length"))?;
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await?;
        Ok(status)
    }
}
