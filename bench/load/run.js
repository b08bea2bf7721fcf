// Page load benchmark: how long a signed-in visitor waits for the hallway, from the
// moment the page starts loading (performance.timeOrigin) to the first frame drawn
// after the client shows the hallway, with the real server on loopback and headless
// Chromium (software WebGL); cold (a browser profile that never saw the site) and warm
// (the same profile loading the page again), and the bytes each load takes off the
// network (compressed, headers included, as Chromium counts them).
//
//   node bench/load/run.js [runs, default 5]
//
// Needs scripts/build (build/www, the server) and tests/e2e's node_modules.
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
module.paths.unshift(path.join(root, 'tests/e2e/node_modules'));
const { startServer } = require(path.join(root, 'tests/e2e/lib/server'));
const { RawClient } = require(path.join(root, 'tests/e2e/lib/wsclient'));
const { Client } = require(path.join(root, 'tests/e2e/lib/browser'));

const RUNS = Number(process.argv[2] || 5);

// Runs in the page: notes performance.now() at the first animation frame after the
// one in which the client's state first says "hallway" (the client draws in its own
// animation frame callback, so the hallway is on screen by then).
function recordHallway() {
  const tick = () => {
    try {
      let s = window.salotto && window.salotto.state();
      if (typeof s === 'string') s = JSON.parse(s);
      if (s && s.screen === 'hallway') {
        requestAnimationFrame(() => { window.__hallwayDrawnMs = performance.now(); });
        return;
      }
    } catch { /* the client is not up yet */ }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

// Loads `url` in the client's page; returns {ms, bytes, requests, fromCache}.
async function load(client, url) {
  const cdp = await client.context.newCDPSession(client.page);
  await cdp.send('Network.enable');
  let bytes = 0, requests = 0, fromCache = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; requests++; });
  cdp.on('Network.requestServedFromCache', () => { fromCache++; });
  await client.page.goto(url, { waitUntil: 'load' });
  await client.page.waitForFunction(() => typeof window.__hallwayDrawnMs === 'number', null,
    { timeout: 60000, polling: 50 });
  const ms = await client.page.evaluate(() => window.__hallwayDrawnMs);
  await cdp.detach();
  return { ms, bytes, requests, fromCache };
}

const median = (v) => v.slice().sort((a, b) => a - b)[v.length >> 1];

async function main() {
  const server = await startServer('load-bench');
  const clients = [];
  try {
    const raw = await RawClient.connect(server.wsUrl, 'setup');
    await raw.hello();
    const session = await raw.signIn({ t: 'signup', invite: server.invite, handle: 'visitor',
      name: 'Visitor', password: 'load-bench-password' });
    raw.close();

    const cold = [], warm = [];
    for (let run = 1; run <= RUNS; run++) {
      const client = await Client.launchSignedIn(`load-${run}`, session.token);
      clients.push(client);
      await client.page.addInitScript(recordHallway);
      const first = await load(client, server.url);
      const again = await load(client, server.url);
      cold.push(first);
      warm.push(again);
      console.log(`load run ${run}: cold ${first.ms.toFixed(0)} ms, ${first.bytes} bytes in ` +
        `${first.requests} responses; warm ${again.ms.toFixed(0)} ms, ${again.bytes} bytes in ` +
        `${again.requests} responses (${again.fromCache} from the cache)`);
      await client.close();
      clients.pop();
    }
    console.log(`load median of ${RUNS}: cold ${median(cold.map((r) => r.ms)).toFixed(0)} ms ` +
      `(budget 1000), warm ${median(warm.map((r) => r.ms)).toFixed(0)} ms (budget 300); ` +
      `first screen ${median(cold.map((r) => r.bytes))} bytes off the network cold ` +
      `(budget 380 KB = 389,120), ${median(warm.map((r) => r.bytes))} warm`);
  } finally {
    for (const c of clients) await c.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
