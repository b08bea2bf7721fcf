# Sourced by the shell benchmarks: a temporary folder, $tmp, removed on exit together
# with the server that start_server started.
tmp=$(mktemp -d)
server_pid=""
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# start_server COMMAND...: runs the server command (e.g. taskset -c 0 salotto-server
# --port 0 ...) in the background with its output in $tmp/server.out and .err, waits
# until it listens, and sets server_pid and port.
start_server() {
    "$@" >"$tmp/server.out" 2>"$tmp/server.err" &
    server_pid=$!
    for _ in $(seq 400); do  # a busy machine may take seconds
        grep -qs "listening on" "$tmp/server.out" && break
        sleep 0.05
    done
    port=$(sed -n 's#.*:\([0-9]*\)/$#\1#p' "$tmp/server.out")
}

stop_server() {
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}
