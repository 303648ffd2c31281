#!/usr/bin/env bash
# Benchmark: Explain Classification with the default model, after it is loaded: Grad-CAM ms per 32x32
# image (target: under 50 ms), occlusion ms per image, and Classify Folder images/s without and with
# `maps` (target: with maps at least half as fast). Input: the CIFAR-10 sample JPEGs of ../shared
# (samples/cifar10-jpg, 500 files) when present, else the 100 fixture JPEGs.
# Usage: bench/explain-bench.sh [runs] [folder]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
FOLDER=${2:-}
if [ -z "$FOLDER" ]; then
    for d in ../shared/samples/cifar10-jpg ../../shared/samples/cifar10-jpg src/test/resources/fixtures/cifar10-jpg; do
        if [ -d "$d" ]; then FOLDER=$d; break; fi
    done
fi
[ -f target/imagej/ij.jar ] || mvn -B -q -DskipTests package
CP="target/imagej/ij.jar:target/classes:target/imagej/plugins/CNN_Classifier-deps/*"
mkdir -p bench/out
javac -d bench/out -cp "$CP" bench/ExplainBench.java
echo "cpu: $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed "s/^ //") ($(nproc) cores), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "folder: $FOLDER"
java -Xmx4g -cp "bench/out:$CP" ExplainBench "$FOLDER" "$RUNS" 2>&1 | grep -v SLF4J
