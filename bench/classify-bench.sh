#!/usr/bin/env bash
# Benchmark: Classify Folder on 10,000 CIFAR-sized JPEGs (data_batch_5 of ../shared written as
# JPEG files), end to end from files to CSV, beside a PyTorch + PIL peer doing the same with the same
# network (seed, or the model's architecture: bn, wide, air), interleaved in one run. The peer runs twice per round: plain, and with the glibc
# allocator tunables that keep PyTorch from re-faulting its buffers (see ../shared/DL4J-SPEED.md).
# Usage: bench/classify-bench.sh [rounds] [model.zip | default]   (needs: apt-get install -y python3-torch python3-pil)
# Without a model: the seed CNN with random weights; `default`: the default model.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
MODEL=${2:-}
[ -f target/imagej/ij.jar ] || mvn -B -q -DskipTests package
CP="target/imagej/ij.jar:target/classes:target/imagej/plugins/CNN_Classifier-deps/*"
mkdir -p bench/out
javac -d bench/out -cp "$CP" bench/ClassifyFolderBench.java
WORK=$(mktemp -d /tmp/classify-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
if [ "$MODEL" = default ]; then
    MODEL="$WORK/default.zip"; cp src/main/resources/models/cifar10-default.zip "$MODEL"
fi
ARCH=seed
if [ -n "$MODEL" ]; then
    ARCH=$(unzip -p "$MODEL" model.json | grep -o '"architecture" *: *"[a-z]*"' | grep -o '[a-z]*"$' | head -1 | tr -d '"')
fi
echo "network: $ARCH"
echo "cpu: $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed "s/^ //") ($(nproc) cores$(grep -qw avx512f /proc/cpuinfo && echo ", AVX-512" || echo ", no AVX-512"))"
/usr/bin/python3 bench/torch_classify_peer.py --write-jpegs "$WORK/jpg" --cifar-batch ../shared/cifar-10-batches-bin/data_batch_5.bin
echo "files: $(find "$WORK/jpg" -name '*.jpg' | wc -l) JPEGs, $(du -sh "$WORK/jpg" | cut -f1)"
TUNED="glibc.malloc.trim_threshold=4294967295:glibc.malloc.mmap_threshold=33554432"
for r in $(seq "$ROUNDS"); do
    java -Xmx4g -cp "bench/out:$CP" ClassifyFolderBench "$WORK/jpg" "$WORK/plugin.csv" 2 $MODEL | grep -v SLF4J
    /usr/bin/python3 bench/torch_classify_peer.py --arch "$ARCH" --input "$WORK/jpg" --output "$WORK/torch.csv" --runs 2 | sed 's/^peer:/peer (plain):/'
    GLIBC_TUNABLES=$TUNED /usr/bin/python3 bench/torch_classify_peer.py --arch "$ARCH" --input "$WORK/jpg" --output "$WORK/torch.csv" --runs 2 | sed 's/^peer:/peer (tuned malloc):/'
done | tee "$WORK/log"
echo "--- rows: plugin $(($(wc -l < "$WORK/plugin.csv") - 1)), peer $(($(wc -l < "$WORK/torch.csv") - 1))"
/usr/bin/python3 - "$WORK/log" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"(plugin|peer \(plain\)|peer \(tuned malloc\)).*img_per_s=([\d.]+)", line)
    if m: runs.setdefault(m.group(1), []).append(float(m.group(2)))
# Second run of each process (warm JIT / allocator) per round; medians over rounds.
med = {k: statistics.median(v[1::2] or v) for k, v in runs.items()}
for k, v in med.items(): print(f"median {k}: {v:.0f} images/s")
p = med.get("plugin")
for k in ("peer (plain)", "peer (tuned malloc)"):
    if p and k in med: print(f"ratio plugin / {k}: {p / med[k]:.2f}x")
PY
