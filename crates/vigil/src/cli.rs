//! The command line, defined once: help text and parsing come from these types.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use vigil_app::StoreAddress;
use vigil_app::filters::IncidentQuery;

/// vigil — offline OSINT workbench for terrorism threat analysis.
///
/// Turns collected reporting (web pages, feeds, PDFs, notes) into a searchable,
/// deduplicated, evidence-linked store. Runs fully offline.
#[derive(Debug, Parser)]
#[command(name = "vigil", version, max_term_width = 100)]
pub struct Cli {
    /// The store: a SQLite file (`vigil.db`, `sqlite:PATH`).
    #[arg(long, global = true, env = "VIGIL_DB", default_value = "vigil.db", value_parser = parse_store)]
    pub db: StoreAddress,
    /// A groups knowledge file to use instead of the built-in one (for extraction, and for
    /// resolving --group names).
    #[arg(long, global = true, env = "VIGIL_GROUPS")]
    pub groups: Option<PathBuf>,
    /// A source-profile file (outlet or domain -> reliability grade A-F) laid over the built-in
    /// one; used when incidents are resolved and graded.
    #[arg(long, global = true, env = "VIGIL_SOURCES")]
    pub sources: Option<PathBuf>,
    /// More log output on stderr (-v, -vv). VIGIL_LOG sets a filter directly.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read files, folders, feeds or stdin (`-`) into the store.
    Ingest(IngestArgs),
    /// Full-text search, ranked by BM25, with highlighted snippets.
    Search(SearchArgs),
    /// List stored documents, newest first.
    Docs(ListArgs),
    /// Show one document: metadata, text and near-duplicates.
    Show(ShowArgs),
    /// Counts by source, language and month; the last ingest run.
    Stats(ListArgs),
    /// Check the store for damage (SQLite's full integrity check): exit 0 when it is sound,
    /// 1 with every problem found.
    Check(CheckArgs),
    /// Join incident reports across documents into incidents, grade their sources and assess
    /// each field (ingest does this for new reports; --rebuild starts afresh).
    Resolve(ResolveArgs),
    /// List incidents, one per real-world event with all its sources, most recent first.
    Incidents(IncidentsArgs),
    /// One incident: each field's current value and why, every reported value, every source.
    Incident(IncidentArgs),
    /// A group's key facts at a glance: aliases, branches, hotspots, strength estimates,
    /// outlets, incidents by year, latest quotes — every line cited.
    Group(GroupArgs),
    /// A group's resurgence scorecard: each marker present, absent or contested with its
    /// evidence, the directed/inspired share of its incidents, and an overall reading.
    Indicators(IndicatorsArgs),
    /// People across documents (one entity per name, whatever titles each document gives):
    /// roles, documents, quotes, where they are named.
    People(PeopleArgs),
    /// A cited brief for a group, a country or a region: bottom line, key facts, indicators,
    /// incidents, what changed, quotes and numbered sources.
    Brief(BriefArgs),
    /// Incidents (and their documents) out of the store: STIX 2.1, GeoJSON, CSV with the
    /// Global Terrorism Database's columns, or JSON Lines.
    Export(ExportArgs),
    /// Coded incidents into the store beside the reporting: a Global Terrorism Database or
    /// ACLED CSV export, or a STIX 2.1 bundle (each row keeps its dataset and row id).
    Import(ImportArgs),
    /// Serve the store's JSON API (described at /api/openapi.json) on loopback.
    Serve(ServeArgs),
    /// Saved queries (a group, a place, an indicator, free text) and what is new for each.
    Watch(WatchArgs),
    /// Print the facts found in files, without a store: groups, people, places, dates,
    /// figures, quotes and incidents.
    Extract(ExtractArgs),
    /// Score extraction against the gold annotations: precision, recall, F1.
    Eval(EvalArgs),
    /// Generate a large corpus from the sample corpus, ingest it, report throughput.
    Bench(BenchArgs),
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell), from the
    /// same definition as the command line: `vigil completions bash > /etc/bash_completion.d/vigil`.
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff), from the same definition: `vigil man | man -l -`.
    Man,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders (read recursively); `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Source (outlet) for every document of this run, overriding metadata.
    #[arg(long)]
    pub source: Option<String>,
    /// Publication date for every document of this run (YYYY-MM-DD or RFC 3339), or
    /// `file-time`: date documents that give no date by their file's modification time.
    /// Without it such documents stay undated.
    #[arg(long, value_parser = parse_published)]
    pub published: Option<PublishedArg>,
    /// Largest file read; larger ones fail with a reason. Accepts k, M and G suffixes.
    #[arg(long, default_value = "50M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Parser threads (default: one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Print the run summary as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// Forget every incident and resolve all reports again (after changing the source
    /// profiles or the groups file).
    #[arg(long)]
    pub rebuild: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IncidentsArgs {
    #[command(flatten)]
    pub filters: IncidentFilterArgs,
    /// At most this many incidents (0 for all).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// The incident filters `incidents` and `export` share.
#[derive(Debug, Args, Clone)]
pub struct IncidentFilterArgs {
    /// Only incidents attributed to this group or one of its branches (a name, alias or id).
    #[arg(long)]
    pub group: Option<String>,
    /// Only incidents in this country (an ISO code or a name).
    #[arg(long)]
    pub country: Option<String>,
    /// Only incidents with this link level: directed, enabled, inspired, claimed, alleged, unknown.
    #[arg(long)]
    pub link: Option<String>,
    /// Only incidents of this attack type (bombing, armed_assault, stabbing, vehicle_ramming, ...).
    #[arg(long = "type")]
    pub attack_type: Option<String>,
    /// Only incidents on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = parse_since)]
    pub since: Option<NaiveDate>,
    /// Only incidents on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = parse_until)]
    pub until: Option<NaiveDate>,
}

impl IncidentFilterArgs {
    /// The filters as the application layer takes them.
    pub fn query(&self) -> IncidentQuery {
        IncidentQuery {
            group: self.group.clone(),
            country: self.country.clone(),
            link: self.link.clone(),
            attack_type: self.attack_type.clone(),
            since: self.since,
            until: self.until,
        }
    }
}

/// A store's address (`--db`, `VIGIL_DB`).
fn parse_store(text: &str) -> Result<StoreAddress, String> {
    StoreAddress::parse(text).map_err(|e| e.to_string())
}

#[derive(Debug, Args)]
pub struct GroupArgs {
    /// A group's name, alias or id ("ISKP", "Islamic State Khorasan").
    pub name: String,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IndicatorsArgs {
    /// A group's name, alias or id; its branches count too.
    pub group: String,
    /// Only evidence from documents that name a place in this country or named region
    /// ("Central Asia", "Sahel"), and incidents there.
    #[arg(long)]
    pub region: Option<String>,
    /// Only evidence published, and incidents dated, on or after this date.
    #[arg(long, value_parser = parse_since)]
    pub since: Option<NaiveDate>,
    /// Evidence sentences shown per marker.
    #[arg(long, default_value_t = 4)]
    pub evidence: usize,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PeopleArgs {
    /// Only people whose name contains this (any case).
    pub name: Option<String>,
    /// At most this many people (0 for all).
    #[arg(long, default_value_t = 30)]
    pub limit: usize,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// A group (name, alias or id); its branches count too.
    #[arg(long, conflicts_with_all = ["country", "region"])]
    pub group: Option<String>,
    /// A country (ISO code or name).
    #[arg(long, conflicts_with = "region")]
    pub country: Option<String>,
    /// A named region ("Central Asia", "Sahel") or a country.
    #[arg(long)]
    pub region: Option<String>,
    /// Also report what changed since this date (new incidents, revised tolls).
    #[arg(long, value_parser = parse_since)]
    pub since: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: BriefFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum BriefFormat {
    Md,
    Html,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    #[command(flatten)]
    pub filters: IncidentFilterArgs,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Stix,
    Geojson,
    Csv,
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file is.
    #[arg(long, value_enum)]
    pub format: ImportFormat,
    /// The file: a CSV export, or a STIX 2.1 bundle (JSON).
    pub file: PathBuf,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ImportFormat {
    Gtd,
    Acled,
    Stix,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Allow an address other machines can reach.
    #[arg(long)]
    pub allow_remote: bool,
    /// A name this server answers to besides IP addresses and `localhost` (repeatable): the
    /// `Host` of any other request is refused with 421, against DNS rebinding.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Seconds one request may spend in the store before it is stopped and answered with 503
    /// (its work also stops when the client goes away).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds)]
    pub deadline: f64,
    /// Seconds a client has to send a request's headers; slower connections are closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds)]
    pub header_timeout: f64,
    /// Connections served at once; more wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub max_connections: u32,
}

/// A number of seconds above 0 and at most a day (`0.5`, `10`).
fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x > 0.0 && x <= 86_400.0 => Ok(x),
        _ => Err(format!("{s:?}: give seconds above 0 and at most 86400 (e.g. 10 or 0.5)")),
    }
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(subcommand)]
    pub command: WatchCommand,
}

#[derive(Debug, Subcommand)]
pub enum WatchCommand {
    /// Save a watch: a group ("ISKP"), a place ("Tajikistan", "Sahel"), an indicator
    /// ("financing") or free text ("Crocus OR Kerman").
    Add(WatchAddArgs),
    /// List the saved watches.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Delete a watch.
    Remove { name: String },
    /// Report, for each watch, the documents stored since its last run and the incidents and
    /// evidence in them.
    Run(WatchRunArgs),
}

#[derive(Debug, Args)]
pub struct WatchAddArgs {
    pub name: String,
    pub query: String,
    /// What the query is (default: a group if one matches, else an indicator, a place, text).
    #[arg(long, value_enum)]
    pub kind: Option<WatchKind>,
    /// Count the documents already stored as new at the first run.
    #[arg(long)]
    pub from_start: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum WatchKind {
    Group,
    Place,
    Indicator,
    Text,
}

#[derive(Debug, Args)]
pub struct WatchRunArgs {
    /// Only this watch.
    pub name: Option<String>,
    /// Report without marking what was reported as seen.
    #[arg(long)]
    pub peek: bool,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IncidentArgs {
    /// The incident's number, as `vigil incidents` lists it.
    pub id: i64,
    /// Machine-readable output (the assessment in full).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders (read recursively); `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Largest file read. Accepts k, M and G suffixes.
    #[arg(long, default_value = "50M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// One JSON object per document (JSON Lines).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Folder of gold annotation files (run from the repository root: paths in them are
    /// relative to it).
    #[arg(long, default_value = "examples/gold")]
    pub gold: PathBuf,
    /// A gold set in the `vigil-gold/1` schema instead: a folder holding `gold.json` and the
    /// documents it annotates under `docs/` (for example ../shared/realtext).
    #[arg(long, value_name = "PATH", conflicts_with = "gold")]
    pub gold_set: Option<PathBuf>,
    /// List every missed and spurious mention per document.
    #[arg(long)]
    pub errors: bool,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, Clone)]
pub struct Filters {
    /// Only documents from this source (exact name, any case).
    #[arg(long)]
    pub source: Option<String>,
    /// Only documents in this language (ISO 639-1 code, e.g. en, fr, ru).
    #[arg(long)]
    pub lang: Option<String>,
    /// Only documents that mention this armed group (a name, alias or id: ISKP, "Islamic State").
    #[arg(long)]
    pub group: Option<String>,
    /// Only documents that name a place in this country (an ISO code or a name: RU, Russia).
    #[arg(long)]
    pub country: Option<String>,
    /// Only documents published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = parse_since)]
    pub since: Option<NaiveDate>,
    /// Only documents published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = parse_until)]
    pub until: Option<NaiveDate>,
    /// At most this many results (0 for all).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "quoted phrases", AND / OR / NOT, parentheses, prefix*.
    pub query: String,
    #[command(flatten)]
    pub filters: Filters,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Document id, or an unambiguous prefix of at least 4 characters.
    pub id: String,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The corpus the generated documents are drawn from.
    #[arg(long, default_value = "examples/corpus")]
    pub corpus: PathBuf,
    /// Megabytes of documents to generate.
    #[arg(long, default_value_t = 100)]
    pub size_mb: u64,
    /// Parser threads (default: one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Keep the generated corpus and store in this folder instead of a temporary one.
    #[arg(long)]
    pub keep: Option<PathBuf>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// The dashboard's load benchmark instead: a store of `--docs` short documents (or the
    /// `--store` given), then `--clients` concurrent clients for `--seconds` against the
    /// search, incident and group pages and the search API; reports latency p50/p99 and
    /// requests per second.
    #[arg(long)]
    pub serve: bool,
    /// Documents in the generated store (load benchmark).
    #[arg(long, default_value_t = 100_000)]
    pub docs: u64,
    /// An existing store to load instead of generating one (load benchmark).
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// Concurrent clients (load benchmark).
    #[arg(long, default_value_t = 8)]
    pub clients: usize,
    /// Seconds of load (load benchmark).
    #[arg(long, default_value_t = 20)]
    pub seconds: u64,
}

/// What `--published` gives: one date for the run, or the file time as a last resort.
#[derive(Debug, Clone, Copy)]
pub enum PublishedArg {
    Date(vigil_core::Published),
    FileTime,
}

fn parse_published(s: &str) -> Result<PublishedArg, String> {
    if s == "file-time" {
        return Ok(PublishedArg::FileTime);
    }
    let (date, time) = vigil_ingest::dates::parse_stamp(s)
        .ok_or_else(|| format!("{s:?} is not a date (use YYYY-MM-DD, or file-time)"))?;
    Ok(PublishedArg::Date(vigil_core::Published { date, time, origin: vigil_core::DateOrigin::Given }))
}

pub(crate) fn parse_since(s: &str) -> Result<NaiveDate, String> {
    vigil_app::filters::period(s).map(|p| p.0)
}

pub(crate) fn parse_until(s: &str) -> Result<NaiveDate, String> {
    vigil_app::filters::period(s).map(|p| p.1)
}

/// `50M`, `512k`, `1G`, `1048576` (bytes; suffixes are powers of 1024, an optional `B` ignored).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim().trim_end_matches(['B', 'b']);
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = digits.parse().map_err(|_| format!("{s:?} is not a size (e.g. 50M)"))?;
    let factor = match unit.to_ascii_lowercase().as_str() {
        "" => 1,
        "k" | "ki" => 1 << 10,
        "m" | "mi" => 1 << 20,
        "g" | "gi" => 1 << 30,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (use k, M or G)")),
    };
    n.checked_mul(factor).ok_or_else(|| format!("{s:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("50M"), Ok(50 << 20));
        assert_eq!(parse_size("512kB"), Ok(512 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("ten").is_err() && parse_size("5X").is_err());
    }
}
