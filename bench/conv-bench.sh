#!/usr/bin/env bash
# Benchmark: our convolution engine vs ImageJ's Convolver on a 4096x4096 32-bit image (see
# ConvolutionBench.java). Usage: bench/conv-bench.sh [repetitions]   (builds the plugin first)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/imagej/ij.jar ] || mvn -B -q -DskipTests package
CP="target/imagej/ij.jar:target/classes:target/imagej/plugins/CNN_Classifier-deps/*"
mkdir -p bench/out
javac -d bench/out -cp "$CP" bench/ConvolutionBench.java
java -Xmx6g -cp "bench/out:$CP" ConvolutionBench "$@"
