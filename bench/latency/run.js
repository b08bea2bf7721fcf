// Audio latency bench (bench/latency/README.md): sample in the speaker's capture
// worklet -> the same sample out of the listener's playback worklet, through the real
// server on loopback, measured on one AudioContext's sample clock. Runs the listener
// in the audience (batched forwarding) and then on stage (immediate forwarding).
//   node bench/latency/run.js [seconds per phase, default 30]
// Needs scripts/build (build/www, the server) and tests/e2e's node_modules.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
// The product's web root plus the bench page, served by the real server (the e2e
// helpers read SALOTTO_WWW when loaded).
const www = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-latency-www-'));
process.env.SALOTTO_WWW = www;
module.paths.unshift(path.join(root, 'tests/e2e/node_modules'));
const { chromium } = require('playwright-core');
const { startServer, sleep } = require(path.join(root, 'tests/e2e/lib/server'));
const { RawClient } = require(path.join(root, 'tests/e2e/lib/wsclient'));
const { CHROMIUM_ARGS } = require(path.join(root, 'tests/e2e/lib/browser'));

const SECONDS = Number(process.argv[2] || 30);
const RATE = 48000;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
const mean = (v) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);

// Pairs each detected onset with the burst it came from: the latest emitted before it.
function latencies(log) {
  const out = [];
  let e = 0;
  for (const d of log.detected) {
    while (e + 1 < log.emitted.length && log.emitted[e + 1] <= d) e++;
    if (log.emitted[e] <= d) out.push(((d - log.emitted[e]) / RATE) * 1000);
  }
  return out.sort((a, b) => a - b);
}

async function main() {
  for (const f of fs.readdirSync(path.join(root, 'build/www'))) fs.copyFileSync(path.join(root, 'build/www', f), path.join(www, f));
  for (const f of ['bench.html', 'bench-worklets.js']) fs.copyFileSync(path.join(__dirname, f), path.join(www, f));
  const server = await startServer('latency');
  const browserDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-latency-chromium-'));
  let context;
  try {
    const a = await RawClient.connect(server.wsUrl, 'A');
    await a.hello();
    a.send({ t: 'signup', invite: server.invite, handle: 'benchspeaker', name: 'Bench Speaker', password: 'latency-bench-2026' });
    const sa = await a.take((m) => m.t === 'session', 'A session');
    a.send({ t: 'create_invite' });
    const invite = await a.take((m) => m.t === 'invite', 'an invite');
    const b = await RawClient.connect(server.wsUrl, 'B');
    await b.hello();
    b.send({ t: 'signup', invite: invite.code, handle: 'benchlistener', name: 'Bench Listener', password: 'latency-bench-2026' });
    const sb = await b.take((m) => m.t === 'session', 'B session');
    a.send({ t: 'create_room', title: 'Latency bench' });
    const room = await a.take((m) => m.t === 'room_state', 'room_state');
    b.send({ t: 'join_room', room: room.room.id });
    await b.take((m) => m.t === 'room_state', 'B room_state');

    context = await chromium.launchPersistentContext(browserDir, {
      executablePath: '/usr/bin/chromium', headless: true,
      // SALOTTO_BENCH_CHROMIUM_ARGS adds switches, e.g. --audio-buffer-size=128 to try
      // a smaller output buffer than the headless fake device's default.
      args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required',
        ...(process.env.SALOTTO_BENCH_CHROMIUM_ARGS || '').split(' ').filter(Boolean)],
    });
    const page = context.pages()[0] || (await context.newPage());
    await page.goto(`${server.url}bench.html`);
    const info = await page.evaluate(([ta, tb]) => setUp(ta, tb), [sa.token, sb.token]);
    console.log(`latency: AudioContext ${info.sampleRate} Hz, baseLatency ${(info.baseLatency * 1000).toFixed(1)} ms, ` +
      `outputLatency ${(info.outputLatency * 1000).toFixed(1)} ms (device side, not in the figures below)`);

    for (const phase of ['audience', 'stage']) {
      if (phase === 'stage') {
        a.send({ t: 'invite_speaker', user: sb.user.id });
        await sleep(500);
      }
      await sleep(3000); // the jitter buffer settles
      await page.evaluate(() => reset());
      await sleep(SECONDS * 1000);
      const log = await page.evaluate(() => collect());
      const lat = latencies(log);
      const emitted = log.emitted.length;
      console.log(`latency (${phase}): ${lat.length}/${emitted} bursts, capture-worklet in -> playback-worklet out ` +
        `p50 ${percentile(lat, 0.5).toFixed(1)} ms, p99 ${percentile(lat, 0.99).toFixed(1)} ms, ` +
        `min ${lat[0].toFixed(1)}, max ${lat[lat.length - 1].toFixed(1)}, mean ${mean(lat).toFixed(1)}`);
      console.log(`latency (${phase}): jitter buffer depth mean ${mean(log.depth).toFixed(1)} ms, target mean ` +
        `${mean(log.target).toFixed(1)} ms, measured jitter mean ${mean(log.jitter).toFixed(1)} ms, ` +
        `audio socket rtt mean ${mean(log.rtt).toFixed(1)} ms, concealed ${log.concealed} frames so far`);
    }
    a.ws.close();
    b.ws.close();
  } finally {
    if (context) await context.close();
    await server.stop();
    fs.rmSync(www, { recursive: true, force: true });
    fs.rmSync(browserDir, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
