#!/usr/bin/env bash
# Memory per idle connection: starts the real salotto-server on a fresh temporary
# database, opens CONNECTIONS signed-out WebSocket connections that each send `hello`
# and one text frame of FRAME_BYTES (default 16384, the largest the server accepts;
# it answers `bad_json`) and then stay idle; then CONNECTIONS more. Prints the server's
# RSS before and after each round and its growth per connection: the second round's
# is what one more idle connection costs (the first also holds what the allocator
# keeps from the busiest moment, 64 connections mid-way through a large frame).
# Kernel socket buffers are not part of a process's RSS.
#
# BUILD_DIR (default build/native) picks the server and load generator; TLS=1 serves
# TLS with a throwaway self-signed certificate and connects with TLS.
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${CONNECTIONS:-1000}
FRAME_BYTES=${FRAME_BYTES:-16384}
TLS=${TLS:-0}
B=${BUILD_DIR:-build/native}
cmake --build "$B" --target salotto-server salotto-bench-forwarding
ulimit -n "$(ulimit -Hn)"

source bench/common/server.sh

server_args=(--db "$tmp/idle.db" --port 0 --log-level warn)
client_args=()
if [[ $TLS == 1 ]]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
        -subj /CN=localhost -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
    server_args+=(--tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem")
    client_args+=(--tls)
fi
start_server "$B/src/server/salotto-server" "${server_args[@]}"
sleep 0.5  # let the server finish starting before the first RSS reading
"$B/bench/salotto-bench-forwarding" idle --port "$port" --server-pid "$server_pid" \
    --connections "$CONNECTIONS" --frame-bytes "$FRAME_BYTES" "${client_args[@]}"
