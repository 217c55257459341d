"""sitrep as an Apache Spark stage: a Parquet table of articles in, a Parquet
table of events out, with the articles that had no events and the input
lines that failed kept beside it.

    spark-submit --files target/release/sitrep examples/spark/sitrep_events.py \
        articles.parquet out/

articles.parquet has the columns id, text and date (a DATE, a TIMESTAMP or a
"YYYY-MM-DD" string; null when unknown). The sitrep binary is the only thing
shipped: the gazetteer is inside it. Writes out/events.parquet (one row per
event), out/without_events.parquet (id, date) and out/failures.parquet
(id, line, error), and prints how many of each.
"""

import subprocess
import sys

from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

# Text per partition: at about 1 MB/s per core, a task of a minute or less,
# small enough to retry cheaply, large enough that starting sitrep is noise.
PARTITION_BYTES = 32_000_000

articles_path, out_dir = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.appName("sitrep-events").getOrCreate()
sc = spark.sparkContext

# On the driver, SparkFiles.get gives the shipped binary; executors of a
# cluster (YARN, standalone, Kubernetes) find --files in their working
# directory, and local mode runs its tasks beside the driver.
driver_sitrep = SparkFiles.get("sitrep")
task_sitrep = driver_sitrep if sc.master.startswith("local") else "./sitrep"
# One sitrep thread per core a task was given.
threads = spark.conf.get("spark.task.cpus", "1")
command = f"{task_sitrep} extract --jsonl --events --threads {threads}"
# The schema of sitrep's output line, so Spark parses it without inference.
ddl = subprocess.run(
    [driver_sitrep, "extract", "--schema", "spark", "--events"],
    check=True, capture_output=True, text=True,
).stdout.strip()

articles = spark.read.parquet(articles_path).select("id", "text", "date")
total = articles.select(F.sum(F.length("text"))).first()[0] or 0
partitions = max(sc.defaultParallelism, -(-total // PARTITION_BYTES))

# One JSON line per article ({"id","text","date"}; nulls are left out and
# sitrep answers a line without text with an error object), piped through
# sitrep, which writes its lines in input order, an error object in place of
# a line it cannot read.
lines = articles.repartition(partitions).toJSON()
rows = (
    spark.read.schema(ddl)
    .option("mode", "FAILFAST")
    .json(lines.pipe(command, checkCode=True))
    .persist(StorageLevel.MEMORY_AND_DISK)
)

failed = F.col("error").isNotNull()
events = rows.where(~failed & F.col("event").isNotNull()).drop("line", "error")
without = rows.where(~failed & F.col("event").isNull()).select("id", "date")
failures = rows.where(failed).select("id", "line", "error")
events.write.mode("overwrite").parquet(f"{out_dir}/events.parquet")
without.write.mode("overwrite").parquet(f"{out_dir}/without_events.parquet")
failures.write.mode("overwrite").parquet(f"{out_dir}/failures.parquet")

print(
    f"sitrep: {events.count()} events, {without.count()} articles without "
    f"events, {failures.count()} failed, in {partitions} partitions"
)
spark.stop()
