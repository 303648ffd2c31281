#!/usr/bin/env bash
# Trains the seed CNN for one epoch (data_batch_1..4, or the first LIMIT images) with the plugin's
# Trainer, beside the PyTorch peer (../shared/peers/torch_seed_cnn.py) with the same batch size, in
# the same run, interleaved: DL4J, peer, peer with GLIBC_TUNABLES, DL4J with GLIBC_TUNABLES.
# Prints images/s for training and inference and the ratios DL4J / peer.
# Usage: bench/train_bench.sh            (env: DATA, BATCH=64, LIMIT=40000)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/cifar-10-batches-bin}
BATCH=${BATCH:-64}
LIMIT=${LIMIT:-40000}
PEER=${PEER:-../shared/peers/torch_seed_cnn.py}
TUNABLES="glibc.malloc.trim_threshold=4294967295:glibc.malloc.mmap_threshold=33554432"

mvn -q -B -DskipTests compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="target/classes:$(cat target/bench-cp.txt)"
mkdir -p target/bench-classes
javac -cp "$CP" -d target/bench-classes bench/TrainBench.java

dl4j() { java -Xmx6g -cp "target/bench-classes:$CP" TrainBench "$DATA" "$BATCH" "$LIMIT" 2>/dev/null | grep '^dl4j:'; }
peer() { /usr/bin/python3 "$PEER" --train "$DATA"/data_batch_{1,2,3,4}.bin --test "$DATA/data_batch_5.bin" \
           --epochs 1 --batch "$BATCH" --threads 2 --limit "$LIMIT" | grep '^peer:'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
D1=$(dl4j);                                  echo "DL4J                  $D1"
P1=$(peer);                                  echo "peer                  $P1"
P2=$(GLIBC_TUNABLES=$TUNABLES peer);         echo "peer + GLIBC_TUNABLES $P2"
D2=$(GLIBC_TUNABLES=$TUNABLES dl4j);         echo "DL4J + GLIBC_TUNABLES $D2"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
for kind in train infer; do
  d1=$(field "$D1" ${kind}_img_per_s); d2=$(field "$D2" ${kind}_img_per_s)
  p1=$(field "$P1" ${kind}_img_per_s); p2=$(field "$P2" ${kind}_img_per_s)
  echo "$kind: DL4J $d1 img/s vs peer $p1 -> ratio $(ratio "$d1" "$p1");" \
       "vs tuned peer $p2 -> ratio $(ratio "$d1" "$p2"); DL4J with tunables $d2 (x$(ratio "$d2" "$d1") of DL4J)"
done
