#!/usr/bin/env bash
# Soak on loopback: the real salotto-server pinned to CPU 0 and thousands of bots
# (bench/soak/soak.cpp, one thread) pinned to CPU 1, across many rooms, for SECONDS.
# Prints the server's memory, CPU and delivery delay every REPORT seconds (the memory
# curve), a stalled listener's fate with the others' delay before and after the stall,
# the totals, and the server's own warnings and audio counters.
#
# LAYOUT is COUNTxMEMBERS:SPEAKERS per kind of room, comma-separated; CHURNERS bots
# walk in and out of rooms besides. The default is 1,950 bots in 40 rooms plus 50
# churn bots: 2,000 connections.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TOTAL=${SECONDS_TOTAL:-600}
REPORT=${REPORT:-30}
LAYOUT=${LAYOUT:-"1x1000:1,4x150:2,35x10:2"}
CHURNERS=${CHURNERS:-50}
B=${BUILD_DIR:-build/native}
server_bin=$B/src/server/salotto-server
soak_bin=$B/bench/salotto-bench-soak
cmake --build "$B" --target salotto-server salotto-bench-soak

bots=$CHURNERS
IFS=, read -ra kinds <<<"$LAYOUT"
for kind in "${kinds[@]}"; do
    count=${kind%%x*}
    members=${kind#*x}
    members=${members%%:*}
    bots=$((bots + count * members))
done
ulimit -n "$(ulimit -Hn)"
if (($(ulimit -n) < bots + 200)); then
    echo "soak: ulimit -n is $(ulimit -n); $bots bots need more" >&2
    exit 1
fi

source bench/common/server.sh

db=$tmp/soak.db
$server_bin --db "$db" --new-invite >/dev/null
bench/common/make-users.py "$db" "$bots" "$tmp/tokens"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "server on CPU 0, $bots bots on CPU 1: rooms $LAYOUT, $CHURNERS churn bots, ${SECONDS_TOTAL} s"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
start_server taskset -c 0 "$server_bin" --db "$db" --port 0 --log-level info
status=0
timeout $((SECONDS_TOTAL + 300)) taskset -c 1 "$soak_bin" --port "$port" \
    --server-pid "$server_pid" --tokens "$tmp/tokens" --layout "$LAYOUT" \
    --churners "$CHURNERS" --seconds "$SECONDS_TOTAL" --report-seconds "$REPORT" \
    2> >(sed 's/^/    /' >&2) || status=$?
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
stop_server
echo "server warnings and errors (first 10), then its audio counters:"
grep -E "\[warning\]|\[error\]|\[critical\]" "$tmp/server.err" | head -10 | sed 's/^/    /' || true
grep -E "audio:" "$tmp/server.err" | sed 's/^/    /' || true
if ((status != 0)); then
    echo "soak: FAILED (exit $status): see the lines above"
    exit "$status"
fi
echo "soak: passed (no loss, no errors, stalled listener cut off)"
