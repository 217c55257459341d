#!/usr/bin/env python3
"""Writes a JSONL corpus of N dispatches built from sitrep's own test dispatches
(tests/dispatches/*.txt, assets/*.txt), for throughput runs of `sitrep extract --jsonl`
and `sitrep batch`:

    python3 benches/make_corpus.py 1000 > /tmp/corpus.jsonl
    time target/release/sitrep extract --jsonl < /tmp/corpus.jsonl > /tmp/out.jsonl
    target/release/sitrep batch /tmp/corpus.jsonl -o /tmp/out.jsonl --force

Each line is one dispatch with its paragraphs rotated, so documents differ while
staying news-like; every fifth line has no date (the dispatch's own is detected).
"""
import json
import pathlib
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
root = pathlib.Path(__file__).resolve().parent.parent
files = sorted((root / "tests" / "dispatches").glob("*.txt")) + sorted((root / "assets").glob("*.txt"))
docs = [(p.stem, p.read_text(encoding="utf-8")) for p in files]
dates = ["2016-03-24", "2017-10-12", "2019-09-19", "2022-05-03", "2023-02-24"]
for i in range(n):
    name, text = docs[i % len(docs)]
    paras = text.split("\n\n")
    k = (i // len(docs)) % max(1, len(paras))
    body = "\n\n".join(paras[:1] + paras[1:][k:] + paras[1:][:k])
    line = {"id": f"{name}-{i}", "text": body}
    if i % 5:
        line["date"] = dates[i % len(dates)]
    print(json.dumps(line, ensure_ascii=False))
