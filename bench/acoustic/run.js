// Acoustic mouth-to-ear bench (bench/acoustic/README.md): clicks played into A's
// virtual microphone, B's virtual speaker recorded in the same stereo file as the
// clicks, through one private PulseAudio daemon and headless Chromium. In one run it
// measures the rig itself, a plain WebRTC call, the page floor (microphone straight
// to the speaker) and Salotto (B in the audience and on stage, pages visible and
// hidden), with Chromium's default audio settings and with --audio-buffer-size=256.
//   node bench/acoustic/run.js [seconds per row, default 20] [rows, default webrtc,floor,salotto]
// Needs scripts/build (build/www, the server), tests/e2e's node_modules and the Debian
// package pulseaudio (installed here when missing and root).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-acoustic-'));
// The e2e helpers read these when loaded: a web root with the bench's pages added,
// and their logs kept out of the source tree.
const www = path.join(tmp, 'www');
process.env.SALOTTO_WWW = www;
process.env.SALOTTO_ARTIFACTS = path.join(tmp, 'artifacts');
module.paths.unshift(path.join(root, 'tests/e2e/node_modules'));
const { chromium } = require('playwright-core');
const { startServer, sleep } = require(path.join(root, 'tests/e2e/lib/server'));
const { RawClient } = require(path.join(root, 'tests/e2e/lib/wsclient'));
const { Client, CHROMIUM_ARGS, TOKEN_KEY } = require(path.join(root, 'tests/e2e/lib/browser'));
const { RATE, clickTrain, analyse, percentile } = require('./clicks');

const SECONDS = Number(process.argv[2] || 20);
const KINDS = (process.argv[3] || 'webrtc,floor,salotto,frames').split(',');
const SETTINGS = [
  { name: 'default', args: [] },
  { name: 'buffer 256', args: ['--audio-buffer-size=256'] },
];
// Loopbacks of these latencies stand in for the browsers in the calibration rows.
const CALIBRATION_MS = [40, 120];
const RECORDER_LOOPBACK_MS = 30;

// Everything started is stopped here, last first, on success, failure or a signal.
const cleanups = [];
async function cleanUp() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (err) {
      console.error(`acoustic: clean-up: ${err.message}`);
    }
  }
}

function ensurePulseaudio() {
  if (!spawnSync('pulseaudio', ['--version']).error) return;
  if (!(process.getuid && process.getuid() === 0)) throw new Error('the bench needs the Debian package pulseaudio');
  console.log('acoustic: installing the Debian package pulseaudio');
  const apt = (args) => spawnSync('apt-get', args,
    { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status;
  if (apt(['update']) !== 0 || apt(['install', '-y', '--no-install-recommends', 'pulseaudio']) !== 0) {
    throw new Error('apt-get install pulseaudio failed');
  }
}

// One private daemon, reachable only through its own socket. Per browser a
// microphone (a null sink whose monitor is remapped into a real source, since
// Chromium lists no monitor as a microphone) and a speaker (a null sink). The
// recorder is a stereo null sink; two equal loopbacks feed it: A's microphone sink's
// monitor (the clicks as they enter the microphone) into the left channel and B's
// speaker's monitor into the right. The defaults are a sink and source nobody
// listens to, so a stream that ignores PULSE_SINK/PULSE_SOURCE shows up as silence.
async function startPulse() {
  ensurePulseaudio();
  const dir = path.join(tmp, 'pulse');
  fs.mkdirSync(path.join(dir, 'pulse'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'pulse', 'daemon.conf'),
    'default-sample-rate = 48000\nalternate-sample-rate = 48000\n');
  const socket = path.join(dir, 'native');
  const env = { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, XDG_CONFIG_HOME: dir, PULSE_RUNTIME_PATH: dir };
  const sink = (name, channels = 1) => `module-null-sink sink_name=${name} rate=48000 channels=${channels}`;
  const loopback = (source, to, ms) => `module-loopback source=${source} sink=${to} latency_msec=${ms} ` +
    'source_dont_move=1 sink_dont_move=1';
  const modules = [
    `module-native-protocol-unix socket=${socket} auth-anonymous=1`,
    sink('nowhere'),
    'module-remap-source source_name=nowhere_in master=nowhere.monitor',
    ...['A', 'B'].flatMap((who) => [sink(`mic${who}`), sink(`spk${who}`),
      `module-remap-source source_name=mic${who}_in master=mic${who}.monitor`]),
    sink('rec', 2),
    'module-remap-sink sink_name=recL master=rec channels=1 master_channel_map=front-left channel_map=mono remix=no',
    'module-remap-sink sink_name=recR master=rec channels=1 master_channel_map=front-right channel_map=mono remix=no',
    loopback('micA.monitor', 'recL', RECORDER_LOOPBACK_MS),
    loopback('spkB.monitor', 'recR', RECORDER_LOOPBACK_MS),
  ];
  const proc = spawn('pulseaudio', ['-n', '--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no',
    '--log-target=stderr', ...modules.flatMap((m) => ['-L', m])], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  cleanups.push(async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    }
  });
  for (let i = 0; i < 100 && !fs.existsSync(socket); i++) await sleep(50);
  const pulse = { server: `unix:${socket}` };
  for (let i = 0; i < 100; i++) {
    if (spawnSync('pactl', ['info'], { env: { ...process.env, PULSE_SERVER: pulse.server } }).status === 0) break;
    await sleep(50);
  }
  if (pactl(pulse, ['set-default-sink', 'nowhere']).status !== 0 ||
      pactl(pulse, ['set-default-source', 'nowhere_in']).status !== 0) {
    throw new Error(`pulseaudio did not start:\n${log}`);
  }
  return pulse;
}

function pactl(pulse, args) {
  return spawnSync('pactl', args, { env: { ...process.env, PULSE_SERVER: pulse.server }, encoding: 'utf8' });
}

// The daemon's sinks or sources: index -> name.
function deviceNames(pulse, kind) {
  return Object.fromEntries(pactl(pulse, ['list', 'short', kind]).stdout.trim().split('\n')
    .filter(Boolean).map((l) => l.split('\t')).map((f) => [f[0], f[1]]));
}

// The sinks and sources the daemon's client streams are connected to, by name, to
// prove which devices each browser used.
function streams(pulse) {
  const sinks = deviceNames(pulse, 'sinks');
  const sources = deviceNames(pulse, 'sources');
  const list = (kind, owners) => pactl(pulse, ['list', 'short', kind]).stdout.trim().split('\n').filter(Boolean)
    .map((l) => l.split('\t')).filter((f) => f[2] !== '-' && !/loopback|remap/.test(f[3] || ''))
    .map((f) => owners[f[1]]);
  // Less the bench's own player (into micA) and recorder (from rec.monitor).
  const less = (names, own) => {
    const i = names.indexOf(own);
    return i < 0 ? names : [...names.slice(0, i), ...names.slice(i + 1)];
  };
  return {
    playing: less(list('sink-inputs', sinks), 'micA'),
    capturing: less(list('source-outputs', sources), 'rec.monitor'),
  };
}

// The buffering PulseAudio reports for Chromium's streams, in ms: per sink input
// (playback) its stream buffer and the sink's latency, per source output (capture)
// its buffer and the source's latency; keyed by the device's name. Part of the
// mouth-to-ear budget that no page can see (docs/audio.md, "Latency").
function pulseLatencies(pulse) {
  const read = (kind, devices, deviceField, deviceLatency) => {
    const out = {};
    for (const block of pactl(pulse, ['list', kind]).stdout.split(/\n(?=\S)/)) {
      if (!/application\.process\.binary = "chromium"/.test(block)) continue;
      const field = (name) => (block.match(new RegExp(`^\\s*${name}: (\\S+)`, 'm')) || [])[1];
      const device = devices[field(deviceField)];
      const ms = (name) => Number(field(name)) / 1000;
      (out[device] = out[device] || []).push({ buffer: ms('Buffer Latency'), device: ms(deviceLatency) });
    }
    return out;
  };
  return {
    playback: read('sink-inputs', deviceNames(pulse, 'sinks'), 'Sink', 'Sink Latency'),
    capture: read('source-outputs', deviceNames(pulse, 'sources'), 'Source', 'Source Latency'),
  };
}

// ---- CPU of a browser's process tree ------------------------------------------------------

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function procStat(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

// The browser process of a profile folder: the Chromium whose command line names it
// and is no child process (no --type=).
function browserPid(userDataDir) {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd;
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (cmd.includes(`--user-data-dir=${userDataDir}`) && !cmd.some((a) => a.startsWith('--type='))) return Number(pid);
  }
  throw new Error(`no Chromium process for ${userDataDir}`);
}

// CPU ticks used so far by every live process under `rootPid`, by pid.
function treeTicks(rootPid) {
  const all = new Map();
  for (const p of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    const s = procStat(p);
    if (s) all.set(Number(p), s);
  }
  const out = new Map();
  const walk = (pid) => {
    out.set(pid, all.get(pid).ticks);
    for (const [child, s] of all) if (s.ppid === pid && !out.has(child)) walk(child);
  };
  if (all.has(rootPid)) walk(rootPid);
  return out;
}

// % of one core used by the tree between two treeTicks() (processes born meanwhile
// count from zero; processes that died meanwhile are lost, which undercounts).
// The page's cumulative main-thread task and script seconds (DevTools' Performance
// domain), or null when the page has none.
async function mainThread(client) {
  try {
    if (!client.cdp) {
      client.cdp = await client.page.context().newCDPSession(client.page);
      await client.cdp.send('Performance.enable');
    }
    const { metrics } = await client.cdp.send('Performance.getMetrics');
    const drawn = await client.page.evaluate(() => window.benchFramesDrawn || 0);
    return { ...Object.fromEntries(metrics.map((m) => [m.name, m.value])), FramesDrawn: drawn };
  } catch {
    return null;
  }
}

function cpuPercent(before, after, seconds) {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) || 0);
  return (100 * ticks) / TICKS / seconds;
}

// cpuByKind's figures as text, leaving out kinds under 0.05 %.
function kindsText(kinds) {
  return Object.entries(kinds).filter(([, v]) => v >= 0.05).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
}

// The kind of a Chromium process, from its command line: "browser", "renderer", "gpu",
// "audio" (the audio service) or another utility's sub-type. Children rewrite their
// command line as one space-separated string, so flags are found in the text.
function processKind(pid) {
  let text;
  try {
    text = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return 'gone';
  }
  const value = (flag) => (text.match(new RegExp(`${flag}(\\S+)`)) || [])[1] || '';
  const type = value('--type=');
  if (!type) return 'browser';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'utility') return value('--utility-sub-type=').includes('audio') ? 'audio' : 'utility';
  return type;
}

// cpuPercent() split by processKind().
function cpuByKind(before, after, seconds) {
  const out = {};
  for (const [pid, t] of after) {
    const kind = processKind(pid);
    out[kind] = (out[kind] || 0) + (100 * (t - (before.get(pid) || 0))) / TICKS / seconds;
  }
  return out;
}

// ---- browsers ------------------------------------------------------------------------------

// A headless Chromium whose audio goes to the private daemon: its microphone and
// speaker are picked by PULSE_SOURCE and PULSE_SINK (the Pulse client library's
// defaults for a stream that names no device, as Chromium's default device does).
// Real devices: no fake capture device, only the permission prompt answered.
async function launchBrowser(name, pulse, mic, speaker, setting) {
  const userDataDir = fs.mkdtempSync(path.join(tmp, `chromium-${name}-`));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    // Playwright mutes audio by default; a muted tab plays nothing into the sink.
    ignoreDefaultArgs: ['--mute-audio'],
    env: { ...process.env, PULSE_SERVER: pulse.server, PULSE_SOURCE: mic, PULSE_SINK: speaker },
    args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required', '--use-fake-ui-for-media-stream',
      ...setting.args],
    viewport: { width: 1100, height: 760 },
    // This process's own handlers stop everything (the daemon, the server), then exit;
    // Playwright's would exit at once and leave them running.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = context.pages()[0] || (await context.newPage());
  const client = new Client(name, context, page, userDataDir);
  cleanups.push(() => client.close());
  client.pid = browserPid(userDataDir);
  return client;
}

// ---- measuring -----------------------------------------------------------------------------

let rowNumber = 0;

// Plays the click train into A's microphone sink for SECONDS while the recorder
// records, and measures the CPU of the given browsers over the same window.
async function measure(pulse, label, browsers = [], seconds = SECONDS) {
  const file = path.join(tmp, `row-${++rowNumber}.raw`);
  const penv = { ...process.env, PULSE_SERVER: pulse.server };
  const recorder = spawn('parec', ['--device=rec.monitor', `--rate=${RATE}`, '--channels=2', '--format=s16le',
    '--latency-msec=10', '--raw', file], { env: penv, stdio: 'ignore' });
  const stopRecorder = async () => {
    if (recorder.exitCode === null && recorder.signalCode === null) {
      const exited = new Promise((resolve) => recorder.once('exit', resolve));
      recorder.kill('SIGTERM');
      await exited;
    }
  };
  cleanups.push(stopRecorder);
  await sleep(500);
  const train = clickTrain(seconds);
  const trainFile = path.join(tmp, 'clicks.raw');
  fs.writeFileSync(trainFile, train.pcm);
  const before = browsers.map((b) => treeTicks(b.pid));
  const metricsBefore = await Promise.all(browsers.map((b) => mainThread(b)));
  const t0 = process.hrtime.bigint();
  const player = spawn('pacat', ['--playback', '--device=micA', `--rate=${RATE}`, '--channels=1', '--format=s16le',
    '--latency-msec=10', '--raw', trainFile], { env: penv, stdio: 'ignore' });
  cleanups.push(async () => { if (player.exitCode === null) player.kill('SIGTERM'); });
  const [[inUse, buffering]] = await Promise.all([
    (async () => { await sleep(2000); return [streams(pulse), pulseLatencies(pulse)]; })(),
    new Promise((resolve) => player.once('exit', resolve)),
  ]);
  const window = Number(process.hrtime.bigint() - t0) / 1e9;
  const after = browsers.map((b) => treeTicks(b.pid));
  const cpu = browsers.map((b, i) => cpuPercent(before[i], after[i], window));
  const kinds = browsers.map((b, i) => cpuByKind(before[i], after[i], window));
  const metricsAfter = await Promise.all(browsers.map((b) => mainThread(b)));
  // The page's main thread, ms of work per second (Chromium's own task accounting).
  const main = browsers.map((b, i) => metricsAfter[i] && metricsBefore[i]
    ? { task: (1000 * (metricsAfter[i].TaskDuration - metricsBefore[i].TaskDuration)) / window,
        script: (1000 * (metricsAfter[i].ScriptDuration - metricsBefore[i].ScriptDuration)) / window,
        frames: (metricsAfter[i].FramesDrawn - metricsBefore[i].FramesDrawn) / window }
    : null);
  await sleep(1500); // the last clicks are still on their way
  await stopRecorder();
  const result = analyse(fs.readFileSync(file));
  // ACOUSTIC_KEEP=<folder> keeps every row's recording (48 kHz stereo s16le, raw).
  if (process.env.ACOUSTIC_KEEP) {
    fs.mkdirSync(process.env.ACOUSTIC_KEEP, { recursive: true });
    fs.copyFileSync(file, path.join(process.env.ACOUSTIC_KEEP, `${rowNumber}-${label.replace(/[^a-z0-9]+/gi, '-')}.raw`));
  }
  fs.rmSync(file, { force: true });
  const d = result.delays;
  const row = {
    label, sent: train.clicks, clicks: result.clicks, paired: d.length, heard: result.heard,
    p50: d.length ? percentile(d, 0.5) : NaN, p90: d.length ? percentile(d, 0.9) : NaN,
    max: d.length ? d[d.length - 1] : NaN, cpu, kinds, main, inUse, buffering,
  };
  console.log(`acoustic: ${label}: ${d.length}/${result.clicks} clicks paired (${result.heard} onsets heard), ` +
    `p50 ${fmt(row.p50)} p90 ${fmt(row.p90)} max ${fmt(row.max)} ms; CPU ${cpu.map((c) => c.toFixed(1)).join(' / ') || '-'} %; ` +
    `streams: playing into ${inUse.playing.join(',') || '-'}, capturing from ${inUse.capturing.join(',') || '-'}; ` +
    `load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const pulseText = (streamsOf) => Object.entries(streamsOf).map(([device, list]) =>
    `${device} ${list.map((x) => `${fmt(x.buffer)}+${fmt(x.device)}`).join(', ')}`).join('; ') || '-';
  console.log(`acoustic:   Pulse buffering, ms (stream buffer + device): playback ${pulseText(buffering.playback)}; ` +
    `capture ${pulseText(buffering.capture)}`);
  browsers.forEach((b, i) => {
    const byKind = kindsText(kinds[i]);
    const m = main[i] ? `; main thread ${main[i].task.toFixed(0)} ms/s (script ${main[i].script.toFixed(0)}), ` +
      `${main[i].frames.toFixed(1)} frames drawn/s` : '';
    console.log(`acoustic:   ${b.name} CPU % by process: ${byKind}${m}`);
  });
  return row;
}

const fmt = (v) => (Number.isFinite(v) ? v.toFixed(1) : '-');

async function calibrate(pulse) {
  const rows = [];
  for (const ms of CALIBRATION_MS) {
    const m = pactl(pulse, ['load-module', 'module-loopback', 'source=micA.monitor', 'sink=spkB',
      `latency_msec=${ms}`, 'source_dont_move=1', 'sink_dont_move=1']);
    if (m.status !== 0) throw new Error(`loading the calibration loopback failed: ${m.stderr}`);
    try {
      await sleep(1000);
      rows.push({ ...(await measure(pulse, `rig: a ${ms} ms loopback in place of the browsers`, [], 10)), nominal: ms });
    } finally {
      pactl(pulse, ['unload-module', m.stdout.trim()]);
    }
  }
  return rows;
}

// The page floor: one page, microphone -> AudioContext.destination, with the
// browser's default microphone processing, or with echo cancellation off: with it
// on, about half of the clicks never come out (presumably the canceller takes the
// page's own output, the clicks it just played, for the echo of the next ones), a
// loop no call has.
// A third floor row asks for the AudioContext options Salotto's engine uses
// (web/audio-engine.js, salottoAudio.contextOptions), to tell their share apart.
async function floorRow(pulse, server, setting, echoCancellation, salottoContext = false) {
  const f = await launchBrowser('floor', pulse, 'micA_in', 'spkB', setting);
  try {
    await f.page.goto(`${server.url}acoustic.html`);
    const info = await f.page.evaluate(([ec, salotto]) => floor(ec ? true : { echoCancellation: false }, salotto),
      [echoCancellation, salottoContext]);
    await sleep(1000);
    const options = Object.entries(info.options).map(([k, v]) => `${k} ${v}`).join(', ');
    const what = [echoCancellation ? '' : 'echo cancellation off', options && `Salotto's AudioContext: ${options}`]
      .filter(Boolean).join('; ');
    const row = await measure(pulse, `page floor${what ? ` (${what})` : ''}, ${setting.name}`, [f]);
    row.note = `baseLatency ${(info.baseLatency * 1000).toFixed(1)} ms, outputLatency ${(info.outputLatency * 1000).toFixed(1)} ms`;
    return row;
  } finally {
    await f.close();
  }
}

// A plain WebRTC call between two browsers, descriptions carried by this process.
async function webrtcRow(pulse, server, setting) {
  const a = await launchBrowser('rtc-A', pulse, 'micA_in', 'spkA', setting);
  const b = await launchBrowser('rtc-B', pulse, 'micB_in', 'spkB', setting);
  try {
    await Promise.all([a.page.goto(`${server.url}acoustic.html`), b.page.goto(`${server.url}acoustic.html`)]);
    const offer = await a.page.evaluate(() => callOffer());
    const answer = await b.page.evaluate((o) => callAnswer(o), offer);
    await a.page.evaluate((ans) => callAccept(ans), answer);
    await b.page.waitForFunction(() => {
      const s = callState();
      return s.connection === 'connected' && s.playing;
    }, null, { timeout: 15000 });
    await sleep(2000);
    return await measure(pulse, `WebRTC call, ${setting.name}`, [a, b]);
  } finally {
    await b.close();
    await a.close();
  }
}

// Salotto: A creates a room and talks; B listens in the audience, then on stage
// (invited by A, left muted); each with both pages visible (drawing) and hidden.
async function salottoRows(pulse, server, setting, users) {
  const a = await launchBrowser('salotto-A', pulse, 'micA_in', 'spkA', setting);
  const b = await launchBrowser('salotto-B', pulse, 'micB_in', 'spkB', setting);
  const rows = [];
  try {
    for (const [c, u] of [[a, users.A], [b, users.B]]) {
      await c.page.addInitScript(([k, t]) => localStorage.setItem(k, t), [TOKEN_KEY, u.token]);
      // Frames drawn: the client clears its canvas once per frame it draws.
      await c.page.addInitScript(() => {
        window.benchFramesDrawn = 0;
        const clear = WebGL2RenderingContext.prototype.clear;
        WebGL2RenderingContext.prototype.clear = function (mask) {
          window.benchFramesDrawn++;
          return clear.call(this, mask);
        };
      });
    }
    await a.open(server.url);
    await a.waitFor((s) => s.screen === 'hallway', 'the hallway');
    await a.type('hallway.title_input', `Acoustic ${setting.name}`);
    await a.click('hallway.create_room');
    const roomId = (await a.waitFor((s) => s.screen === 'room' && s.room, 'A in the room')).room.id;
    await a.joinAudio(20000);
    await a.waitFor((s) => s.audio.mic === 'live', 'A\'s microphone live', 20000);
    await b.open(`${server.url}r/${roomId}`);
    await b.waitFor((s) => s.screen === 'room' && s.room && s.room.id === roomId, 'B in A\'s room');
    await b.joinAudio(20000);
    const speaker = (s) => s.audio.stats.speakers.find((sp) => sp.id === users.A.id);
    for (const where of ['audience', 'stage']) {
      if (where === 'stage') {
        await a.clickVia(`room.member.${users.B.id}`, `room.invite_speaker.${users.B.id}`);
        await b.waitFor((s) => s.room.members.some((m) => m.id === users.B.id && m.role === 'speaker'), 'B on stage');
      }
      for (const view of ['visible', 'hidden']) {
        if (view === 'hidden') {
          await a.hide();
          await b.hide();
        }
        await sleep(2000);
        const before = speaker(await b.state()) || {};
        const row = await measure(pulse, `Salotto, B ${where === 'stage' ? 'on stage' : 'in the audience'}, ${view}, ${setting.name}`, [a, b]);
        const after = speaker(await b.state()) || {};
        row.note = `B's buffer for A at the end: jitter ${fmt(after.jitter_ms)} ms, target ${fmt(after.target_ms)} ms; ` +
          `${(after.concealed || 0) - (before.concealed || 0)} frames concealed, ` +
          `${(after.late || 0) - (before.late || 0)} late, during the row`;
        console.log(`acoustic:   ${row.note}`);
        rows.push(row);
        if (view === 'hidden') {
          await b.show();
          await a.show();
        }
      }
    }
    // Ended, so the next setting's A starts a room of its own rather than getting this
    // one back (a seat is restored to whoever reconnects within the grace period).
    await a.click('room.end');
    await a.waitFor((s) => s.screen === 'hallway', 'A back in the hallway');
    return rows;
  } finally {
    await b.close();
    await a.close();
  }
}

// What a frame costs the browser at all: a page-sized WebGL2 canvas that is only
// cleared, at the frame rate the Salotto client drew in the visible rows (about 5 a
// second), measured like a row's CPU. No sound: it runs once, with default settings.
async function frameCost(pulse, server, fps = 5, seconds = 10) {
  const f = await launchBrowser('frames', pulse, 'nowhere_in', 'nowhere', SETTINGS[0]);
  try {
    await f.page.goto(`${server.url}acoustic.html`);
    await f.page.evaluate((rate) => clearFrames(rate), fps);
    await sleep(2000);
    const before = treeTicks(f.pid);
    const framesBefore = await f.page.evaluate(() => window.framesCleared);
    const t0 = process.hrtime.bigint();
    await sleep(seconds * 1000);
    const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    const after = treeTicks(f.pid);
    const frames = (await f.page.evaluate(() => window.framesCleared)) - framesBefore;
    const cpu = cpuPercent(before, after, elapsed);
    const kinds = kindsText(cpuByKind(before, after, elapsed));
    return `a page-sized WebGL2 canvas only cleared, ${(frames / elapsed).toFixed(1)} frames/s: ` +
      `CPU ${cpu.toFixed(1)} % of a core (${kinds}), ${((cpu * 10) / (frames / elapsed)).toFixed(1)} ms per frame`;
  } finally {
    await f.close();
  }
}

async function signUp(server) {
  const a = await RawClient.connect(server.wsUrl, 'A');
  await a.hello();
  a.send({ t: 'signup', invite: server.invite, handle: 'acousticspeaker', name: 'Acoustic Speaker', password: 'acoustic-bench-2026' });
  const sa = await a.take((m) => m.t === 'session', 'A session');
  a.send({ t: 'create_invite' });
  const inv = await a.take((m) => m.t === 'invite', 'an invite');
  const b = await RawClient.connect(server.wsUrl, 'B');
  await b.hello();
  b.send({ t: 'signup', invite: inv.code, handle: 'acousticlistener', name: 'Acoustic Listener', password: 'acoustic-bench-2026' });
  const sb = await b.take((m) => m.t === 'session', 'B session');
  a.ws.close();
  b.ws.close();
  return { A: { token: sa.token, id: sa.user.id }, B: { token: sb.token, id: sb.user.id } };
}

function printTable(rows, offset) {
  const head = ['row', 'p50', 'p90', 'max', 'clicks', 'CPU A / B %'];
  const lines = rows.map((r) => [r.label, fmt(r.p50 - offset), fmt(r.p90 - offset), fmt(r.max - offset),
    `${r.paired}/${r.sent}`, r.cpu.length ? r.cpu.map((c) => c.toFixed(1)).join(' / ') : '-']);
  console.log(`\n| ${head.join(' | ')} |\n| ${head.map(() => '---').join(' | ')} |`);
  for (const l of lines) console.log(`| ${l.join(' | ')} |`);
}

async function main() {
  console.log(`acoustic: ${SECONDS} s per row; ${os.cpus().length} cores, uptime: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()}`);
  fs.mkdirSync(www);
  for (const f of fs.readdirSync(path.join(root, 'build/www'))) fs.copyFileSync(path.join(root, 'build/www', f), path.join(www, f));
  fs.copyFileSync(path.join(__dirname, 'pages.html'), path.join(www, 'acoustic.html'));
  fs.copyFileSync(path.join(__dirname, 'pages.js'), path.join(www, 'acoustic.js'));
  const pulse = await startPulse();
  const server = await startServer('acoustic');
  cleanups.push(() => server.stop());
  const users = await signUp(server);

  const calibration = await calibrate(pulse);
  // What the rig adds on its own: the measured delay of a loopback of known latency
  // minus that latency (the mean over the calibration rows).
  const offset = calibration.reduce((s, r) => s + (r.p50 - r.nominal), 0) / calibration.length;
  console.log(`acoustic: the rig adds ${offset.toFixed(1)} ms (calibration p50 minus the loopback latency); ` +
    'subtracted from every figure in the table');
  const rows = [];
  for (const setting of SETTINGS) {
    if (KINDS.includes('webrtc')) rows.push(await webrtcRow(pulse, server, setting));
    if (KINDS.includes('floor')) {
      rows.push(await floorRow(pulse, server, setting, true));
      rows.push(await floorRow(pulse, server, setting, false));
      rows.push(await floorRow(pulse, server, setting, true, true));
    }
    if (KINDS.includes('salotto')) rows.push(...(await salottoRows(pulse, server, setting, users)));
  }
  const frames = KINDS.includes('frames') ? await frameCost(pulse, server) : '';
  console.log(`\nMouth-to-ear, ms (clicks into A's microphone -> B's speaker), rig's ${offset.toFixed(1)} ms subtracted; ` +
    `${SECONDS} s a row; CPU: whole browser process tree, % of one core, A / B (floor: its one browser)`);
  printTable(rows, offset);
  for (const r of rows.filter((x) => x.note)) console.log(`${r.label}: ${r.note}`);
  if (frames) console.log(`frame cost: ${frames}`);
  console.log(`\ncalibration: ${calibration.map((r) => `${r.nominal} ms loopback measured p50 ${fmt(r.p50)} p90 ${fmt(r.p90)} max ${fmt(r.max)}`).join('; ')}`);
  console.log(`uptime at the end: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()}`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(`acoustic: ${signal}, cleaning up`);
    cleanUp().finally(() => {
      fs.rmSync(tmp, { recursive: true, force: true });
      process.exit(1);
    });
  });
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanUp();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
