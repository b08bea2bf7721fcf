#!/usr/bin/env bash
# Opus encode/decode cost, native vs WASM under Node, in one run: runs native, WASM
# (the product's Opus) and WASM with Opus built without intrinsics in turn, RUNS times
# (default 3), keeps each variant's least time per frame (wall-clock and CPU) and prints
# its ratio to native, and whether its packets are bit-identical to native's. Expects
# build/native and build/wasm to be configured (scripts/build); builds the three.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
cmake --build build/native --target salotto-bench-codec
cmake --build build/wasm --target salotto-bench-codec-wasm salotto-bench-codec-wasm-plain
runs=${RUNS:-3}
out=$(mktemp); trap 'rm -f "$out"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((run = 1; run <= runs; ++run)); do
    ./build/native/bench/salotto-bench-codec | tee -a "$out"
    for v in wasm wasm-plain; do
        node --no-experimental-fetch "build/wasm/bench/salotto-bench-codec-$v.js" | tee -a "$out"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
  function least(name, value) { if (!(name in best) || value < best[name]) best[name] = value }
  { delete f
    for (i = 3; i <= NF; ++i) { split($i, kv, "="); f[kv[1]] = kv[2] }
    key = $2 " " f["frame_ms"]
    if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    for (m in f) if (m ~ /_ms$/ && m != "frame_ms") least(key SUBSEP m, f[m])
    hash[key] = f["packet_hash"]; snr[key] = f["snr_db"] }
  END {
    for (k = 1; k <= n; ++k) {
      split(order[k], part, " "); variant = part[1]; frame = part[2]
      base = "native " frame
      printf "best %-16s frame_ms=%-2s encode %.4f (cpu %.4f) decode %.4f (cpu %.4f) ms snr_db=%s\n",
             variant, frame, best[order[k], "encode_ms"], best[order[k], "encode_cpu_ms"],
             best[order[k], "decode_ms"], best[order[k], "decode_cpu_ms"], snr[order[k]]
      if (variant == "native") continue
      printf "ratio %-15s frame_ms=%-2s encode %.2fx (cpu %.2fx) decode %.2fx (cpu %.2fx) packets %s native\n",
             variant, frame,
             best[order[k], "encode_ms"] / best[base, "encode_ms"],
             best[order[k], "encode_cpu_ms"] / best[base, "encode_cpu_ms"],
             best[order[k], "decode_ms"] / best[base, "decode_ms"],
             best[order[k], "decode_cpu_ms"] / best[base, "decode_cpu_ms"],
             hash[order[k]] == hash[base] ? "identical to" : "differ from"
    } }' "$out"
