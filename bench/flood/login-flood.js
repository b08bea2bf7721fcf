// Login-flood bench: does a flood of password log-ins slow everybody else down?
//
// The real salotto-server (production Argon2id cost) on a fresh database; a "probe"
// user signed in, in a live room of their own, pings every 60 ms (within the
// 20-intents-a-second limit) and times each pong
// (the event loop that answers pings is the one that forwards every room's audio).
// Three phases, each printing the probe's ping RTT p50 / p90 / p99 / max:
//   idle       nothing else happens;
//   one-host   20 connections from 127.0.0.1, each sending 10 log-ins one after
//              another (a wrong password for a real user, and unknown handles);
//   20-hosts   the same from 20 loopback addresses (127.0.0.2-21), one connection
//              each: the per-address limit never trips, so every log-in is hashed.
// Also prints how the flood's log-ins were answered (login_failed, rate_limited, ...)
// and how long the flood took. Figures only; nothing passes or fails.
//   node bench/flood/login-flood.js [--server build/native/src/server/salotto-server]
// Needs the server built (scripts/build) and tests/e2e's node_modules (scripts/setup --test).
'use strict';
const path = require('node:path');
const { parseArgs } = require('node:util');

const root = path.resolve(__dirname, '../..');
module.paths.unshift(path.join(root, 'tests/e2e/node_modules'));
const WebSocket = require('ws');

const { values: opts } = parseArgs({
  options: {
    server: { type: 'string' },
    connections: { type: 'string', default: '20' },
    logins: { type: 'string', default: '10' },
    'idle-seconds': { type: 'string', default: '5' },
  },
});
if (opts.server) process.env.SALOTTO_SERVER = path.resolve(opts.server);
const { startServer, sleep } = require(path.join(root, 'tests/e2e/lib/server'));

const CONNECTIONS = Number(opts.connections);
const LOGINS = Number(opts.logins);
const PASSWORD = 'flood-bench-password';
const PING_INTERVAL_MS = 60;

// A minimal client: JSON out, the next message of a wanted type in.
function open(url, localAddress) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, localAddress ? { localAddress } : {});
    const inbox = [];
    let waiter = null;
    ws.on('message', (data, binary) => {
      if (binary) return;
      inbox.push(JSON.parse(data.toString('utf8')));
      if (waiter) waiter();
    });
    ws.once('error', reject);
    ws.once('open', () => resolve({
      ws,
      send: (msg) => ws.send(JSON.stringify(msg)),
      async next(types) {
        for (;;) {
          const i = inbox.findIndex((m) => types.includes(m.t));
          if (i >= 0) return inbox.splice(i, 1)[0];
          await new Promise((r) => { waiter = r; });
          waiter = null;
        }
      },
    }));
  });
}

function summary(rtts) {
  const s = [...rtts].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `pings ${s.length}, rtt p50 ${at(0.5).toFixed(2)} ms, p90 ${at(0.9).toFixed(2)}, ` +
    `p99 ${at(0.99).toFixed(2)}, max ${s[s.length - 1].toFixed(2)}`;
}

// Pings every PING_INTERVAL_MS until `until` resolves; returns the RTTs in ms.
async function probeWhile(probe, until) {
  const rtts = [];
  let done = false;
  until.then(() => { done = true; });
  while (!done) {
    const start = process.hrtime.bigint();
    probe.send({ t: 'ping' });
    await probe.next(['pong']);
    rtts.push(Number(process.hrtime.bigint() - start) / 1e6);
    await sleep(PING_INTERVAL_MS);
  }
  return rtts;
}

async function flood(url, addresses) {
  const outcomes = {};
  const started = Date.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async (_, i) => {
    const c = await open(url, addresses(i));
    c.send({ t: 'hello', v: 1, client: 'login-flood' });
    await c.next(['welcome']);
    for (let k = 0; k < LOGINS; k++) {
      const handle = k % 2 === 0 ? 'probe' : `nobody${i}_${k}`;
      c.send({ t: 'login', handle, password: 'wrong-password-' + k });
      const answer = await c.next(['session', 'error']);
      const key = answer.t === 'error' ? answer.code : answer.t;
      outcomes[key] = (outcomes[key] || 0) + 1;
    }
    c.ws.close();
  }));
  return { outcomes, seconds: (Date.now() - started) / 1000 };
}

async function main() {
  const server = await startServer('login-flood');
  try {
    const probe = await open(server.wsUrl);
    probe.send({ t: 'hello', v: 1, client: 'probe' });
    await probe.next(['welcome']);
    probe.send({ t: 'signup', invite: server.invite, handle: 'probe', name: 'Probe', password: PASSWORD });
    await probe.next(['session']);
    probe.send({ t: 'create_room', title: 'Flood watch' });
    await probe.next(['room_state']);

    const idle = await probeWhile(probe, sleep(Number(opts['idle-seconds']) * 1000));
    console.log(`idle: ${summary(idle)}`);

    for (const [name, addresses] of [
      ['one-host', () => undefined],
      ['20-hosts', (i) => `127.0.0.${2 + (i % 250)}`],
    ]) {
      const run = flood(server.wsUrl, addresses);
      const rtts = await probeWhile(probe, run);
      const { outcomes, seconds } = await run;
      console.log(`${name}: ${CONNECTIONS} connections x ${LOGINS} log-ins in ${seconds.toFixed(1)} s ` +
        `(${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}); ${summary(rtts)}`);
    }
    probe.ws.close();
  } finally {
    await server.stop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
