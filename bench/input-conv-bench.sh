#!/usr/bin/env bash
# Benchmark: one training step on one OpenMP thread (as each of Train's replicas runs) with DL4J's
# first convolution layer against Train's InputConvolution (no gradient for the input images),
# alternating in one JVM, random data (no peer: the two are two implementations of the same
# layer, compared in the same run). bn and wide pad their first convolution (Same mode), which
# InputConvolution leaves to DL4J: their ratio shows that it costs nothing there.
# Usage: bench/input-conv-bench.sh [rounds]   (env: ARCHS="seed:64:40 wide:128:4")
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
ARCHS=${ARCHS:-"seed:64:40"}
[ -f target/imagej/ij.jar ] || mvn -B -q -DskipTests -DskipFijiZips package
CP="target/imagej/ij.jar:target/imagej/plugins/*:target/imagej/plugins/CNN_Classifier-deps/*"
mkdir -p bench/out
javac -d bench/out -cp "$CP" bench/InputConvolutionStepBench.java
echo "cpu: $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed "s/^ //") ($(nproc) cores)"
for spec in $ARCHS; do
    IFS=: read -r arch batch steps <<< "$spec"
    OMP_NUM_THREADS=1 java -Xmx4g -cp "bench/out:$CP" org.cnnclassifier.model.InputConvolutionStepBench "$arch" \
        "$batch" "$steps" "$ROUNDS" 2>/dev/null | grep "round\|passes"
done
