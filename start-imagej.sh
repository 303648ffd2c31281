#!/usr/bin/env bash
# Builds the plugin and starts ImageJ 1.54p with it (target/imagej). Without a display (or on CI)
# it runs macros/demo.ijm in ImageJ under xvfb instead and writes its outputs to the folder given
# as first argument (default: target/demo-output). With the default output folder in a clone it also
# copies the README's pictures the demo makes (docs-images/*.png) to docs/images/.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests package
IJ_HOME="$PWD/target/imagej"
source scripts/keep-malloc-memory.sh # glibc's malloc keeps freed memory: training 1.13x-1.34x faster
if [ -n "${DISPLAY:-}" ] && [ -z "${CI:-}" ]; then
  exec java -Xmx8g -jar "$IJ_HOME/ij.jar" -ijpath "$IJ_HOME"
fi
if ! command -v xvfb-run >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xauth >/dev/null
fi
OUT="$(realpath -m "${1:-target/demo-output}")"
mkdir -p "$OUT"
xvfb-run -a java -Xmx8g -jar "$IJ_HOME/ij.jar" -ijpath "$IJ_HOME" -batch "$PWD/macros/demo.ijm" "$OUT"
echo "Demo outputs in $OUT:"
ls -1 "$OUT"
# From a clone with the default output folder, the README's pictures are refreshed from the demo.
if [ -z "${1:-}" ] && [ -e .git ] && ls "$OUT"/docs-images/*.png >/dev/null 2>&1; then
  mkdir -p docs/images
  cp "$OUT"/docs-images/*.png docs/images/
  echo "README pictures copied to docs/images/:"
  ls -1 docs/images
fi
