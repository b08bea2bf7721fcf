#!/usr/bin/env bash
# Forwarding capacity on loopback: the real salotto-server pinned to CPU 0, one load
# generator (one speaker + N listeners, single-threaded) pinned to CPU 1, N ramped per
# audience batch interval (`auto` is the server's default: 20 ms, longer for large
# rooms); then the bare write() ceiling for the same packet rate. Each step is bounded
# (SECONDS_PER_STEP of audio plus set-up; setup_s is how long the listeners took to
# sign in and join, plus the second of quiet awaited). Traffic stays on 127.0.0.1.
# Prints one "forwarding ..." line per step, one "ceiling ..." per N, then per batch interval the
# largest N that got every frame with p99 under 20 ms plus the audio one batch carries,
# and the server's writes per CPU-second as a share of the ceiling at the same N.
#
# Users and session tokens are written straight into a fresh temporary database
# (created by the server's own migrations via --new-invite), because signing up
# thousands of users through Argon2id would take the server minutes.
#
# BUILD_DIR (default build/native) picks the server and load generator, e.g. a build
# of another commit for a same-session comparison. TLS=1 runs the server with a
# throwaway self-signed certificate (--tls-cert/--tls-key) and the load generator's
# connections over TLS (the ceiling stays plain TCP).
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${STEPS:-"1000 2000 3000 4000 5000 6000"}
BATCHES=${BATCHES:-"0 20 40 60 auto"}
SECONDS_PER_STEP=${SECONDS_PER_STEP:-10}
FRAME_MS=${FRAME_MS:-20}
TLS=${TLS:-0}
SERVER_CPU=${SERVER_CPU:-0}
LOADGEN_CPU=${LOADGEN_CPU:-1}
B=${BUILD_DIR:-build/native}
server_bin=$B/src/server/salotto-server
loadgen=$B/bench/salotto-bench-forwarding
cmake --build "$B" --target salotto-server salotto-bench-forwarding

ulimit -n "$(ulimit -Hn)"
max=0
for n in $STEPS; do ((n > max)) && max=$n; done
if (($(ulimit -n) < max + 200)); then
    echo "forwarding: ulimit -n is $(ulimit -n); $max listeners need more" >&2
    exit 1
fi

source bench/common/server.sh

server_tls=()
loadgen_tls=()
if [[ $TLS == 1 ]]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
        -subj /CN=localhost -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
    server_tls=(--tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem")
    loadgen_tls=(--tls)
fi

db=$tmp/bench.db
$server_bin --db "$db" --new-invite >/dev/null
bench/common/make-users.py "$db" "$((max + 1))" "$tmp/tokens"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "server on CPU $SERVER_CPU, load generator on CPU $LOADGEN_CPU, ${FRAME_MS} ms frames," \
     "${SECONDS_PER_STEP} s per step, TLS=$TLS"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for batch in $BATCHES; do
    for n in $STEPS; do
        start_server taskset -c "$SERVER_CPU" "$server_bin" --db "$db" --port 0 --log-level info \
            --audience-batch-ms "$batch" "${server_tls[@]}"
        timeout $((SECONDS_PER_STEP + 90 + n / 20)) taskset -c "$LOADGEN_CPU" "$loadgen" room \
            --port "$port" --server-pid "$server_pid" --tokens "$tmp/tokens" --listeners "$n" \
            --frame-ms "$FRAME_MS" --seconds "$SECONDS_PER_STEP" "${loadgen_tls[@]}" \
            2>"$tmp/loadgen.err" |
            sed "s/^/batch_ms=$batch /; s/\$/ load=$(cut -d' ' -f1 /proc/loadavg)/" |
            tee -a "$tmp/results" ||
            { echo "(step failed)"; head -5 "$tmp/loadgen.err"; }
        stop_server
        # The server's own audio counters (printed at shutdown) and any warnings.
        grep -E "audio:|\[warning\]|\[error\]" "$tmp/server.err" | sed 's/^/    server: /' |
            head -4 || true
    done
done

# The ceiling: one write() per socket per packet (a one-frame batch as a WebSocket
# message of 20 ms at 32 kbps is about 90 bytes), writer on the server's CPU.
for n in $STEPS; do
    "$loadgen" ceiling --sockets "$n" --frame-ms "$FRAME_MS" --seconds 5 --bytes 90 \
        --writer-cpu "$SERVER_CPU" --reader-cpu "$LOADGEN_CPU" | tee -a "$tmp/results"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# Per batch interval: the largest audience per server core that got every frame with
# p99 under 20 ms plus the audio a batch carries (nothing added at batch 0), and the
# server's writes per CPU-second against the bare ceiling's at the same N.
awk '{ delete f; for (i = 2; i <= NF; ++i) { split($i, kv, "="); f[kv[1]] = kv[2] } }
     $1 == "ceiling" { ceiling[f["sockets"]] = f["writes_per_cpu_s"]; next }
     $2 == "forwarding" && f["ready"] != "" {
       split($1, kv, "="); b = kv[2]; seen[b] = 1; n = f["listeners"]
       limit = 20 + (b == "0" ? 0 : f["batch_audio_ms"])
       if (f["loss"] == "0.000%" && f["p99_ms"] + 0 < limit && n + 0 > best[b] + 0) best[b] = n
       share[b] = share[b] sprintf(" N=%d:%s", n, f["server_writes_per_cpu_s"]) }
     END {
       for (b in seen) {
         printf "best batch_ms=%s listeners=%d (zero loss, p99 < 20 ms + batch audio, one server core)\n", b, best[b] + 0
         m = split(share[b], parts, " "); line = ""
         for (i = 1; i <= m; ++i) { split(parts[i], nv, ":"); n = substr(nv[1], 3)
           if (ceiling[n] > 0) line = line sprintf(" N=%s %.0f%%", n, 100 * nv[2] / ceiling[n]) }
         printf "writes per CPU-s vs ceiling batch_ms=%s:%s\n", b, line } }' "$tmp/results"
