#!/usr/bin/env bash
# Trains the plugin's default model from scratch with ONE Train command, as it was made
# (docs/training.md#default-model): the `air` network (airbench93's), airbench's recipe as Train's keys
# (docs/recipe.md),
# on the 50,000 CIFAR-10 training images with 10% (5,000, seeded) held out for validation.
# Then prints its accuracy on that split alone and with the test-time views (bench/SplitEval.java).
# To bundle it: cp target/cifar10-default.zip src/main/resources/models/cifar10-default.zip
# Usage: scripts/train-default-model.sh [cifar-10-batches-bin]   (default ../shared/cifar-10-batches-bin)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/cifar-10-batches-bin}
[ -f "$DATA/data_batch_1.bin" ] || { echo "[ERROR] No CIFAR-10 training batches in $DATA; give the folder." >&2; exit 1; }
[ -f target/imagej/ij.jar ] && [ -f target/CNN_Classifier-0.1.0.jar ] || mvn -B -q -DskipTests -DskipFijiZips package
source scripts/keep-malloc-memory.sh
CP='target/imagej/ij.jar:target/imagej/plugins/*:target/imagej/plugins/CNN_Classifier-deps/*'
java -Xmx6g -cp "$CP" org.cnnclassifier.command.HeadlessMain --headless --run org.cnnclassifier.command.TrainClassifierCommand \
    "data='$DATA',architecture='air',epochs='21',batch='128',optimizer='sgd-nesterov',rate='0.25',schedule='triangle',whiten='true',identity='true',smoothing='0.2',augment='flip-alternate translate=2',decay='0.0133',biasrate='64',validation='0.1',dropout='0',seed='42',workers='0',model='target/cifar10-default.zip'"
mkdir -p target/split-eval
javac -d target/split-eval -cp "target/classes:$CP" bench/SplitEval.java 2>/dev/null
java -Xmx4g -cp "target/split-eval:target/classes:$CP" SplitEval target/cifar10-default.zip "$DATA" | grep -v SLF4J
