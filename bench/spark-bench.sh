#!/usr/bin/env bash
# Benchmark: the Spark job (spark/classify-folder.sh) at local[N] beside the plugin's Classify Folder
# (bench/ClassifyFolderBench.java), on the same 10,000 JPEGs, default model, in one run, round after round.
# Both figures are end to end inside their JVM: model load, listing, decoding, network, CSV written
# (the Spark job's also Spark's start-up: SparkContext, broadcast, tasks). Prints images/s of both,
# the ratio job/plugin, and checks that the two CSVs agree (same rows and classes, probabilities
# within 1e-6).
# Usage: bench/spark-bench.sh [rounds] [master]   (default 1 round, local[2])
# The JPEGs: ../shared/samples/cifar10-jpg (or $SAMPLES) cycled to 10,000 files, else the test fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-1}
MASTER=${2:-local[2]}
N=${IMAGES:-10000}
SAMPLES=${SAMPLES:-../shared/samples/cifar10-jpg}
[ -d "$SAMPLES" ] || SAMPLES=src/test/resources/fixtures/cifar10-jpg
[ -f target/imagej/ij.jar ] && [ -f target/CNN_Classifier-0.1.0.jar ] || mvn -B -q -DskipTests -DskipFijiZips package
CP="target/imagej/ij.jar:target/classes:target/imagej/plugins/CNN_Classifier-deps/*"
mkdir -p bench/out
javac -d bench/out -cp "$CP" bench/ClassifyFolderBench.java
WORK=$(mktemp -d /tmp/spark-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cp src/main/resources/models/cifar10-default.zip "$WORK/default.zip"
/usr/bin/python3 - "$SAMPLES" "$WORK/jpg" "$N" <<'PY'
import os, shutil, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(os.path.relpath(os.path.join(d, f), src) for d, _, fs in os.walk(src) for f in fs if f.endswith(".jpg"))
for i in range(n):
    f = files[i % len(files)]
    target = os.path.join(dst, os.path.dirname(f), f"{i // len(files)}-{os.path.basename(f)}")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(os.path.join(src, f), target)
PY
echo "cpu: $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed "s/^ //") ($(nproc) cores)"
echo "files: $(find "$WORK/jpg" -name '*.jpg' | wc -l) JPEGs from $SAMPLES, $(du -sh "$WORK/jpg" | cut -f1); master $MASTER"
# Untimed: the launcher's first run writes its class-data archive (spark/classify-folder.sh), as a user's
# first run does; every later run reads it.
spark/classify-folder.sh --master "$MASTER" --input src/test/resources/fixtures/cifar10-jpg --recursive \
    --filter '*.jpg' --output "$WORK/warm-up.csv" --conf spark.ui.enabled=false >/dev/null
for r in $(seq "$ROUNDS"); do
    java -Xmx4g -cp "bench/out:$CP" ClassifyFolderBench "$WORK/jpg" "$WORK/plugin.csv" 1 "$WORK/default.zip" \
        | grep -v SLF4J
    spark/classify-folder.sh --master "$MASTER" --input "$WORK/jpg" --recursive --filter '*.jpg' --top 3 \
        --model "$WORK/default.zip" --output "$WORK/spark.csv" --conf spark.ui.enabled=false 2>&1 \
        | grep "images in" | sed 's/^/spark: /'
done | tee "$WORK/log"
/usr/bin/python3 - "$WORK/log" "$WORK/plugin.csv" "$WORK/spark.csv" <<'PY'
import re, statistics, sys
plugin, spark = [], []
for line in open(sys.argv[1]):
    m = re.search(r"img_per_s=([\d.]+)", line)
    if m: plugin.append(float(m.group(1)))
    m = re.search(r"^spark: .*\(([\d.]+) images/s\)", line)
    if m: spark.append(float(m.group(1)))
p, s = statistics.median(plugin), statistics.median(spark)
print(f"plugin Classify Folder: {p:.0f} images/s; Spark job: {s:.0f} images/s; ratio job/plugin {s / p:.2f}x")
a = open(sys.argv[2]).read().splitlines(); b = open(sys.argv[3]).read().splitlines()
assert a[0] == b[0] and len(a) == len(b), "CSVs differ in header or rows"
worst = 0.0
for x, y in zip(a[1:], b[1:]):
    x, y = x.split(","), y.split(",")
    assert [x[0]] + x[1::2] == [y[0]] + y[1::2], f"rows differ: {x} vs {y}"
    worst = max([worst] + [abs(float(u) - float(v)) for u, v in zip(x[2::2], y[2::2])])
assert worst <= 1e-6 + 1e-12, worst
print(f"CSVs agree: {len(a) - 1} rows, same files and classes, probabilities within {worst:.0e}")
PY
