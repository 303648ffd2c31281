#!/usr/bin/env bash
# Benchmark: one training step with DL4J's max pooling (oneDNN's NCHW kernel) against Train's
# PlainMaxPooling (libnd4j's kernels), alternating in one JVM, random data (no peer: the two are
# the two implementations of the same layer, compared in the same run).
# Usage: bench/pooling-bench.sh [rounds]   (env: ARCHS="seed:64:40 wide:128:8")
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
ARCHS=${ARCHS:-"seed:64:40 bn:128:10 wide:128:8"}
[ -f target/imagej/ij.jar ] || mvn -B -q -DskipTests -DskipFijiZips package
CP="target/imagej/ij.jar:target/imagej/plugins/*:target/imagej/plugins/CNN_Classifier-deps/*"
mkdir -p bench/out
javac -d bench/out -cp "$CP" bench/PoolingStepBench.java
echo "cpu: $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed "s/^ //") ($(nproc) cores)"
for spec in $ARCHS; do
    IFS=: read -r arch batch steps <<< "$spec"
    java -Xmx4g -cp "bench/out:$CP" org.cnnclassifier.model.PoolingStepBench "$arch" "$batch" "$steps" "$ROUNDS" \
        2>/dev/null | grep "round"
done
