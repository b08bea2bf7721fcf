#!/usr/bin/env bash
# Opus encode/decode cost, native vs WASM under Node, in one run: prints every variant's
# ms/frame and its ratio to native. Expects build/native and build/wasm to be built
# (bench/run-all.sh builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
out=$(mktemp); trap 'rm -f "$out"' EXIT
./build/native/bench/salotto-bench-codec | tee "$out"
for v in o3 simd lto; do
    node --no-experimental-fetch "build/wasm/bench/salotto-bench-codec-$v.js" | tee -a "$out"
done
awk '
  { for (i = 3; i <= NF; ++i) { split($i, kv, "="); f[kv[1]] = kv[2] }
    key = f["frame_ms"]
    if ($2 == "native") { enc[key] = f["encode_ms"]; dec[key] = f["decode_ms"]; next }
    printf "ratio %-22s frame_ms=%s encode %.2fx decode %.2fx (WASM/native)\n",
           $2, key, f["encode_ms"] / enc[key], f["decode_ms"] / dec[key] }' "$out"
