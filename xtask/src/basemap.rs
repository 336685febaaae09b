//! `cargo xtask basemap --world-atlas DIR`: converts Natural Earth's country outlines, as the
//! npm package `world-atlas` 2 ships them (TopoJSON, `countries-110m.json`), into the compact
//! file the dashboard draws its maps from: `crates/vigil-server/data/world-110m.tsv`.
//!
//! Get the input with `npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz` (the folder is
//! `package/`). Natural Earth is in the public domain; the attribution goes in the file's
//! header and in the README.
//!
//! Each line of the output is one country: ISO 3166-1 numeric code (empty where Natural Earth
//! has none), name, bounding box in degrees (`west south east north`), and an SVG path in an
//! equirectangular plane of tenths of a degree (`x = (lon + 180) * 10`, `y = (90 - lat) * 10`),
//! each ring a move to an absolute point followed by relative lines.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

#[derive(Deserialize)]
struct Topology {
    transform: Transform,
    arcs: Vec<Vec<[i64; 2]>>,
    objects: Objects,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct Objects {
    countries: Collection,
}

#[derive(Deserialize)]
struct Collection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    properties: Properties,
    arcs: serde_json::Value,
}

#[derive(Deserialize, Default)]
struct Properties {
    #[serde(default)]
    name: String,
}

pub fn build(root: &Path, args: &[String]) -> Result<PathBuf> {
    let dir = match args {
        [flag, dir] if flag == "--world-atlas" => PathBuf::from(dir),
        _ => bail!("usage: cargo xtask basemap --world-atlas DIR (the unpacked npm package world-atlas@2)"),
    };
    let input = dir.join("countries-110m.json");
    let text = std::fs::read_to_string(&input).with_context(|| format!("reading {}", input.display()))?;
    let topology: Topology =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", input.display()))?;
    let arcs = decode_arcs(&topology);
    let mut out = String::from(
        "# Country outlines for vigil's maps: Natural Earth 1:110m Admin 0 countries (public domain,\n\
         # naturalearthdata.com), as redistributed in the npm package world-atlas 2.\n\
         # Rebuilt by `cargo xtask basemap --world-atlas DIR`.\n\
         # iso_numeric\tname\twest south east north\tpath (tenths of a degree, equirectangular)\n",
    );
    let mut countries = 0;
    for g in &topology.objects.countries.geometries {
        let polygons: Vec<Vec<Vec<i64>>> = match g.kind.as_str() {
            "Polygon" => vec![serde_json::from_value(g.arcs.clone())?],
            "MultiPolygon" => serde_json::from_value(g.arcs.clone())?,
            other => bail!("unexpected geometry {other} for {}", g.properties.name),
        };
        let mut path = String::new();
        let (mut west, mut south, mut east, mut north) = (180.0f64, 90.0f64, -180.0f64, -90.0f64);
        for ring in polygons.iter().flatten() {
            let points = unwrap(ring_points(&arcs, ring)?);
            let mut last: Option<(i64, i64)> = None;
            for &(lon, lat) in &points {
                (west, east, south, north) = (west.min(lon), east.max(lon), south.min(lat), north.max(lat));
                let p = (((lon + 180.0) * 10.0).round() as i64, ((90.0 - lat) * 10.0).round() as i64);
                match last {
                    None => write!(path, "M{} {}", p.0, p.1)?,
                    Some(l) if l == p => continue,
                    Some(l) => write!(path, "l{} {}", p.0 - l.0, p.1 - l.1)?,
                }
                last = Some(p);
            }
            path.push('z');
        }
        let name = g.properties.name.replace(['\t', '\n'], " ");
        let id = g.id.clone().unwrap_or_default();
        writeln!(out, "{id}\t{name}\t{west:.2} {south:.2} {east:.2} {north:.2}\t{path}")?;
        countries += 1;
    }
    let target = root.join("crates/vigil-server/data/world-110m.tsv");
    std::fs::write(&target, out)?;
    println!("{countries} countries");
    Ok(target)
}

/// Arcs as absolute longitude/latitude points (TopoJSON stores them quantised and
/// delta-encoded).
fn decode_arcs(t: &Topology) -> Vec<Vec<(f64, f64)>> {
    t.arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.iter()
                .map(|[dx, dy]| {
                    x += dx;
                    y += dy;
                    (
                        x as f64 * t.transform.scale[0] + t.transform.translate[0],
                        y as f64 * t.transform.scale[1] + t.transform.translate[1],
                    )
                })
                .collect()
        })
        .collect()
}

/// A ring that crosses the antimeridian (Russia's Chukotka, Fiji) continues past ±180°
/// instead of jumping across the map; the part outside the plane is clipped when drawn.
fn unwrap(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut shift = 0.0;
    let mut previous: Option<f64> = None;
    points
        .into_iter()
        .map(|(lon, lat)| {
            if let Some(p) = previous {
                if lon - p > 180.0 {
                    shift -= 360.0;
                } else if p - lon > 180.0 {
                    shift += 360.0;
                }
            }
            previous = Some(lon);
            (lon + shift, lat)
        })
        .collect()
}

/// A ring's points: its arcs joined, a negative index `!i` meaning arc `i` reversed; each
/// arc after the first repeats the previous one's last point, which is dropped.
fn ring_points(arcs: &[Vec<(f64, f64)>], ring: &[i64]) -> Result<Vec<(f64, f64)>> {
    let mut points = Vec::new();
    for &index in ring {
        let (i, reversed) = if index < 0 { (!index as usize, true) } else { (index as usize, false) };
        let arc = arcs.get(i).with_context(|| format!("arc {i} does not exist"))?;
        let mut part: Vec<(f64, f64)> = arc.clone();
        if reversed {
            part.reverse();
        }
        let skip = usize::from(!points.is_empty());
        points.extend(part.into_iter().skip(skip));
    }
    Ok(points)
}
