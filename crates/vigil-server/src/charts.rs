//! Server-drawn SVG: the world basemap (Natural Earth outlines shipped in the binary), maps of
//! incidents and the stacked monthly timeline. Every piece of text that goes into the markup
//! passes through [`crate::output::html`].

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::LazyLock;
use vigil_core::LinkLevel;

use vigil_export::escape::html as esc;

/// Country outlines, converted from Natural Earth by `cargo xtask basemap`.
const WORLD: &str = include_str!("../data/world-110m.tsv");

struct Country {
    name: String,
    /// West, south, east, north in degrees.
    bbox: [f64; 4],
    path: String,
}

static COUNTRIES: LazyLock<Vec<Country>> = LazyLock::new(|| {
    WORLD
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let (_id, name, bbox, path) = (cols.next()?, cols.next()?, cols.next()?, cols.next()?);
            let b: Vec<f64> = bbox.split(' ').filter_map(|v| v.parse().ok()).collect();
            (b.len() == 4).then(|| Country {
                name: name.to_string(),
                bbox: [b[0], b[1], b[2], b[3]],
                path: path.to_string(),
            })
        })
        .collect()
});

/// A point's position in the basemap's plane (tenths of a degree, equirectangular).
fn project(lat: f64, lon: f64) -> (f64, f64) {
    ((lon.clamp(-180.0, 180.0) + 180.0) * 10.0, (90.0 - lat.clamp(-90.0, 90.0)) * 10.0)
}

/// The outlines of the countries that reach into a box (west, south, east, north), as one
/// group of paths.
fn basemap(view: [f64; 4]) -> String {
    let mut out = String::from("<g class=\"basemap\" aria-hidden=\"true\">");
    for c in COUNTRIES.iter() {
        let b = c.bbox;
        if b[2] < view[0] || b[0] > view[2] || b[3] < view[1] || b[1] > view[3] {
            continue;
        }
        let _ = write!(out, "<path class=\"land\" d=\"{}\"><title>{}</title></path>", c.path, esc(&c.name));
    }
    out.push_str("</g>");
    out
}

/// A point on a map: where, how large, what colour, what it says, where it leads.
pub struct Point {
    pub lat: f64,
    pub lon: f64,
    pub casualties: u64,
    pub color: &'static str,
    pub label: String,
    pub href: String,
}

/// Radius in map units: grows with the square root of the casualties, so area tracks them.
fn radius(casualties: u64, scale: f64) -> f64 {
    (4.0 + 2.2 * (casualties as f64).sqrt()).min(60.0) * scale
}

/// The world (60° S to 85° N) with the points drawn largest first, so small ones stay
/// clickable on top.
pub fn world_map(points: &[Point], label: &str) -> String {
    let (x0, y0, w, h) = (0.0, 50.0, 3600.0, 1450.0);
    let mut out = format!(
        "<svg class=\"map\" id=\"world-map\" viewBox=\"{x0} {y0} {w} {h}\" role=\"img\" aria-label=\"{}\" \
        ><rect class=\"sea\" x=\"{x0}\" y=\"{y0}\" width=\"{w}\" height=\"{h}\"/>",
        esc(label)
    );
    out.push_str(&basemap([-180.0, -90.0, 180.0, 90.0]));
    draw_points(&mut out, points, 1.0);
    out.push_str("</svg>");
    out
}

/// A small map around one place, about 24° by 16°, with its pin.
pub fn mini_map(lat: f64, lon: f64, label: &str) -> String {
    let (span_lon, span_lat) = (24.0, 16.0);
    let west = (lon - span_lon / 2.0).clamp(-180.0, 180.0 - span_lon);
    let north = (lat + span_lat / 2.0).clamp(-90.0 + span_lat, 90.0);
    let (x, y) = project(north, west);
    let (w, h) = (span_lon * 10.0, span_lat * 10.0);
    let mut out = format!(
        "<svg class=\"map\" id=\"incident-map\" viewBox=\"{x:.0} {y:.0} {w:.0} {h:.0}\" role=\"img\" \
         aria-label=\"{}\"><rect class=\"sea\" x=\"{x:.0}\" y=\"{y:.0}\" \
         width=\"{w:.0}\" height=\"{h:.0}\"/>",
        esc(label)
    );
    out.push_str(&basemap([west, north - span_lat, west + span_lon, north]));
    let (px, py) = project(lat, lon);
    let _ = write!(
        out,
        "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"3.5\" fill=\"#b3261e\"><title>{}</title></circle>",
        esc(label)
    );
    out.push_str("</svg>");
    out
}

fn draw_points(out: &mut String, points: &[Point], scale: f64) {
    let mut order: Vec<&Point> = points.iter().collect();
    order.sort_by_key(|p| std::cmp::Reverse(p.casualties));
    for p in order {
        let (x, y) = project(p.lat, p.lon);
        let _ = write!(
            out,
            "<a href=\"{}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\" fill=\"{}\"><title>{}</title></circle></a>",
            esc(&p.href),
            radius(p.casualties, scale),
            p.color,
            esc(&p.label)
        );
    }
}

/// Distinct colours with readable contrast against white, for series.
pub const PALETTE: [&str; 10] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
    "#bcbd22",
];

/// The colour of a link level.
pub fn link_color(link: LinkLevel) -> &'static str {
    match link {
        LinkLevel::Directed => "#b3261e",
        LinkLevel::Enabled => "#e07b00",
        LinkLevel::Inspired => "#1f77b4",
        LinkLevel::Claimed => "#7b4fa0",
        LinkLevel::Alleged => "#8c8c3a",
        LinkLevel::Unknown => "#7f7f7f",
    }
}

/// One series of a stacked chart: its label and colour.
pub struct Series {
    pub key: String,
    pub label: String,
    pub color: &'static str,
}

/// Monthly bars stacked by series. `counts` maps (month `YYYY-MM`, series key) to a count;
/// every month between the first and the last gets a slot, empty or not.
pub fn stacked_months(counts: &BTreeMap<(String, String), u64>, series: &[Series], label: &str) -> String {
    let months = month_range(counts.keys().map(|(m, _)| m.as_str()));
    let totals: Vec<u64> = months
        .iter()
        .map(|m| series.iter().map(|s| counts.get(&(m.clone(), s.key.clone())).copied().unwrap_or(0)).sum())
        .collect();
    let top = totals.iter().copied().max().unwrap_or(0).max(1);
    let (left, bottom, height) = (40.0, 30.0, 260.0);
    let bar = 14.0f64;
    let width = left + bar * months.len().max(1) as f64 + 30.0;
    let mut out = format!(
        "<svg class=\"chart\" id=\"timeline-chart\" viewBox=\"0 0 {width:.0} {:.0}\" role=\"img\" aria-label=\"{}\" \
        >",
        height + bottom + 10.0,
        esc(label)
    );
    let y = |v: f64| 10.0 + height - v / top as f64 * height;
    // Horizontal guides at a round step.
    let step = nice_step(top);
    let mut v = 0;
    while v <= top {
        let _ = write!(
            out,
            "<line class=\"axis\" x1=\"{left}\" x2=\"{width:.0}\" y1=\"{0:.1}\" y2=\"{0:.1}\" stroke-opacity=\"0.3\"/>\
             <text x=\"{1}\" y=\"{2:.1}\" text-anchor=\"end\">{v}</text>",
            y(v as f64),
            left - 4.0,
            y(v as f64) + 4.0
        );
        v += step;
    }
    for (i, month) in months.iter().enumerate() {
        let x = left + i as f64 * bar;
        let mut base = 0.0;
        for s in series {
            let n = counts.get(&(month.clone(), s.key.clone())).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            let (y1, y0) = (y(base + n as f64), y(base));
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{y1:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}: {} {}</title></rect>",
                x + 1.0,
                bar - 2.0,
                y0 - y1,
                s.color,
                esc(month),
                n,
                esc(&s.label)
            );
            base += n as f64;
        }
        // Years at their Januaries; the first month too when the next January is far off.
        if month.ends_with("-01")
            || (i == 0 && months.len() > 6 && !months[..6].iter().any(|m| m.ends_with("-01")))
        {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                x,
                10.0 + height + 16.0,
                esc(&month[..4.min(month.len())])
            );
        }
    }
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{left}\" x2=\"{width:.0}\" y1=\"{0:.1}\" y2=\"{0:.1}\"/>",
        y(0.0)
    );
    out.push_str("</svg>");
    out
}

fn nice_step(top: u64) -> u64 {
    let rough = (top as f64 / 5.0).max(1.0);
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= rough).unwrap_or(rough);
    step.max(1.0) as u64
}

/// Every month from the earliest to the latest given, as `YYYY-MM`.
pub fn month_range<'a>(months: impl Iterator<Item = &'a str>) -> Vec<String> {
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok().filter(|m| (1..=12).contains(m))?))
    };
    let parsed: Vec<(i32, u32)> = months.filter_map(parse).collect();
    let (Some(first), Some(last)) = (parsed.iter().min(), parsed.iter().max()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = *first;
    while (y, m) <= *last && out.len() < 1200 {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_basemap_ships_the_countries_analysts_look_at() {
        let names: Vec<&str> = COUNTRIES.iter().map(|c| c.name.as_str()).collect();
        for name in
            ["Afghanistan", "Pakistan", "Russia", "Iran", "Syria", "Iraq", "Nigeria", "Mali", "France"]
        {
            assert!(names.contains(&name), "{name} missing from the basemap");
        }
        // A small map of Kabul draws Afghanistan and its neighbours, not the whole world.
        let map = mini_map(34.53, 69.17, "Kabul");
        assert!(map.contains("<title>Afghanistan</title>") && map.contains("<title>Pakistan</title>"));
        assert!(!map.contains("<title>Brazil</title>"));
    }

    #[test]
    fn months_fill_the_gaps_and_labels_are_escaped() {
        assert_eq!(
            month_range(["2023-11", "2024-02"].into_iter()),
            ["2023-11", "2023-12", "2024-01", "2024-02"]
        );
        let mut counts = BTreeMap::new();
        counts.insert(("2024-01".to_string(), "a".to_string()), 3);
        let svg = stacked_months(
            &counts,
            &[Series { key: "a".into(), label: "<b>x</b>".into(), color: PALETTE[0] }],
            "t",
        );
        assert!(svg.contains("&lt;b&gt;x&lt;/b&gt;") && !svg.contains("<b>"));
    }
}
