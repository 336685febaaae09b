//! CSV in the Global Terrorism Database's column vocabulary: GTD's columns first (named and
//! valued as in its codebook), then vigil's own (link level, credibility, sources, flags).

use std::io::Write;

use vigil_assess::assess::Assessment;
use vigil_core::LinkLevel;
use vigil_extract::Knowledge;
use vigil_store::{Backend, IncidentRecord};

use crate::{Result, assessment};

/// GTD's attack type names.
fn gtd_attack(t: Option<&str>) -> &'static str {
    match t {
        Some("bombing") => "Bombing/Explosion",
        Some("armed_assault" | "stabbing") => "Armed Assault",
        Some("vehicle_ramming") => "Unarmed Assault",
        Some("hostage_taking") => "Hostage Taking (Barricade Incident)",
        Some("arson") => "Facility/Infrastructure Attack",
        _ => "Unknown",
    }
}

/// GTD's weapon type names, from vigil's weapon words.
fn gtd_weapon(w: Option<&str>) -> &'static str {
    let Some(w) = w.map(str::to_lowercase) else { return "Unknown" };
    let has = |words: &[&str]| words.iter().any(|x| w.contains(x));
    if has(&["gun", "rifle", "firearm", "pistol", "kalashnikov", "ak-47", "shoot"]) {
        "Firearms"
    } else if has(&["bomb", "explosive", "ied", "grenade", "vest", "suicide", "device", "mine"]) {
        "Explosives"
    } else if has(&["knife", "knives", "blade", "machete", "axe", "sword"]) {
        "Melee"
    } else if has(&["truck", "lorry", "van", "car", "vehicle"]) {
        "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)"
    } else if has(&["fire", "arson", "incendiar", "petrol", "molotov"]) {
        "Incendiary"
    } else {
        "Other"
    }
}

/// GTD's target type names, from vigil's target words.
fn gtd_target(t: Option<&str>) -> &'static str {
    let Some(t) = t.map(str::to_lowercase) else { return "Unknown" };
    let has = |words: &[&str]| words.iter().any(|x| t.contains(x));
    if has(&["church", "mosque", "shrine", "synagogue", "temple", "worship", "pilgrim"]) {
        "Religious Figures/Institutions"
    } else if has(&["police", "checkpoint"]) {
        "Police"
    } else if has(&["soldier", "military", "army", "base", "troops", "service members"]) {
        "Military"
    } else if has(&["school", "university", "college", "student"]) {
        "Educational Institution"
    } else if has(&["airport", "aircraft"]) {
        "Airports & Aircraft"
    } else if has(&["embassy", "diplomat"]) {
        "Government (Diplomatic)"
    } else if has(&["government", "ministry", "parliament", "official"]) {
        "Government (General)"
    } else if has(&["hotel", "restaurant", "bar", "cafe", "market", "shop", "business"]) {
        "Business"
    } else if has(&[
        "nightclub",
        "club",
        "concert",
        "arena",
        "stadium",
        "festival",
        "theatre",
        "theater",
        "cinema",
    ]) {
        // GTD codes entertainment, cultural and sports venues as a kind of business.
        "Business"
    } else if has(&["journalist", "newspaper", "media"]) {
        "Journalists & Media"
    } else if has(&["bus", "train", "metro", "station", "transport"]) {
        "Transportation"
    } else if has(&["tourist"]) {
        "Tourists"
    } else if has(&["prison", "jail"]) {
        "Government (General)"
    } else {
        "Private Citizens & Property"
    }
}

/// GTD columns first (named as in its codebook), then vigil's own.
const CSV_COLUMNS: &[&str] = &[
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "approxdate",
    "country",
    "country_txt",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "attacktype1_txt",
    "weaptype1_txt",
    "targtype1_txt",
    "target1",
    "gname",
    "guncertain1",
    "claimed",
    "nkill",
    "nwound",
    "scite1",
    "scite2",
    "scite3",
    "vigil_id",
    "vigil_date",
    "vigil_date_precision",
    "vigil_killed_qualifier",
    "vigil_injured_qualifier",
    "vigil_link",
    "vigil_link_credibility",
    "vigil_killed_credibility",
    "vigil_perpetrator_credibility",
    "vigil_sources",
    "vigil_reports",
    "vigil_flags",
    "vigil_first_reported",
    "vigil_last_reported",
    "vigil_source_urls",
];

fn credibility(a: &Assessment, field: &str) -> String {
    a.fields
        .iter()
        .find(|f| f.field == field)
        .and_then(|f| f.credibility)
        .map_or(String::new(), |c| c.to_string())
}

pub(crate) fn csv(
    store: &dyn Backend,
    knowledge: &Knowledge,
    incidents: impl Iterator<Item = Result<IncidentRecord>>,
    out: &mut dyn Write,
) -> Result<usize> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    let mut written = 0;
    for r in incidents {
        let r = &r?;
        written += 1;
        let a = assessment(store, r)?;
        let id = r.id.unwrap_or_default();
        let date = r.date.as_deref().unwrap_or("");
        // GTD writes numbers, with 0 for an unknown month or day.
        let part =
            |i: usize| date.split('-').nth(i).and_then(|p| p.parse::<u32>().ok()).unwrap_or(0).to_string();
        let (year, month, day) = (part(0), part(1), part(2));
        let approx = if r.date_precision.as_deref() == Some("day") || date.is_empty() {
            String::new()
        } else {
            date.to_string()
        };
        let perp_credibility = credibility(&a, "perpetrator");
        let perp_contested = a.fields.iter().any(|f| f.field == "perpetrator" && f.contested);
        let specificity = if r.city.is_some() {
            "1"
        } else if r.country.is_some() {
            "5"
        } else {
            ""
        };
        let cites: Vec<String> = a
            .sources
            .iter()
            .take(3)
            .map(|s| {
                format!(
                    "{}, \"{}\", {}",
                    s.source,
                    s.title.as_deref().unwrap_or("untitled"),
                    s.published.as_deref().unwrap_or("undated")
                )
            })
            .collect();
        // At most 25 URLs: a cell is for reading, the JSON exports carry every source.
        let urls: Vec<&str> = a.sources.iter().filter_map(|s| s.url.as_deref()).take(25).collect();
        let claimed = match r.link {
            LinkLevel::Claimed | LinkLevel::Directed | LinkLevel::Enabled => "1",
            LinkLevel::Unknown => "",
            LinkLevel::Inspired | LinkLevel::Alleged => "0",
        };
        let record = [
            format!("vigil-{id}"),
            year,
            month,
            day,
            approx,
            r.country.clone().unwrap_or_default(),
            r.country.as_deref().map(vigil_extract::places::country_label).unwrap_or_default(),
            r.city.clone().unwrap_or_default(),
            r.lat.map_or(String::new(), |v| format!("{v:.6}")),
            r.lon.map_or(String::new(), |v| format!("{v:.6}")),
            specificity.to_string(),
            gtd_attack(r.attack_type.as_deref()).to_string(),
            gtd_weapon(a.current.weapons.first().map(String::as_str)).to_string(),
            gtd_target(a.current.target.as_deref()).to_string(),
            a.current.target.clone().unwrap_or_default(),
            r.perpetrator.as_deref().map_or("Unknown".to_string(), |p| knowledge.display_name(p)),
            if r.perpetrator.is_some() && (perp_contested || r.link == LinkLevel::Alleged) {
                "1"
            } else {
                "0"
            }
            .to_string(),
            claimed.to_string(),
            r.killed.map_or(String::new(), |v| v.to_string()),
            r.injured.map_or(String::new(), |v| v.to_string()),
            cites.first().cloned().unwrap_or_default(),
            cites.get(1).cloned().unwrap_or_default(),
            cites.get(2).cloned().unwrap_or_default(),
            id.to_string(),
            date.to_string(),
            r.date_precision.clone().unwrap_or_default(),
            r.killed_qualifier.clone().unwrap_or_default(),
            r.injured_qualifier.clone().unwrap_or_default(),
            r.link.to_string(),
            credibility(&a, "link"),
            credibility(&a, "killed"),
            perp_credibility,
            r.sources.to_string(),
            r.reports.to_string(),
            a.flags.join(" | "),
            r.first_reported.clone().unwrap_or_default(),
            r.last_reported.clone().unwrap_or_default(),
            urls.join(" "),
        ];
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::gtd_target;

    #[test]
    fn target_words_take_the_codebook_target_types() {
        assert_eq!(gtd_target(Some("crowd")), "Private Citizens & Property");
        assert_eq!(gtd_target(Some("nightclub")), "Business");
        assert_eq!(gtd_target(Some("concert hall")), "Business");
        assert_eq!(gtd_target(Some("mosque")), "Religious Figures/Institutions");
        assert_eq!(gtd_target(Some("police station")), "Police");
        assert_eq!(gtd_target(None), "Unknown");
    }
}
