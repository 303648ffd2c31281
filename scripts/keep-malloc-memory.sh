# Sourced by start-imagej.sh and scripts/train-default-model.sh before they start Java.
# glibc's malloc keeps freed memory for reuse instead of taking fresh pages for libnd4j's per-call
# copies (docs/performance.md#training-on-every-core): the same figures, epochs of air 1.13x-1.34x
# faster on Linux. A value already set is kept; other C libraries ignore it.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.trim_threshold=4294967295:glibc.malloc.mmap_threshold=1073741824:glibc.malloc.arena_max=1}"
