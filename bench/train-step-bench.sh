#!/usr/bin/env bash
# Benchmark: one training step without and with one of Train's stand-ins for DL4J's code,
# alternating in one JVM, random data (no peer: the two are two implementations of the same
# computation, compared in the same run). Variants (each network also has the earlier ones):
#   batchnorm: DL4J's oneDNN batch-norm helper vs FastBatchNormHelper (bn and wide; seed has none)
#   pooling: DL4J's max pooling (oneDNN's kernels) vs PlainMaxPooling (libnd4j's kernels; Train
#            installs it only on CPUs without AVX-512, where oneDNN's NCHW pooling is slow)
#   input:   DL4J's first convolution layer vs InputConvolution (no gradient for the input images;
#            bn and wide pad their first convolution, which InputConvolution leaves to DL4J; air's
#            stem is fixed, as Train fixes it, so InputConvolution computes no gradient there)
#   relu:    DL4J's ReLU backward (relu_bp) vs FastReluBackward (a step times the gradient)
#   gelu:    DL4J's GELU layers vs GeluKeepingSigmoid (the forward's sigmoid kept for the backward; air only)
# THREADS is the OpenMP thread count: 1 (default) as each of Train's replicas runs, 2 for one
# network on both cores.
# Usage: bench/train-step-bench.sh [rounds]
#        (env: VARIANTS="pooling input relu", ARCHS="seed:64:40", e.g. ARCHS="wide:128:6", THREADS=1)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
VARIANTS=${VARIANTS:-"pooling input relu"}
ARCHS=${ARCHS:-"seed:64:40"}
THREADS=${THREADS:-1}
[ -f target/imagej/ij.jar ] || mvn -B -q -DskipTests -DskipFijiZips package
CP="target/imagej/ij.jar:target/imagej/plugins/*:target/imagej/plugins/CNN_Classifier-deps/*"
mkdir -p bench/out
javac -d bench/out -cp "$CP" bench/TrainStepBench.java
echo "cpu: $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed "s/^ //") ($(nproc) cores), $THREADS OpenMP thread(s)"
for variant in $VARIANTS; do
    for spec in $ARCHS; do
        IFS=: read -r arch batch steps <<< "$spec"
        OMP_NUM_THREADS=$THREADS java -Xmx4g -cp "bench/out:$CP" org.cnnclassifier.speed.TrainStepBench "$variant" \
            "$arch" "$batch" "$steps" "$ROUNDS" 2>/dev/null | grep "round"
    done
done
