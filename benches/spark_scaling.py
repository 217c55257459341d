#!/usr/bin/env python3
"""Documents per second of the Spark example's stage in local mode with 1 and
2 workers, against `sitrep batch` on the same input, and the share of the
pipe (process start, JSON in and out, Spark's rows) in the time:

    python3 benches/make_corpus.py 4000 > /tmp/corpus.jsonl
    cargo build --release
    python3 benches/spark_scaling.py target/release/sitrep /tmp/corpus.jsonl

For each worker count N: `sitrep batch --threads N` (the analysis alone,
reading and writing JSONL), then in a Spark session on local[N] the stage of
examples/spark/sitrep_events.py (articles from Parquet, toJSON, RDD.pipe over
sitrep with --threads 1, read with the event DDL, write the events as
Parquet), timed from a warm session, best of three runs each; then the same
stage with `--max-text-bytes 0`, where sitrep reads every line and answers
each with an error object without analysing it: that is the cost of the pipe
and of Spark around it (process start, JSON in and out, toJSON, parsing,
Parquet). The events' JSON out is measured apart (Spark reading sitrep's event lines
from a file with the DDL and writing them as Parquet) and added to it. Pipe
share = pipe / (full stage - pipe), the analysis.
"""

import json
import subprocess
import sys
import tempfile
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

sitrep, corpus = sys.argv[1], sys.argv[2]
runs = 3
docs = sum(1 for _ in open(corpus, encoding="utf-8"))
mb = sum(len(json.loads(l)["text"].encode("utf-8")) for l in open(corpus, encoding="utf-8")) / 1e6
tmp = tempfile.mkdtemp(prefix="sitrep-spark-bench-")


def best(f):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def batch(n):
    subprocess.run(
        [sitrep, "batch", corpus, "-o", f"{tmp}/batch.jsonl", "--force", "--threads", str(n)],
        check=True, capture_output=True,
    )


def start_only():
    # Process start and gazetteer load: one empty line in, one line out.
    subprocess.run(
        [sitrep, "extract", "--jsonl"], input=b'{"id":1,"text":""}\n',
        check=True, capture_output=True,
    )


ddl = subprocess.run(
    [sitrep, "extract", "--schema", "spark", "--events"],
    check=True, capture_output=True, text=True,
).stdout.strip()

print(f"corpus: {docs} documents, {mb:.2f} MB of text")
print(f"sitrep process start (one empty line): {best(start_only) * 1000:.0f} ms")
rows = []
for n in (1, 2):
    t_batch = best(lambda: batch(n))
    spark = (
        SparkSession.builder.master(f"local[{n}]")
        .appName("sitrep-bench")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.read.json(corpus).select("id", "text", "date").write.mode("overwrite").parquet(
        f"{tmp}/articles.parquet"
    )
    def stage(extra=""):
        command = f"{sitrep} extract --jsonl --events --threads 1{extra}"
        articles = spark.read.parquet(f"{tmp}/articles.parquet").select("id", "text", "date")
        lines = articles.repartition(n).toJSON()
        out = spark.read.schema(ddl).option("mode", "FAILFAST").json(lines.pipe(command, checkCode=True))
        out.where(F.col("error").isNull()).write.mode("overwrite").parquet(f"{tmp}/events.parquet")

    stage()  # warm-up: JIT, Python workers
    t_spark = best(stage)
    t_in = best(lambda: stage(" --max-text-bytes 0"))
    subprocess.run(
        [sitrep, "extract", "--jsonl", "--events"], stdin=open(corpus, "rb"),
        stdout=open(f"{tmp}/events.jsonl", "wb"), check=True,
    )

    def out_only():
        out = spark.read.schema(ddl).option("mode", "FAILFAST").json(f"{tmp}/events.jsonl")
        out.write.mode("overwrite").parquet(f"{tmp}/events-only.parquet")

    out_only()
    t_pipe = t_in + best(out_only)
    spark.stop()
    rows.append((n, t_batch, t_spark, t_pipe))

print()
print("workers  sitrep batch          Spark local[N] stage   pipe (in + out)     pipe share  vs batch")
for n, t_batch, t_spark, t_pipe in rows:
    print(
        f"{n:>7}  {t_batch:6.2f} s {docs / t_batch:7.0f} doc/s  "
        f"{t_spark:6.2f} s {docs / t_spark:7.0f} doc/s  "
        f"{t_pipe:6.2f} s            "
        f"{t_pipe / (t_spark - t_pipe) * 100:5.1f} %     "
        f"{(t_spark - t_batch) / t_batch * 100:+6.1f} %"
    )
