#!/usr/bin/env python3
"""Derive gazetteer/sources/countries.csv from the keshvar crate (crates.io, BSD-3-Clause).

keshvar ships one generated Rust file per country with constants. This script reads
those constants as data (ISO codes, names, nationality adjective, centre and bounding
box) and writes a CSV; no keshvar code ends up in sitrep.

Usage: python3 gazetteer/tools/keshvar_countries.py ~/.cargo/registry/src/*/keshvar-0.7.0 \
           > gazetteer/sources/countries.csv
"""
import csv
import pathlib
import re
import sys
import unicodedata


def latin(name: str) -> bool:
    """True when every letter of `name` is Latin script (so English news can use it)."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


def const(src: str, name: str):
    m = re.search(rf"pub const {name}: [^=]+= (.+?);\n", src, re.S)
    return m.group(1).strip() if m else None


def string(v):
    if v is None or v == "None":
        return ""
    m = re.search(r'"((?:[^"\\]|\\.)*)"', v)
    return m.group(1) if m else ""


def main() -> None:
    root = pathlib.Path(sys.argv[1]) / "src" / "countries"
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["iso2", "iso3", "iso_name", "nationality", "names", "lat", "lon",
                  "min_lat", "min_lon", "max_lat", "max_lon"])
    for path in sorted(root.glob("*.rs")):
        src = path.read_text(encoding="utf-8")
        iso2 = re.search(r"ALPHA2: Alpha2 = Alpha2::(\w+);", src)
        iso3 = re.search(r"ALPHA3: Alpha3 = Alpha3::(\w+);", src)
        if not iso2:
            continue
        names = []
        for key in ("ISO_SHORT_NAME", "ISO_LONG_NAME"):
            names.append(string(const(src, key)))
        m = re.search(r"UNOFFICIAL_NAME_LIST: &\[&str\] = &\[(.*?)\];", src, re.S)
        if m:
            names += re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
        seen, kept = set(), []
        for n in names:
            n = n.strip()
            if n and latin(n) and n.lower() not in seen:
                seen.add(n.lower())
                kept.append(n)
        geo = re.search(r"pub mod geo \{(.*?)\}", src, re.S)
        g = dict(re.findall(r"pub const (\w+): f64 = ([-0-9.e]+);", geo.group(1))) if geo else {}
        r = lambda k: f"{float(g[k]):.4f}" if k in g else ""
        out.writerow([iso2.group(1), iso3.group(1) if iso3 else "",
                      string(const(src, "ISO_SHORT_NAME")),
                      string(const(src, "NATIONALITY")), "|".join(kept),
                      r("LATITUDE"), r("LONGITUDE"), r("MIN_LATITUDE"), r("MIN_LONGITUDE"),
                      r("MAX_LATITUDE"), r("MAX_LONGITUDE")])


if __name__ == "__main__":
    main()
