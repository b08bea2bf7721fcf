#!/usr/bin/env bash
# Builds and runs every benchmark (codec native vs WASM, jitter buffer, search, the
# per-user hallway, reactions in a big room, recording a room, forwarding capacity, login flood, page
# load, a 10-minute soak, mouth-to-ear through virtual devices).
# Prints figures; passes or fails nothing. Not part of the tests.
# Needs the WASM build configured (scripts/build) and 2 free cores for forwarding.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
cmake -S . -B build/native >/dev/null
cmake --build build/native -j2 --target salotto-server salotto-bench-codec \
    salotto-bench-jitter salotto-bench-forwarding salotto-bench-soak salotto-bench-search \
    salotto-bench-hallway salotto-bench-reactions salotto-bench-recording
cmake --build build/wasm -j2 --target salotto-bench-codec-wasm salotto-bench-codec-wasm-plain

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== codec"
bench/codec.sh
echo "== jitter"
build/native/bench/salotto-bench-jitter "${JITTER_SEED:-42}"
echo "== search"
build/native/bench/salotto-bench-search
echo "== hallway (1,000 follows x 1,000 live rooms)"
build/native/bench/salotto-bench-hallway --rooms 1000 --following 1000 --runs 500
echo "== reactions (1,000 listeners reacting once a second)"
build/native/bench/salotto-bench-reactions --listeners 1000 --seconds 10
echo "== recording (a 2-speaker room)"
build/native/bench/salotto-bench-recording --seconds 60
echo "== forwarding"
bench/forwarding.sh
echo "== login flood"
node bench/flood/login-flood.js
echo "== page load"
node bench/load/run.js
echo "== soak (10 minutes)"
bench/soak.sh
echo "== mouth-to-ear through virtual devices (needs build/www from scripts/build)"; node bench/acoustic/run.js
