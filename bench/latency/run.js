// Audio latency bench (bench/latency/README.md): sample in the speaker's capture
// worklet -> the same sample out of the listener's playback worklet, through the real
// server on loopback, measured on one AudioContext's sample clock. Runs the listener
// in the audience (batched forwarding) and then on stage (immediate forwarding).
//   node bench/latency/run.js [seconds per phase, default 30] [rigs, default fake,pulse,pulse:128]
// A rig is how headless Chromium's audio output is clocked: "fake" is its own fake
// output device (no audio server: 10 ms render callbacks); "pulse" and "pulse:N" are
// a private PulseAudio daemon with a 48 kHz null sink, as on a Linux desktop, with
// Chromium's default output buffer or --audio-buffer-size=N.
// Needs scripts/build (build/www, the server) and tests/e2e's node_modules; the pulse
// rigs need the Debian package pulseaudio (installed here when missing and root).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
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
const RIGS = (process.argv[3] || 'fake,pulse,pulse:128').split(',').filter(Boolean);
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

// A private PulseAudio daemon with a 48 kHz null sink, reachable only through its
// own socket (other Chromium instances on the machine never see it); Chromium's
// Pulse backend then clocks rendering like a desktop's sound server does.
async function startPulse() {
  if (spawnSync('pulseaudio', ['--version']).error) {
    if (process.getuid && process.getuid() === 0) {
      console.log('latency: installing the Debian package pulseaudio for the pulse rigs');
      const apt = (args) => spawnSync('apt-get', args,
        { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status;
      if (apt(['update']) !== 0 || apt(['install', '-y', '--no-install-recommends', 'pulseaudio']) !== 0) {
        throw new Error('apt-get install pulseaudio failed');
      }
    } else {
      throw new Error('the pulse rigs need the Debian package pulseaudio');
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-latency-pulse-'));
  fs.mkdirSync(path.join(dir, 'pulse'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'pulse', 'daemon.conf'),
    'default-sample-rate = 48000\nalternate-sample-rate = 48000\n');
  const socket = path.join(dir, 'native');
  const env = { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, XDG_CONFIG_HOME: dir, PULSE_RUNTIME_PATH: dir };
  const proc = spawn('pulseaudio', ['-n', '--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no',
    '--log-target=stderr', '-L', 'module-null-sink sink_name=salotto_bench rate=48000 channels=2',
    '-L', `module-native-protocol-unix socket=${socket} auth-anonymous=1`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  for (let i = 0; i < 100 && !fs.existsSync(socket); i++) await sleep(50);
  if (!fs.existsSync(socket)) {
    proc.kill();
    throw new Error(`pulseaudio did not start:\n${log}`);
  }
  return {
    server: `unix:${socket}`,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        proc.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Signs up a speaker and a listener (the speaker invites the listener), makes the
// speaker create a room and the listener join it. Returns the users and an invite
// for the next rig's speaker.
async function setUpRoom(server, invite, n) {
  const a = await RawClient.connect(server.wsUrl, `A${n}`);
  await a.hello();
  a.send({ t: 'signup', invite, handle: `benchspeaker${n}`, name: 'Bench Speaker', password: 'latency-bench-2026' });
  const sa = await a.take((m) => m.t === 'session', 'A session');
  a.send({ t: 'create_invite' });
  const forB = await a.take((m) => m.t === 'invite', 'an invite');
  a.send({ t: 'create_invite' });
  const next = await a.take((m) => m.t === 'invite', 'an invite');
  const b = await RawClient.connect(server.wsUrl, `B${n}`);
  await b.hello();
  b.send({ t: 'signup', invite: forB.code, handle: `benchlistener${n}`, name: 'Bench Listener', password: 'latency-bench-2026' });
  const sb = await b.take((m) => m.t === 'session', 'B session');
  a.send({ t: 'create_room', title: 'Latency bench' });
  const room = await a.take((m) => m.t === 'room_state', 'room_state');
  b.send({ t: 'join_room', room: room.room.id });
  await b.take((m) => m.t === 'room_state', 'B room_state');
  return { a, b, sa, sb, next: next.code };
}

async function measureRig(server, rig, room) {
  const [kind, bufferSize] = rig.split(':');
  if (kind !== 'fake' && kind !== 'pulse') throw new Error(`unknown rig ${rig} (fake, pulse, pulse:N)`);
  const pulse = kind === 'pulse' ? await startPulse() : null;
  const browserDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-latency-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(browserDir, {
      executablePath: '/usr/bin/chromium', headless: true,
      // Playwright mutes audio by default; a muted tab may render to a fake stream.
      ignoreDefaultArgs: ['--mute-audio'],
      // Without an audio server Chromium renders through its fake output device; with
      // PULSE_SERVER it uses its Pulse backend. SALOTTO_BENCH_CHROMIUM_ARGS adds switches.
      env: pulse ? { ...process.env, PULSE_SERVER: pulse.server } : { ...process.env, PULSE_SERVER: 'unix:/nonexistent' },
      args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required',
        ...(bufferSize ? [`--audio-buffer-size=${bufferSize}`] : []),
        ...(process.env.SALOTTO_BENCH_CHROMIUM_ARGS || '').split(' ').filter(Boolean)],
    });
    const page = context.pages()[0] || (await context.newPage());
    await page.goto(`${server.url}bench.html`);
    const info = await page.evaluate(([ta, tb]) => setUp(ta, tb), [room.sa.token, room.sb.token]);
    console.log(`latency [${rig}]: AudioContext ${info.sampleRate} Hz, baseLatency ${(info.baseLatency * 1000).toFixed(1)} ms ` +
      `(the render callback), outputLatency ${(info.outputLatency * 1000).toFixed(1)} ms (device side, not in the figures below)`);
    for (const phase of ['audience', 'stage']) {
      if (phase === 'stage') {
        room.a.send({ t: 'invite_speaker', user: room.sb.user.id });
        await sleep(500);
      }
      await sleep(3000); // the jitter buffer settles
      await page.evaluate(() => reset());
      await sleep(SECONDS * 1000);
      const log = await page.evaluate(() => collect());
      const lat = latencies(log);
      const emitted = log.emitted.length;
      if (pulse) {
        // Proof that Chromium played into the private daemon, not a fake device.
        const inputs = spawnSync('pactl', ['list', 'short', 'sink-inputs'],
          { env: { ...process.env, PULSE_SERVER: pulse.server }, encoding: 'utf8' }).stdout.trim();
        console.log(`latency [${rig}] (${phase}): PulseAudio sink inputs playing: ${inputs ? inputs.split('\n').length : 0}`);
      }
      const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
      if (lat.length === 0) {
        console.log(`latency [${rig}] (${phase}): no burst came through (${emitted} sent)`);
        continue;
      }
      console.log(`latency [${rig}] (${phase}): ${lat.length}/${emitted} bursts, capture-worklet in -> playback-worklet out ` +
        `p50 ${percentile(lat, 0.5).toFixed(1)} ms, p99 ${percentile(lat, 0.99).toFixed(1)} ms, ` +
        `min ${lat[0].toFixed(1)}, max ${lat[lat.length - 1].toFixed(1)}, mean ${mean(lat).toFixed(1)}; load average ${load}`);
      console.log(`latency [${rig}] (${phase}): jitter buffer depth mean ${mean(log.depth).toFixed(1)} ms, target mean ` +
        `${mean(log.target).toFixed(1)} ms, measured jitter mean ${mean(log.jitter).toFixed(1)} ms, ` +
        `audio socket rtt mean ${mean(log.rtt).toFixed(1)} ms, concealed ${log.concealed} frames so far`);
    }
  } finally {
    if (context) await context.close();
    if (pulse) await pulse.stop();
    fs.rmSync(browserDir, { recursive: true, force: true });
  }
}

async function main() {
  for (const f of fs.readdirSync(path.join(root, 'build/www'))) fs.copyFileSync(path.join(root, 'build/www', f), path.join(www, f));
  for (const f of ['bench.html', 'bench.js', 'bench-worklets.js']) fs.copyFileSync(path.join(__dirname, f), path.join(www, f));
  const server = await startServer('latency');
  try {
    let invite = server.invite;
    for (const [n, rig] of RIGS.entries()) {
      const room = await setUpRoom(server, invite, n);
      invite = room.next;
      try {
        await measureRig(server, rig, room);
      } finally {
        room.a.ws.close();
        room.b.ws.close();
      }
    }
  } finally {
    await server.stop();
    fs.rmSync(www, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
