"""Input and output of the Spark example's test (tests/it/spark_stage.rs).

    python3 tests/spark/harness.py make DISPATCHES DIR [BIG_BYTES]
        writes DIR/articles.parquet from DISPATCHES/*.txt plus the bad rows
        below, and DIR/articles.jsonl: the same rows as the {"id","text",
        "date"} lines Spark's toJSON sends (nulls left out), for the local run
    python3 tests/spark/harness.py dump DIR [DDL LINES]
        writes DIR/{events,without_events,failures}.jsonl from the example's
        Parquet output in DIR/out, one JSON object per row (nulls left out);
        with DDL and LINES, also DIR/roundtrip.jsonl: the JSON lines in LINES
        read by Spark with the schema in the file DDL (failing on any line
        that does not fit it) and written back

Bad rows: a null text, a date that is not a date, a text whose bytes are not
UTF-8 on the JVM side (a BINARY cast to STRING, so Spark holds the raw bytes)
and, when BIG_BYTES is given, one article of that many bytes.
"""

import json
import pathlib
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import BinaryType, StringType, StructField, StructType


def session():
    return (
        SparkSession.builder.master("local[1]")
        .appName("sitrep-test-harness")
        .config("spark.ui.enabled", "false")
        # The 50 MB article's toJSON needs more than the default 1g heap
        # (seen failing with java.lang.OutOfMemoryError: Java heap space).
        .config("spark.driver.memory", "3g")
        .getOrCreate()
    )


def make(dispatches, out, big):
    out = pathlib.Path(out)
    files = sorted(pathlib.Path(dispatches).glob("*.txt"))
    rows = []
    for i, p in enumerate(files):
        text = p.read_text(encoding="utf-8")
        # Every other dispatch gets an explicit date, the rest are detected.
        date = "2017-10-12" if i % 2 else None
        rows.append((p.stem, text.encode("utf-8"), date))
        # The same dispatch once more, as a DATE-like timestamp string.
        rows.append((p.stem + "-again", text.encode("utf-8"), "2019-09-19T08:00:00.000Z"))
    rows.append(("no-text", None, "2016-03-24"))
    rows.append(("bad-date", b"Fighting raged near Aleppo.", "yesterday"))
    rows.append(("latin-1", "Shelling hit Hama and Homs, the caf\u00e9 said.".encode("latin-1"), None))
    if big:
        seed = files[0].read_text(encoding="utf-8")
        text = (seed + "\n\n") * (big // (len(seed.encode("utf-8")) + 2) + 1)
        rows.append(("big", text.encode("utf-8")[:big].decode("utf-8", "ignore").encode("utf-8"), None))
    spark = session()
    schema = StructType(
        [
            StructField("id", StringType()),
            StructField("raw", BinaryType()),
            StructField("date", StringType()),
        ]
    )
    df = spark.createDataFrame(rows, schema)
    df = df.select("id", F.col("raw").cast("string").alias("text"), "date")
    df.write.mode("overwrite").parquet(str(out / "articles.parquet"))
    # What Spark's toJSON sends for each row, as the local run's input.
    with open(out / "articles.jsonl", "w", encoding="utf-8") as f:
        for line in df.toJSON().collect():
            f.write(line + "\n")
    spark.stop()


def write_lines(df, path):
    with open(path, "w", encoding="utf-8") as f:
        for line in df.toJSON().collect():
            f.write(line + "\n")


def dump(out, ddl=None, lines=None):
    out = pathlib.Path(out)
    spark = session()
    for name in ["events", "without_events", "failures"]:
        df = spark.read.parquet(str(out / "out" / f"{name}.parquet"))
        write_lines(df, out / f"{name}.jsonl")
    if ddl:
        schema = pathlib.Path(ddl).read_text(encoding="utf-8").strip()
        df = spark.read.schema(schema).option("mode", "FAILFAST").json(lines)
        write_lines(df, out / "roundtrip.jsonl")
    spark.stop()


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    elif sys.argv[1] == "dump":
        dump(*sys.argv[2:5])
    else:
        sys.exit(f"unknown command {sys.argv[1]!r} (make or dump)")
