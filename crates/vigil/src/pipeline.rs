//! The ingest pipeline: a walker thread lists inputs, parser threads read, parse and extract
//! facts from them, and this thread writes documents and facts to the store in batches.
//!
//! Channels are bounded, so memory holds at most a few inputs per parser thread, whatever the
//! size of the corpus. Each batch is one transaction; a run killed between batches loses only
//! the uncommitted batch, and the next run skips everything already stored (documents are
//! keyed by a hash of their text), so it ends with every document exactly once.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::{SecondsFormat, Utc};
use serde::Serialize;
use vigil_core::{Document, Facts, Fingerprint};
use vigil_extract::Extractor;
use vigil_ingest::walk::{self, Location};
use vigil_ingest::{DocError, Overrides, Problem, guard, neardup};
use vigil_store::{Added, Batch, RunSummary, Store, add_document};

/// Documents per transaction, and the longest a batch stays open.
const BATCH_DOCS: usize = 500;
const BATCH_TIME: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub overrides: Overrides,
    pub max_file_size: u64,
    pub jobs: usize,
    /// Built once, shared by the parser threads.
    pub extractor: Arc<Extractor>,
}

/// What a run did, as printed at its end.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Tally {
    pub inputs: u64,
    pub bytes: u64,
    pub stored: u64,
    pub new: u64,
    pub duplicates: u64,
    pub near_duplicates: u64,
    /// Stored documents that give no publication date (their relative dates stay unresolved).
    pub undated: u64,
    pub failed: u64,
    pub failures: Vec<Failure>,
    pub warnings: Vec<Failure>,
    pub elapsed_secs: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub origin: String,
    pub reason: String,
}

impl Tally {
    /// True when the run read nothing usable: every input failed, or there were none.
    pub fn nothing_read(&self) -> bool {
        self.stored + self.duplicates == 0
    }
}

/// What a parser thread sends to the writer.
enum Item {
    Read { bytes: u64 },
    Doc(Box<(Document, Fingerprint, Facts, Vec<String>)>),
    Failed(DocError),
}

/// Runs the pipeline, calling `progress` now and then with the counts so far.
pub fn run(store: &mut dyn Store, opts: &Options, progress: &mut dyn FnMut(&Tally)) -> Result<Tally> {
    let started = Instant::now();
    let run_id = store.start_run(&now()).context("cannot record the run in the store")?;
    let items = spawn_parsers(opts);
    let mut tally = Tally::default();
    write(store, items, &mut tally, progress)?;
    tally.elapsed_secs = started.elapsed().as_secs_f64();
    let summary = RunSummary {
        started_at: String::new(),
        finished_at: Some(now()),
        ingested: tally.stored,
        duplicates: tally.duplicates,
        near_duplicates: tally.near_duplicates,
        failed: tally.failed,
        failures: tally.failures.iter().map(|f| (f.origin.clone(), f.reason.clone())).collect(),
    };
    store.finish_run(run_id, &summary).context("cannot record the run in the store")?;
    Ok(tally)
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn spawn_parsers(opts: &Options) -> Receiver<Item> {
    let jobs = opts.jobs.max(1);
    let (work_tx, work_rx) = sync_channel::<Result<Location, DocError>>(jobs * 2);
    // At most 256 parsed documents wait for the writer: enough to keep the parsers busy while
    // a batch commits, few enough that memory does not grow with the corpus.
    let (item_tx, item_rx) = sync_channel::<Item>(256);
    let paths = opts.paths.clone();
    thread::spawn(move || {
        for location in walk::locations(&paths) {
            if work_tx.send(location).is_err() {
                break;
            }
        }
    });
    let work_rx = Arc::new(Mutex::new(work_rx));
    for _ in 0..jobs {
        let (work_rx, item_tx, opts) = (Arc::clone(&work_rx), item_tx.clone(), opts.clone());
        // A large stack: third-party parsers may recurse on deeply nested input.
        let spawned = thread::Builder::new().stack_size(64 << 20).spawn(move || {
            loop {
                let next = work_rx.lock().map(|rx| rx.recv());
                let Ok(Ok(location)) = next else { break };
                let origin = describe(&location);
                // A panic outside the parsers' own guard (a bug) fails this input, not the run.
                let go_on = guard::contain(|| parse_one(location, &opts, &item_tx)).unwrap_or_else(|panic| {
                    item_tx.send(Item::Failed(DocError::new(origin, Problem::Crashed(panic)))).is_ok()
                });
                if !go_on {
                    break;
                }
            }
        });
        if let Err(e) = spawned {
            tracing::error!("cannot start a parser thread: {e}");
        }
    }
    item_rx
}

fn describe(location: &Result<Location, DocError>) -> String {
    match location {
        Ok(Location::File(path)) => path.display().to_string(),
        Ok(Location::Stdin) => "-".to_string(),
        Err(e) => e.origin.clone(),
    }
}

/// Reads and parses one input, sending what it found; false when the writer has gone.
fn parse_one(
    location: Result<Location, DocError>,
    opts: &Options,
    tx: &std::sync::mpsc::SyncSender<Item>,
) -> bool {
    let input = match location.and_then(|l| walk::read(&l, opts.max_file_size)) {
        Ok(input) => input,
        Err(e) => return tx.send(Item::Failed(e)).is_ok(),
    };
    if tx.send(Item::Read { bytes: input.bytes.len() as u64 }).is_err() {
        return false;
    }
    let ingested_at = Utc::now();
    for parsed in vigil_ingest::parse(&input) {
        let item = match parsed {
            Ok(draft) => {
                let warnings = draft.warnings.clone();
                let doc = vigil_ingest::finish(draft, &input, &opts.overrides, ingested_at);
                let fingerprint = neardup::fingerprint(&doc.text);
                let facts = opts.extractor.extract(&doc.text, doc.published.map(|p| p.date)).facts();
                Item::Doc(Box::new((doc, fingerprint, facts, warnings)))
            }
            Err(e) => Item::Failed(e),
        };
        if tx.send(item).is_err() {
            return false;
        }
    }
    true
}

fn write(
    store: &mut dyn Store,
    items: Receiver<Item>,
    tally: &mut Tally,
    progress: &mut dyn FnMut(&Tally),
) -> Result<()> {
    let mut last_report = Instant::now();
    // Documents in committed batches: what the store holds of this run if a write fails.
    let mut kept = 0;
    loop {
        let written = (|| {
            let mut batch = store.batch().context("cannot start a write transaction")?;
            let more = fill(batch.as_mut(), &items, tally, &mut |t| {
                if last_report.elapsed() >= Duration::from_millis(200) {
                    progress(t);
                    last_report = Instant::now();
                }
            })?;
            batch.commit().context("cannot commit a batch")?;
            anyhow::Ok(more)
        })();
        let more = written.map_err(|e| stopped(e, kept, tally.stored - kept))?;
        kept = tally.stored;
        if !more {
            break;
        }
    }
    progress(tally);
    Ok(())
}

/// A write that failed part-way, with what the store holds after it.
fn stopped(e: anyhow::Error, kept: u64, lost: u64) -> anyhow::Error {
    e.context(format!(
        "the run stopped: {kept} document(s) of this run were stored before the failure, the {lost} of the batch being written were not, and no incidents were resolved. \
         Fix the cause (free disk space, for one) and run the same ingest again: stored documents are skipped, the rest are added, and incidents are resolved"
    ))
}

/// Writes items into one batch until it is full or old enough to commit; false when the
/// parsers have finished.
fn fill(
    batch: &mut dyn Batch,
    items: &Receiver<Item>,
    tally: &mut Tally,
    progress: &mut dyn FnMut(&Tally),
) -> Result<bool> {
    let opened = Instant::now();
    let mut docs = 0;
    while docs < BATCH_DOCS {
        if docs > 0 && opened.elapsed() >= BATCH_TIME {
            return Ok(true);
        }
        let wait = BATCH_TIME.saturating_sub(opened.elapsed());
        let item = match items.recv_timeout(wait) {
            Ok(item) => item,
            Err(RecvTimeoutError::Timeout) => return Ok(true),
            Err(RecvTimeoutError::Disconnected) => return Ok(false),
        };
        match item {
            Item::Read { bytes } => {
                tally.inputs += 1;
                tally.bytes += bytes;
            }
            Item::Failed(e) => {
                tally.failed += 1;
                tally.failures.push(Failure { origin: e.origin, reason: e.problem.to_string() });
            }
            Item::Doc(boxed) => {
                let (doc, fingerprint, facts, warnings) = *boxed;
                let added = add_document(batch, &doc, &fingerprint, &facts)
                    .with_context(|| format!("cannot store {}", doc.origin))?;
                count(tally, &added);
                if doc.published.is_none() && !matches!(added, Added::Duplicate) {
                    tally.undated += 1;
                }
                tally.warnings.extend(
                    warnings.into_iter().map(|reason| Failure { origin: doc.origin.clone(), reason }),
                );
                docs += 1;
            }
        }
        progress(tally);
    }
    Ok(true)
}

fn count(tally: &mut Tally, added: &Added) {
    match added {
        Added::New => {
            tally.stored += 1;
            tally.new += 1;
        }
        Added::Duplicate => tally.duplicates += 1,
        Added::NearDuplicate { .. } => {
            tally.stored += 1;
            tally.near_duplicates += 1;
        }
    }
}
