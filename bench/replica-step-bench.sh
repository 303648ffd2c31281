#!/usr/bin/env bash
# Benchmark: one training step on one OpenMP thread (as each of Train's replicas runs), without and
# with one of Train's stand-ins for DL4J's code, alternating in one JVM, random data (no peer: the
# two are two implementations of the same computation, compared in the same run):
#   input: DL4J's first convolution layer vs InputConvolution (no gradient for the input images;
#          bn and wide pad their first convolution, which InputConvolution leaves to DL4J)
#   relu:  DL4J's ReLU backward (relu_bp) vs FastReluBackward (a step times the gradient)
# Usage: bench/replica-step-bench.sh [rounds]   (env: VARIANTS="input relu", ARCHS="seed:64:40 wide:128:4")
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
VARIANTS=${VARIANTS:-"input relu"}
ARCHS=${ARCHS:-"seed:64:40"}
[ -f target/imagej/ij.jar ] || mvn -B -q -DskipTests -DskipFijiZips package
CP="target/imagej/ij.jar:target/imagej/plugins/*:target/imagej/plugins/CNN_Classifier-deps/*"
mkdir -p bench/out
javac -d bench/out -cp "$CP" bench/ReplicaStepBench.java
echo "cpu: $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed "s/^ //") ($(nproc) cores)"
for variant in $VARIANTS; do
    for spec in $ARCHS; do
        IFS=: read -r arch batch steps <<< "$spec"
        OMP_NUM_THREADS=1 java -Xmx4g -cp "bench/out:$CP" org.cnnclassifier.model.ReplicaStepBench "$variant" \
            "$arch" "$batch" "$steps" "$ROUNDS" 2>/dev/null | grep "round"
    done
done
