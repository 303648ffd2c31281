#!/usr/bin/env bash
# Benchmark: one training epoch, wall-clock, as a user runs it: the plugin's Train command in real
# ImageJ (-batch macro under xvfb: start, load CIFAR-10, train, validate on 5,000 held-out images,
# save) beside the PyTorch peer (../shared/peers/torch_seed_cnn.py: start, load, train, validate on
# data_batch_5) with the same network and batch, interleaved in one run. The peer runs plain and
# with the glibc allocator tunables (see ../shared/DL4J-SPEED.md).
# Usage: bench/epoch-bench.sh [rounds]   (env: ARCHS="seed:20000:64 bn:6000:128 wide:6000:128", WORKERS=0 (one per core), JAVA_OPTS)
# Ends with the median ratio per network over the rounds.
# Needs: apt-get install -y python3-torch xvfb
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-2}
ARCHS=${ARCHS:-"seed:20000:64 bn:6000:128 wide:6000:128"}
DATA=$(realpath ../shared/cifar-10-batches-bin)
PEER=../shared/peers/torch_seed_cnn.py
TUNED="glibc.malloc.trim_threshold=4294967295:glibc.malloc.mmap_threshold=33554432"
[ -f target/imagej/ij.jar ] || mvn -B -q -DskipTests -DskipFijiZips package
WORK=$(mktemp -d /tmp/epoch-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/train.ijm" <<'IJM'
args = split(getArgument(), "|");
run("Train CIFAR-10 Classifier", "data=[" + args[0] + "] architecture=" + args[1] + " epochs=1 batch=" + args[2]
    + " validation=0.1 limit=" + args[3] + " seed=1 workers=" + args[5] + " model=[" + args[4] + "]");
IJM
wall() { local t0 t1; t0=$(date +%s.%N); "$@" > "$WORK/out" 2>&1 || { cat "$WORK/out" >&2; exit 1; }; t1=$(date +%s.%N);
         awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'; }
plugin() { wall xvfb-run -a java -Xmx6g ${JAVA_OPTS:-} -jar target/imagej/ij.jar -ijpath target/imagej -batch \
             "$WORK/train.ijm" "$DATA|$1|$3|$2|$WORK/model.zip|${WORKERS:-0}"; }
peer() { wall /usr/bin/python3 "$PEER" --arch "$1" --train "$DATA"/data_batch_{1,2,3,4}.bin \
             --test "$DATA/data_batch_5.bin" --epochs 1 --batch "$3" --limit "$2" --threads 2; }
echo "cpu: $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed "s/^ //") ($(nproc) cores$(grep -qw avx512f /proc/cpuinfo && echo ", AVX-512" || echo ", no AVX-512"))"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for spec in $ARCHS; do
    IFS=: read -r arch n batch <<< "$spec"
    for r in $(seq "$ROUNDS"); do
        p=$(plugin "$arch" "$n" "$batch")
        acc=$(unzip -p "$WORK/model.zip" model.json | grep -o '"validationAccuracy" *: *[0-9.]*' | grep -o '[0-9.]*$')
        q=$(peer "$arch" "$n" "$batch"); qacc=$(grep -o 'test_acc=[0-9.]*' "$WORK/out" | cut -d= -f2)
        t=$(GLIBC_TUNABLES=$TUNED peer "$arch" "$n" "$batch")
        echo "$arch $n images batch $batch round $r: plugin (workers ${WORKERS:-0}) ${p} s (val acc $acc), peer ${q} s (acc $qacc)," \
             "tuned peer ${t} s -> ratio $(awk -v a="$q" -v b="$p" 'BEGIN{printf "%.2f", a/b}')x," \
             "vs tuned $(awk -v a="$t" -v b="$p" 'BEGIN{printf "%.2f", a/b}')x"
    done
done | tee "$WORK/rounds"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Median over the rounds of each network's ratios (peer seconds / plugin seconds).
awk '{ for (i = 1; i <= NF; i++) { if ($i == "ratio") r[$1] = r[$1] " " $(i + 1); if ($i == "tuned" && $(i - 1) == "vs") t[$1] = t[$1] " " $(i + 1) } }
     function median(list,   a, n, i, j, x) { n = split(list, a, " "); for (i = 1; i <= n; i++) { a[i] += 0 }
         for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
         return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
     END { for (k in r) printf "%s: median ratio %.2fx the plain peer, %.2fx the tuned peer\n", k, median(r[k]), median(t[k]) }' "$WORK/rounds"
