#!/usr/bin/python3
"""Writes COUNT users with one session each straight into a Salotto database (made by
the server's own migrations, e.g. with --new-invite) and their session tokens, one a
line, into OUT. The load generators sign in with these tokens (`resume`): signing up
thousands of users through Argon2id would keep the server busy for minutes.

usage: make-users.py DB COUNT OUT
"""
import hashlib
import secrets
import sqlite3
import sys
import time

db, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
con = sqlite3.connect(db)
now = int(time.time())
tokens = []
with con:
    for i in range(count):
        cur = con.execute(
            "INSERT INTO users (handle, name, password_hash, created_at) VALUES (?, ?, ?, ?)",
            (f"bench{i}", f"Bench {i}", "unused", now))
        token = secrets.token_urlsafe(32)
        # The server keeps only a BLAKE2b hash of each token (src/server/auth/secrets.cpp).
        con.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)",
                    (hashlib.blake2b(token.encode(), digest_size=32).digest(), cur.lastrowid,
                     now, now))
        tokens.append(token)
with open(out, "w") as f:
    f.write("\n".join(tokens) + "\n")
