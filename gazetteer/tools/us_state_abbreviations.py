#!/usr/bin/env python3
"""Derive sources/state_abbreviations.csv from PyPI `us` (4.0.0, BSD-3-Clause).

Reads the package's us/states.py as text (it imports jellyfish, which the
gazetteer does not need) and prints one row per state, DC and territory:
the GeoNames admin-1 code (US.<postal>), the name, the postal code and the
AP style abbreviation. Usage:

    python3 gazetteer/tools/us_state_abbreviations.py \
        gazetteer/sources/download/us/us/states.py > gazetteer/sources/state_abbreviations.csv
"""
import csv
import re
import sys


def main(path):
    src = open(path, encoding="utf-8").read()
    out = csv.writer(sys.stdout, lineterminator="\n")
    print("# US states, DC and territories: postal and AP abbreviations.")
    print("# Derived from PyPI us 4.0.0 (us/states.py) by gazetteer/tools/us_state_abbreviations.py.")
    print("# The builder indexes the AP forms (with their periods) as abbreviations of the")
    print("# admin-1 unit; the postal forms are English words too (IN, OR, ME, OK) and are not")
    print("# indexed: the resolver reads them from this file (src/places/detect.rs) only right")
    print('# after a town and a comma ("Austin, TX,", "Dayton, OH 45402").')
    out.writerow(["admin1", "name", "postal", "ap", "source"])
    rows = []
    for block in re.findall(r"= State\(\s*\*\*\{(.*?)\n\s*\"time_zones\"", src, re.S):
        field = lambda k: (re.search(rf'"{k}": ("([^"]*)"|None|True|False)', block) or [None, None, None])[2]
        name, abbr, ap = field("name"), field("abbr"), field("ap_abbr")
        obsolete = re.search(r'"is_obsolete": True', block)
        if not name or not abbr or obsolete:
            continue
        rows.append([f"US.{abbr}", name, abbr, ap or "", "PyPI us 4.0.0"])
    for r in sorted(rows):
        out.writerow(r)


if __name__ == "__main__":
    main(sys.argv[1])
