// Crash safety: `kill -9` of the real salotto-server in the middle of a burst of
// writes loses no row the server acknowledged and leaves a sound database.
//
// Each round starts the server on the same database file, runs a burst of sign-ups,
// invites and room creations over several WebSockets (each new user creates three
// invites, which the next sign-ups use), records every write whose acknowledgement
// arrived (`session` for a sign-up, `invite`, `room_state` for a new room), and
// SIGKILLs the server at a different moment of the burst. Each round starts with at
// least BOOTSTRAP_INVITES unused codes: sign-ups in flight at a kill take theirs
// along, so on a slow machine a round can end with fewer than it began with. Then the
// sqlite3 CLI opens the file as the next server start would: PRAGMA
// integrity_check must say ok, foreign_key_check must find nothing, and every
// acknowledged handle, invite code and room id must be there. The last step starts
// the server once more on the crashed file and signs in as an acknowledged user.
//
// Why acknowledged rows survive (docs/security.md, "Crash safety"): the server
// answers only after SQLite's COMMIT has returned, and in WAL mode COMMIT has
// written the transaction to the -wal file with write() before it returns. A killed
// process loses nothing the kernel already holds; the next open replays the WAL.
// With synchronous=NORMAL the WAL is not fsynced at each commit, so an OS crash or
// power loss may roll back the last commits (never corrupting the file); that needs
// synchronous=FULL, which this test cannot show (it would need to cut the power).
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, sleep } = require('./lib/server');
const { RawClient } = require('./lib/wsclient');
const { paths } = require('./lib/paths');

const PASSWORD = 'crash-safety-password-1';
const WORKERS = 6;
const BOOTSTRAP_INVITES = 12;
// When each round's SIGKILL comes, in ms after the round's first acknowledged
// sign-up (so that every round has written something, however slow the machine).
const KILL_AFTER_MS = [0, 150, 600, 1500];
const FIRST_ACK_MS = 20000;

function sqlite(db, sql) {
  const r = spawnSync('sqlite3', ['-batch', db], { input: sql, encoding: 'utf8' });
  if (r.error) throw new Error(`sqlite3 could not run (scripts/setup --test installs it): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function quote(text) {
  return `'${String(text).replace(/'/g, "''")}'`;
}

// Rows that must exist; returns one line per missing one.
function missingRows(db, acked) {
  const values = (list) => list.map((v) => `(${quote(v)})`).join(',');
  let sql = 'CREATE TEMP TABLE want_users(v TEXT); CREATE TEMP TABLE want_invites(v TEXT); CREATE TEMP TABLE want_rooms(v TEXT);\n';
  if (acked.users.length) sql += `INSERT INTO want_users VALUES ${values(acked.users)};\n`;
  if (acked.invites.length) sql += `INSERT INTO want_invites VALUES ${values(acked.invites)};\n`;
  if (acked.rooms.length) sql += `INSERT INTO want_rooms VALUES ${values(acked.rooms)};\n`;
  sql += "SELECT 'user ' || v FROM want_users WHERE v NOT IN (SELECT handle FROM users);\n";
  sql += "SELECT 'invite ' || v FROM want_invites WHERE v NOT IN (SELECT code FROM invites);\n";
  sql += "SELECT 'room ' || v FROM want_rooms WHERE v NOT IN (SELECT id FROM rooms);\n";
  return sqlite(db, sql).split('\n').filter(Boolean);
}

describe('crash safety: kill -9 during a burst of writes', { timeout: 240000 }, () => {
  let dir;
  let db;
  const acked = { users: [], invites: [], rooms: [] };
  const pool = [];   // unused invite codes the burst signs up with
  let serial = 0;

  // Fills the pool up to BOOTSTRAP_INVITES codes with the server's CLI (server stopped).
  function topUpInvites() {
    while (pool.length < BOOTSTRAP_INVITES) {
      const r = spawnSync(paths.server, ['--db', db, '--new-invite'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      pool.push(r.stdout.trim());
    }
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-crash-'));
    db = path.join(dir, 'salotto.db');
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // One worker: sign up with an invite from the pool, create three invites (back to
  // the pool) and a room, on a fresh connection each time, until the first failure
  // (the kill). An invite whose sign-up was never sent goes back to the pool.
  async function worker(server, round, id, alive, onAck) {
    while (alive.value) {
      const invite = pool.shift();
      if (!invite) { await sleep(10); continue; }
      let c;
      let sent = false;
      try {
        c = await RawClient.connect(server.wsUrl, `r${round}w${id}`);
        c.send({ t: 'hello', v: 1, client: 'crash-safety test' });
        await c.take((m) => m.t === 'welcome', 'welcome');
        const handle = `crash${round}_${id}_${serial++}`;
        c.send({ t: 'signup', invite, handle, name: `Crash ${handle}`, password: PASSWORD });
        sent = true;
        const signed = await c.take((m) => m.t === 'session' || m.t === 'error', 'session');
        if (signed.t !== 'session') continue;
        acked.users.push(handle);
        onAck();
        for (let i = 0; i < 3; i++) {
          c.send({ t: 'create_invite' });
          const m = await c.take((x) => x.t === 'invite' || x.t === 'error', 'invite');
          if (m.t === 'invite') { acked.invites.push(m.code); pool.push(m.code); }
        }
        c.send({ t: 'create_room', title: `Room of ${handle}` });
        const room = await c.take((m) => m.t === 'room_state' || m.t === 'error', 'room_state');
        if (room.t === 'room_state') acked.rooms.push(room.room.id);
      } catch {
        // The server was killed: this worker's burst is over.
        if (!sent) pool.unshift(invite);
        return;
      } finally {
        if (c) c.close();
      }
    }
  }

  for (const [round, killAfter] of KILL_AFTER_MS.entries()) {
    it(`round ${round + 1}: SIGKILL ${killAfter} ms after the first sign-up loses no acknowledged row`, async (t) => {
      const before = { users: acked.users.length, invites: acked.invites.length, rooms: acked.rooms.length };
      topUpInvites();
      const server = await startServer(`crash-${round + 1}`, { db });
      const alive = { value: true };
      let firstAck;
      const acknowledged = new Promise((resolve) => { firstAck = resolve; });
      const workers = Array.from({ length: WORKERS }, (_, i) => worker(server, round, i, alive, firstAck));
      let timer;
      const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), FIRST_ACK_MS); });
      const first = await Promise.race([acknowledged, timedOut]);
      clearTimeout(timer);
      if (first !== 'timeout') await sleep(killAfter);
      await server.kill();
      alive.value = false;
      await Promise.all(workers);

      const added = {
        users: acked.users.length - before.users,
        invites: acked.invites.length - before.invites,
        rooms: acked.rooms.length - before.rooms,
      };
      t.diagnostic(`acknowledged before the kill: ${added.users} sign-ups, ${added.invites} invites, ${added.rooms} rooms`);
      assert.ok(added.users > 0, `no sign-up acknowledged within ${FIRST_ACK_MS} ms; the test would prove nothing. Server output:\n${server.tail()}`);

      assert.equal(sqlite(db, 'PRAGMA integrity_check;').trim(), 'ok');
      assert.equal(sqlite(db, 'PRAGMA foreign_key_check;').trim(), '');
      const missing = missingRows(db, acked);
      assert.deepEqual(missing, [], `acknowledged rows missing after kill -9:\n${missing.join('\n')}`);
    });
  }

  it('the server starts on the crashed database and an acknowledged user signs in', async () => {
    assert.ok(acked.users.length > 0, 'no acknowledged user to sign in with');
    const server = await startServer('crash-after', { db });
    try {
      const c = await RawClient.connect(server.wsUrl, 'after');
      c.send({ t: 'hello', v: 1, client: 'crash-safety test' });
      await c.take((m) => m.t === 'welcome', 'welcome');
      const handle = acked.users[acked.users.length - 1];
      c.send({ t: 'login', handle, password: PASSWORD });
      const m = await c.take((x) => x.t === 'session' || x.t === 'error', 'session');
      assert.equal(m.t, 'session', JSON.stringify(m));
      assert.equal(m.user.handle, handle);
      c.close();
    } finally {
      await server.stop();
    }
  });
});
