#!/usr/bin/env bash
# What one SQLite commit costs on this machine's disk in the server's journal mode
# (WAL) with synchronous=NORMAL (the server's setting: no fsync at commit) and FULL
# (an fsync of the WAL at every commit, which survives power loss). Each mode runs
# COMMITS single-row autocommit inserts (default 500) in one sqlite3 process, in a
# fresh database in DIR (default: a temporary folder; point it at the disk the
# server's database lives on). Prints microseconds per commit. Needs the sqlite3 CLI.
set -euo pipefail
commits=${COMMITS:-500}
dir=${DIR:-$(mktemp -d)}
trap 'rm -f "$dir"/salotto-sync-*.db*' EXIT
df -T "$dir" | tail -1 | awk '{print "filesystem: " $2 " on " $1}'
for mode in NORMAL FULL; do
    db="$dir/salotto-sync-$mode.db"
    sqlite3 "$db" "PRAGMA journal_mode=WAL; CREATE TABLE t(x TEXT);" >/dev/null
    sql=$( echo "PRAGMA synchronous=$mode;"
           for ((i = 1; i <= commits; ++i)); do echo "INSERT INTO t VALUES('row $i');"; done )
    start=$(date +%s%N)
    sqlite3 "$db" <<<"$sql"
    end=$(date +%s%N)
    echo "synchronous=$mode: $(( (end - start) / commits / 1000 )) us per commit ($commits commits)"
done
