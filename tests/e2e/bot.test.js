// salotto-bot against the real server and a real browser, both ways.
// 1. bot -> browser: the bot signs up with the bootstrap invite and prints invites;
//    with its session token it creates a room and speaks a generated WAV of chirp
//    bursts (the audio test's loop, repeated). Browser B, signed up with one of the
//    bot's invites, joins the room from the hallway, joins audio, and its playback tap
//    must correlate with the source; the delay from the bot's sending to B's playback
//    is printed.
// 2. browser -> bot: browser A speaks the same loop through a fake microphone in its
//    own room; the bot joins as a listener and records to a WAV file, which must
//    correlate with the source; the delay from A's capture to the bot's recording is
//    printed.
// Each bot run's stdout and stderr go to artifacts/bot-<label>.log. The bot's side of
// each delay is its log line's timestamp ("speaking", "listening for"), so the delays
// are good to a few tens of milliseconds; they are printed, not asserted.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, sleep } = require('./lib/server');
const { Client, TOKEN_KEY, fakeMicrophone } = require('./lib/browser');
const { stepper } = require('./lib/steps');
const { startRoom } = require('./lib/ui');
const { RawClient } = require('./lib/wsclient');
const { paths, artifactPath } = require('./lib/paths');
const {
  RATE, DECIMATE, LOOP_SECONDS, makeSignal, writeWav, readWav, correlateWithSource, measureDelay,
  judgeWindows,
} = require('./lib/audio');

const WAIT_MS = 15000;
const TAP_SECONDS = 6;         // longer than a loop, so the correlation window is whole
const WINDOWS = 3;             // windows measured at most (judgeWindows in lib/audio.js)
const BOT_SPEAK_LOOPS = 10;    // 40 s: the bot stops when its file ends
const BOT_RECORD_SECONDS = 8;

// ---- the bot process ----------------------------------------------------------------

class Bot {
  constructor(label, args) {
    this.label = label;
    this.args = args;
    this.stdout = '';
    this.stderr = '';
    this.exit = null;
    this.logPath = artifactPath(`bot-${label}.log`);
    this.proc = spawn(paths.bot, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => {
      this.exit = { code, signal };
      this.saveLog();
      resolve(this.exit);
    }));
    this.proc.on('error', (err) => { this.stderr += `[spawn error] ${err.message}\n`; });
    this.proc.stdout.on('data', (d) => { this.stdout += d.toString('utf8'); });
    this.proc.stderr.on('data', (d) => { this.stderr += d.toString('utf8'); });
  }

  saveLog() {
    try {
      fs.writeFileSync(this.logPath, `$ salotto-bot ${this.args.join(' ')}\n--- stdout\n${this.stdout}--- stderr\n${this.stderr}` +
        (this.exit ? `--- exit ${JSON.stringify(this.exit)}\n` : ''));
    } catch { /* best effort */ }
  }

  describe() {
    return `bot ${this.label}: stdout:\n${this.stdout}\nstderr:\n${this.stderr}`;
  }

  // Waits until `re` matches the stream's text; resolves to {m, at} (Date.now() when seen).
  async waitFor(stream, re, what, timeoutMs = WAIT_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this[stream]);
      if (m) return { m, at: Date.now() };
      if (this.exit) throw new Error(`bot ${this.label} exited (${JSON.stringify(this.exit)}) before ${what}\n${this.describe()}`);
      if (Date.now() > deadline) throw new Error(`bot ${this.label}: no ${what} within ${timeoutMs} ms\n${this.describe()}`);
      await sleep(5);
    }
  }

  async waitExit(timeoutMs = WAIT_MS) {
    let timer;
    const r = await Promise.race([this.exited,
      new Promise((resolve) => { timer = setTimeout(() => resolve(null), timeoutMs); })]);
    clearTimeout(timer);
    if (!r) {
      this.proc.kill('SIGKILL');
      await this.exited;
      throw new Error(`bot ${this.label} did not exit within ${timeoutMs} ms (killed)\n${this.describe()}`);
    }
    return r;
  }

  async stop() {
    if (!this.exit) {
      this.proc.kill('SIGTERM');
      await this.waitExit(5000).catch(() => {});
    }
    this.saveLog();
  }
}

// spdlog's default line prefix "[YYYY-MM-DD HH:MM:SS.mmm]" (local time) as wall-clock ms.
function spdlogTime(line) {
  const m = /^\[(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)\.(\d+)\]/.exec(line);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number);
  return new Date(y, mo - 1, d, h, mi, s, ms).getTime();
}

// ---- the test -------------------------------------------------------------------------

describe('salotto-bot: bot to browser and browser to bot through the server', { timeout: 120000 }, () => {
  const step = stepper(it);
  let server;
  let dir;
  let source;
  const clients = [];
  const bots = [];
  const raws = [];
  const users = {};  // name -> {token, id}
  let invites = [];
  let botToken;
  let botId;

  function bot(label, args) {
    const b = new Bot(label, ['--host', server.host, '--port', String(server.port), ...args]);
    bots.push(b);
    return b;
  }

  async function launch(name, token, args = []) {
    const c = await Client.launchSignedIn(name, token, args);
    clients.push(c);
    return c;
  }

  async function signup(name, invite, handle) {
    const c = await RawClient.connect(server.wsUrl, name);
    raws.push(c);
    await c.hello();
    c.send({ t: 'signup', invite, handle, name: `Ascoltatore ${name}`, password: 'ascolto-attento-2026' });
    const s = await c.take((m) => m.t === 'session', 'a session');
    users[name] = { token: s.token, id: s.user.id };
    c.ws.close();
  }

  before(async () => {
    if (!fs.existsSync(paths.bot)) {
      throw new Error(`salotto-bot binary not found at ${paths.bot} (build it with scripts/build, or set SALOTTO_BOT)`);
    }
    server = await startServer('bot');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-bot-'));
    source = makeSignal();
    writeWav(path.join(dir, 'signal.wav'), source);
    const long = new Float32Array(source.length * BOT_SPEAK_LOOPS);
    for (let i = 0; i < BOT_SPEAK_LOOPS; i++) long.set(source, i * source.length);
    writeWav(path.join(dir, 'bot-speech.wav'), long);
  });

  after(async () => {
    for (const b of bots) await b.stop();
    for (const c of clients) await c.close();
    for (const r of raws) r.ws.terminate();
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  step('the bot signs up with the bootstrap invite and prints invites; A and B sign up with them', async () => {
    const b = bot('signup', ['--invite', server.invite, '--handle', 'robottino', '--name', 'Robottino Parlante',
      '--print-invites', '2']);
    const exit = await b.waitExit();
    assert.deepEqual(exit, { code: 0, signal: null }, `the bot exits 0 after signing up\n${b.describe()}`);
    botToken = (/^token (\S+)$/m.exec(b.stdout) || [])[1];
    invites = [...b.stdout.matchAll(/^invite (\S+)$/gm)].map((m) => m[1]);
    assert.ok(botToken, `the bot prints its session token\n${b.describe()}`);
    assert.equal(invites.length, 2, `the bot prints two invites\n${b.describe()}`);
    await signup('B', invites[0], 'ascoltob');
    await signup('A', invites[1], 'parlantea');
  });

  step('bot -> browser: B joins the bot\'s room from the hallway and plays what the bot says', async () => {
    const B = await launch('bot-B', users.B.token);
    await B.open(server.url);
    await B.waitFor((s) => s.screen === 'hallway', 'the hallway');
    const sp = bot('speak', ['--token', botToken, '--create-room', 'Il robot parla',
      '--speak', path.join(dir, 'bot-speech.wav'), '--no-vad']);
    const roomId = (await sp.waitFor('stdout', /^room (\S+)$/m, 'the room id')).m[1];
    const speaking = await sp.waitFor('stderr', /^.*speaking .*$/m, 'the "speaking" log line');
    // When the bot's first frame left: its log line's own timestamp, or when we saw it.
    const stamp = spdlogTime(speaking.m[0]);
    const t0 = Number.isFinite(stamp) && Math.abs(stamp - speaking.at) < 1000 ? stamp : speaking.at;

    await B.click(`hallway.room.${roomId}`);
    const s = await B.waitFor((st) => st.screen === 'room' && st.room && st.room.id === roomId, 'B in the bot\'s room');
    botId = s.room.members.find((m) => m.id !== users.B.id).id;
    await B.joinAudio();
    await B.waitFor((st) => st.audio.stats.speakers.some((x) => x.id === botId && x.received > 50),
      'B receiving the bot\'s frames');
    await sleep(1500); // let the jitter buffer settle
    const checks = await judgeWindows('bot', WINDOWS, async (w) => {
      const played = await B.audioTap(TAP_SECONDS, 'playback');
      assert.ok(!sp.exit, `the bot was still speaking during the tap\n${sp.describe()}`);
      const out = correlateWithSource(source, played.samples);

      // Where in the loop each block of B's playback is (its best lag), against when the
      // bot sent that point of the loop: t0 + position (modulo the loop).
      const loopMs = LOOP_SECONDS * 1000;
      const delays = out.lags.filter((l) => l.r >= 0.8).map((l) => {
        const playedAt = played.startMs + (l.from * DECIMATE / RATE) * 1000;
        const pos = (l.lag * DECIMATE / RATE) * 1000;
        return (((playedAt - t0 - pos) % loopMs) + loopMs) % loopMs;
      }).sort((p, q) => p - q);
      const delay = delays.length ? delays[delays.length >> 1] : NaN;
      const stats = (await B.state()).audio.stats;
      console.log(`# bot: window ${w}: bot -> B playback: per-block correlation r=${out.r.toFixed(3)} (one lag for a whole loop ` +
        `${out.global.toFixed(3)}); delay bot send -> B playback ${delay.toFixed(1)} ms (median of ${delays.length} ` +
        `blocks, spread ${delays.length ? (delays[delays.length - 1] - delays[0]).toFixed(1) : NaN} ms); ` +
        `B stats ${JSON.stringify(stats)}`);
      return [[out.r >= 0.8, `B's playback must correlate with the bot's source (r=${out.r.toFixed(3)})`]];
    });
    for (const [ok, message] of checks) assert.ok(ok, message);
    await sp.stop();
    await B.close();
    clients.splice(clients.indexOf(B), 1);
  });

  step('browser -> bot: the bot listens in A\'s room and records what A says', async () => {
    const A = await launch('bot-A', users.A.token, fakeMicrophone(path.join(dir, 'signal.wav')));
    await A.open(server.url);
    await A.waitFor((s) => s.screen === 'hallway', 'the hallway');
    const s = await startRoom(A, 'Parla al robot');
    const roomId = s.room.id;
    await A.joinAudio();
    await A.waitFor((st) => st.audio.mic === 'live', 'A\'s microphone live');

    const wav = path.join(dir, 'bot-heard.wav');
    const ls = bot('listen', ['--token', botToken, '--join', roomId, '--record', wav,
      '--duration', String(BOT_RECORD_SECONDS)]);
    const listening = await ls.waitFor('stderr', /^.*listening for .*$/m, 'the "listening" log line');
    const stamp = spdlogTime(listening.m[0]);
    const recStart = Number.isFinite(stamp) && Math.abs(stamp - listening.at) < 1000 ? stamp : listening.at;
    await sleep(1000);
    const capA = await A.audioTap(TAP_SECONDS, 'capture');
    const exit = await ls.waitExit(BOT_RECORD_SECONDS * 1000 + WAIT_MS);
    assert.deepEqual(exit, { code: 0, signal: null }, `the bot exits 0 after listening\n${ls.describe()}`);
    fs.copyFileSync(wav, artifactPath('bot-heard.wav'));

    const rec = readWav(wav);
    assert.equal(rec.sampleRate, RATE, 'the recording is 48 kHz');
    assert.equal(rec.channels, 1, 'the recording is mono');
    const seconds = rec.samples.length / RATE;
    assert.ok(Math.abs(seconds - BOT_RECORD_SECONDS) < 0.5, `the recording lasts --duration (${seconds.toFixed(2)} s)`);
    const out = correlateWithSource(source, rec.samples);
    const inA = correlateWithSource(source, capA.samples);
    const d = measureDelay(capA, { samples: rec.samples, startMs: recStart });
    console.log(`# bot: A -> bot recording (${rec.bits}-bit, format ${rec.format}, ${seconds.toFixed(2)} s): ` +
      `per-block correlation r=${out.r.toFixed(3)} (one lag for a whole loop ${out.global.toFixed(3)}; ` +
      `A capture r=${inA.r.toFixed(3)}); delay A capture -> bot recording ${d.delayMs.toFixed(1)} ms ` +
      `(median of ${d.blocks} blocks, spread ${d.spreadMs.toFixed(1)} ms, r=${d.r.toFixed(3)}); ` +
      `bot: ${ls.stdout.trim().replace(/\n/g, '; ')}`);
    assert.ok(out.r >= 0.8, `the bot's recording must correlate with the source (r=${out.r.toFixed(3)}, A's capture r=${inA.r.toFixed(3)})`);
  });
});
