// Live audio end to end: a real server and three headless Chromium browsers.
// A (the room's creator, on stage, unmuted) speaks through a fake microphone that
// plays a generated WAV of chirp bursts; B and C listen. The browsers' test taps
// (window.salotto.audioTap, docs/client-test-api.md) record what A's capture worklet
// encoded and what B's and C's playback worklets played; the test correlates them
// with the source signal, measures the mouth-to-ear delay (capture worklet input to
// playback worklet output), checks that muting A silences B, and that an audience
// member's upstream frames are refused with not_on_stage and reach nobody. B's main
// thread stalls for 200 ms now and then while it records: audio must not notice.
// Finally C, who has no microphone, is invited on stage: muted, and told why the
// microphone cannot be used.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, sleep } = require('./lib/server');
const { Client } = require('./lib/browser');
const { RawClient } = require('./lib/wsclient');

const RATE = 48000;
const LOOP_SECONDS = 4;   // the fake microphone loops the file
const TAP_SECONDS = 6;    // longer than a loop, so the correlation window is whole
const DECIMATE = 6;       // analyse at 8 kHz: the chirps stay below 2.5 kHz
const TOKEN_KEY = 'salotto.token';

// ---- the test signal ----------------------------------------------------------------

// Chirp bursts of varied pitch, length and gap, so no part of the loop looks like
// another (the correlation peak is unique), with gaps longer than the voice
// detector's hangover so the path also starts and ends talk spurts.
function makeSignal() {
  const x = new Float32Array(LOOP_SECONDS * RATE);
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  let t = 0.2;
  while (t < LOOP_SECONDS - 0.6) {
    const len = 0.25 + 0.35 * rand();
    const f0 = 250 + 900 * rand();
    const f1 = 250 + 1500 * rand();
    const start = Math.round(t * RATE);
    const n = Math.round(len * RATE);
    let phase = 0;
    for (let i = 0; i < n && start + i < x.length; i++) {
      const f = f0 + (f1 - f0) * (i / n);
      phase += 2 * Math.PI * f / RATE;
      const fade = Math.min(1, i / 480, (n - i) / 480);
      x[start + i] = 0.4 * fade * (Math.sin(phase) + 0.3 * Math.sin(2.03 * phase));
    }
    t += len + (rand() < 0.3 ? 0.45 : 0.08 + 0.1 * rand());
  }
  return x;
}

function writeWav(file, samples) {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), i * 2));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + data.length, 4); h.write('WAVE', 8);
  h.write('fmt ', 12); h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22);
  h.writeUInt32LE(RATE, 24); h.writeUInt32LE(RATE * 2, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34);
  h.write('data', 36); h.writeUInt32LE(data.length, 40);
  fs.writeFileSync(file, Buffer.concat([h, data]));
}

// ---- analysis -------------------------------------------------------------------------

function decimate(x) {
  const y = new Float64Array(Math.floor(x.length / DECIMATE));
  for (let i = 0; i < y.length; i++) {
    let s = 0;
    for (let k = 0; k < DECIMATE; k++) s += x[i * DECIMATE + k];
    y[i] = s / DECIMATE;
  }
  return y;
}

// In-place radix-2 FFT of (re, im); inverse when `inv`.
function fft(re, im, inv) {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) { [re[i], re[j]] = [re[j], re[i]]; [im[i], im[j]] = [im[j], im[i]]; }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (inv ? 2 : -2) * Math.PI / len;
    const wr = Math.cos(ang), wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0;
      for (let j = 0; j < len / 2; j++) {
        const ar = re[i + j], ai = im[i + j];
        const br = re[i + j + len / 2] * cr - im[i + j + len / 2] * ci;
        const bi = re[i + j + len / 2] * ci + im[i + j + len / 2] * cr;
        re[i + j] = ar + br; im[i + j] = ai + bi;
        re[i + j + len / 2] = ar - br; im[i + j + len / 2] = ai - bi;
        const t = cr * wr - ci * wi; ci = cr * wi + ci * wr; cr = t;
      }
    }
  }
  if (inv) for (let i = 0; i < n; i++) { re[i] /= n; im[i] /= n; }
}

// xc[k] = sum_i a[i] * b[i + k] for k = 0 .. maxLag.
function crossCorrelate(a, b, maxLag) {
  let n = 1;
  while (n < a.length + b.length) n <<= 1;
  const ar = new Float64Array(n), ai = new Float64Array(n), br = new Float64Array(n), bi = new Float64Array(n);
  ar.set(a); br.set(b);
  fft(ar, ai, false); fft(br, bi, false);
  for (let i = 0; i < n; i++) {
    // conj(A) * B
    const r = ar[i] * br[i] + ai[i] * bi[i];
    const im = ar[i] * bi[i] - ai[i] * br[i];
    ar[i] = r; ai[i] = im;
  }
  fft(ar, ai, true);
  return ar.subarray(0, maxLag + 1);
}

const norm = (x, from = 0, to = x.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s);
};

// How well `played` reproduces the looping source. The jitter buffer legitimately
// moves the timeline (it conceals a late frame, skips a quiet one to shrink its
// delay), and one lag for a whole recording would count each move as a mismatch;
// so each 400 ms block of the recording is matched with the source at its own best
// circular lag, and the blocks' normalised correlations are averaged, weighted by
// their energy. `global` is the single best lag over the last loop-long window.
function correlateWithSource(source, played) {
  const src = decimate(source), rec = decimate(played);
  const period = src.length;
  const twice = new Float64Array(2 * period);
  twice.set(src); twice.set(src, period);
  const srcNorm = norm(src);
  const window = rec.subarray(rec.length - period);
  const xg = crossCorrelate(window, twice, period - 1);
  const global = Math.max(...xg) / (norm(window) * srcNorm);

  const block = Math.round(0.4 * RATE / DECIMATE);
  let weighted = 0, energy = 0;
  for (let from = 0; from + block <= rec.length; from += block) {
    const b = rec.subarray(from, from + block);
    const e = norm(b) ** 2;
    if (e < 1e-6 * block) continue; // silence between bursts says nothing
    const xc = crossCorrelate(b, twice, period - 1);
    let best = 0, lag = 0;
    for (let k = 0; k < xc.length; k++) if (xc[k] > best) { best = xc[k]; lag = k; }
    const r = best / (norm(b) * norm(twice, lag, lag + block));
    weighted += r * e;
    energy += e;
  }
  return { r: energy ? weighted / energy : 0, global };
}

// Delay from A's capture tap to a listener's playback tap (both carry wall-clock
// start times): each loud 400 ms block of the capture is found in the playback
// within 0-1000 ms, and the median of those delays is the delay (blocks rather than
// one lag, for the same reason as in correlateWithSource).
function measureDelay(captured, played) {
  const a = decimate(captured.samples), b = decimate(played.samples);
  const rate = RATE / DECIMATE;
  const offsetMs = played.startMs - captured.startMs;  // b[0] was played this much after a[0]
  const block = Math.round(0.4 * rate);
  const delays = [];
  const rs = [];
  for (let from = 0; from + block <= a.length; from += block) {
    const x = a.subarray(from, from + block);
    if (norm(x) ** 2 < 1e-3 * block) continue;
    // Sample i of a reappears at b[i + lag], and delay = offsetMs + lag / rate.
    const xc = crossCorrelate(x, b.subarray(Math.max(0, from)), b.length - from - 1);
    let best = -Infinity, bestLag = -1;
    for (let lag = 0; lag + block <= b.length - from; lag++) {
      const delay = offsetMs + (lag / rate) * 1000;
      if (delay < 0 || delay > 1000) continue;
      if (xc[lag] > best) { best = xc[lag]; bestLag = lag; }
    }
    if (bestLag < 0) continue;
    delays.push(offsetMs + (bestLag / rate) * 1000);
    rs.push(best / (norm(x) * norm(b, from + bestLag, from + bestLag + block)));
  }
  const median = (v) => v.slice().sort((p, q) => p - q)[v.length >> 1];
  return { delayMs: delays.length ? median(delays) : NaN, r: rs.length ? median(rs) : 0,
    spreadMs: delays.length ? Math.max(...delays) - Math.min(...delays) : NaN, blocks: delays.length };
}

function rms(x) {
  return norm(x) / Math.sqrt(Math.max(1, x.length));
}

// ---- the test ---------------------------------------------------------------------------

describe('audio: speaker to listeners through the server, in three browsers', { timeout: 240000 }, () => {
  let server;
  let dir;
  let source;
  const clients = [];
  const raws = [];
  const users = {};  // name -> {token, id}
  let A, B, C;
  let roomId;
  let failedStep = null;

  function step(name, fn, { blocking = true } = {}) {
    it(name, async () => {
      if (failedStep) throw new Error(`blocked: the earlier step "${failedStep}" failed`);
      try {
        await fn();
      } catch (err) {
        if (blocking) failedStep = name;
        throw err;
      }
    });
  }

  async function raw(name) {
    const c = await RawClient.connect(server.wsUrl, name);
    raws.push(c);
    await c.hello();
    return c;
  }

  async function launch(name, token, args = []) {
    const c = await Client.launch(name, { args: ['--autoplay-policy=no-user-gesture-required', ...args] });
    clients.push(c);
    await c.page.addInitScript(([k, t]) => localStorage.setItem(k, t), [TOKEN_KEY, token]);
    return c;
  }

  // Waits for audio to be set up, tapping "Join audio" if the browser asks for it.
  async function joinAudio(c) {
    const s = await c.waitFor((st) => st.audio && (st.audio.joined || st.audio.needs_gesture),
      'audio set up or asking for a tap', 20000);
    if (!s.audio.joined || s.audio.needs_gesture) await c.click('room.join_audio');
    return c.waitFor((st) => st.audio.joined && !st.audio.needs_gesture && st.audio.started,
      'audio joined and the audio connection started', 20000);
  }

  async function tap(c, seconds, which) {
    const t = await c.page.evaluate(async ([s, w]) => {
      const r = await window.salotto.audioTap(s, w);
      const bytes = new Uint8Array(r.samples.buffer);
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      return { b64: btoa(bin), startMs: r.startMs, sampleRate: r.sampleRate };
    }, [seconds, which]);
    const buf = Buffer.from(t.b64, 'base64');
    const samples = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
    return { samples, startMs: t.startMs, sampleRate: t.sampleRate };
  }

  before(async () => {
    server = await startServer('audio');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-audio-'));
    source = makeSignal();
    writeWav(path.join(dir, 'signal.wav'), source);
  });

  after(async () => {
    for (const c of clients) await c.close();
    for (const r of raws) r.ws.terminate();
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  step('three users sign up over a raw socket', async () => {
    const a = await raw('a');
    a.send({ t: 'signup', invite: server.invite, handle: 'anna', name: 'Anna Speaker', password: 'voce-alta-2026' });
    const sa = await a.take((m) => m.t === 'session', 'a session');
    users.A = { token: sa.token, id: sa.user.id };
    for (const name of ['B', 'C']) {
      a.send({ t: 'create_invite' });
      const inv = await a.take((m) => m.t === 'invite', 'an invite');
      const c = await raw(name);
      c.send({ t: 'signup', invite: inv.code, handle: `listener${name.toLowerCase()}`, name: `Listener ${name}`, password: 'ascolto-attento-2026' });
      const s = await c.take((m) => m.t === 'session', 'a session');
      users[name] = { token: s.token, id: s.user.id };
      c.ws.close();
    }
    a.ws.close();
  });

  step('A creates a room with a fake microphone and is live', async () => {
    A = await launch('A', users.A.token, [
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${path.join(dir, 'signal.wav')}`,
    ]);
    await A.open(server.url);
    await A.waitFor((s) => s.screen === 'hallway', 'the hallway');
    await A.type('hallway.title_input', 'Prova microfono');
    await A.click('hallway.create_room');
    const s = await A.waitFor((st) => st.screen === 'room' && st.room, 'A in the room');
    roomId = s.room.id;
    const self = s.room.members.find((m) => m.id === users.A.id);
    assert.equal(self.muted, false, 'the room creator starts unmuted');
    await joinAudio(A);
    await A.waitFor((st) => st.audio.mic === 'live', 'A\'s microphone live', 20000);
    await A.waitForWidget('room.mute');
  });

  step('B and C join the room as listeners and join audio', async () => {
    B = await launch('B', users.B.token);
    C = await launch('C', users.C.token);
    await Promise.all([B.open(`${server.url}r/${roomId}`), C.open(`${server.url}r/${roomId}`)]);
    for (const c of [B, C]) {
      await c.waitFor((s) => s.screen === 'room' && s.room && s.room.id === roomId, 'in A\'s room');
      await joinAudio(c);
      const s = await c.state();
      assert.equal(s.audio.mic, 'off', 'listeners need no microphone');
    }
    await B.waitFor((s) => s.audio.stats.speakers.some((sp) => sp.id === users.A.id && sp.received > 50),
      'B receiving A\'s frames', 20000);
  });

  step('B and C play what A says (correlation with the source, delay)', async () => {
    await sleep(1500); // let the jitter buffers settle
    // Meanwhile B's main thread stalls for 200 ms three times: audio must not care.
    const stalls = (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(1200);
        await B.page.evaluate(() => { const t = performance.now(); while (performance.now() - t < 200) { /* busy */ } });
      }
    })();
    const [capA, playB, playC] = await Promise.all([
      tap(A, TAP_SECONDS, 'capture'), tap(B, TAP_SECONDS, 'playback'), tap(C, TAP_SECONDS, 'playback')]);
    await stalls;
    const inA = correlateWithSource(source, capA.samples);
    const outB = correlateWithSource(source, playB.samples);
    const outC = correlateWithSource(source, playC.samples);
    const dB = measureDelay(capA, playB);
    const dC = measureDelay(capA, playC);
    const stats = (await B.state()).audio.stats;
    console.log(`# audio: per-block correlation with the source: A capture r=${inA.r.toFixed(3)}, ` +
      `B playback r=${outB.r.toFixed(3)}, C playback r=${outC.r.toFixed(3)}; one lag for a whole loop: ` +
      `A ${inA.global.toFixed(3)}, B ${outB.global.toFixed(3)}, C ${outC.global.toFixed(3)}`);
    console.log(`# audio: A capture -> B playback delay ${dB.delayMs.toFixed(1)} ms (median of ${dB.blocks} ` +
      `blocks, spread ${dB.spreadMs.toFixed(1)} ms, r=${dB.r.toFixed(3)}), -> C ${dC.delayMs.toFixed(1)} ms ` +
      `(spread ${dC.spreadMs.toFixed(1)} ms, r=${dC.r.toFixed(3)}); B stats ${JSON.stringify(stats)}`);
    assert.ok(outB.r >= 0.8, `B's playback must correlate with the source (r=${outB.r.toFixed(3)}, A's capture r=${inA.r.toFixed(3)})`);
    assert.ok(outC.r >= 0.8, `C's playback must correlate with the source (r=${outC.r.toFixed(3)})`);
    assert.ok(dB.delayMs > 0 && dB.delayMs < 400, `delay A -> B ${dB.delayMs.toFixed(1)} ms`);
  });

  step('the room shows who speaks, the live microphone and the audio stats', async () => {
    const a = await A.waitFor((s) => s.audio.levels[users.A.id] > 0, 'A\'s own speaking level');
    assert.equal(a.audio.mic, 'live');
    await B.waitFor((s) => s.audio.levels[users.A.id] > 0, 'A\'s level at B');
    await B.click('room.audio_panel');
    await A.screenshot('audio-A-live');
    await B.screenshot('audio-B-stats');
  }, { blocking: false });

  step('an audience member\'s upstream frames are refused and reach nobody', async () => {
    const c = await raw('C-raw');
    c.send({ t: 'resume', token: users.C.token });
    await c.take((m) => m.t === 'session', 'a session');
    c.send({ t: 'start_audio' });
    await c.take((m) => m.t === 'audio_started' || m.t === 'error', 'start_audio answered');
    // A valid upstream frame: version 1, level 100, sequence 0, timestamp 0, Opus TOC
    // for 10 ms CELT silence plus a byte.
    c.sendBinary(Buffer.from([1, 100, 0, 0, 0, 0, 0, 0, 0xf8, 0xff, 0xfe]));
    const e = await c.take((m) => m.t === 'error', 'an error for the audience member\'s frame');
    assert.equal(e.code, 'not_on_stage', `expected not_on_stage, got ${JSON.stringify(e)}`);
    c.ws.close();
  });

  step('after A mutes, nothing reaches B', async () => {
    await A.click('room.mute');
    await A.waitFor((s) => s.audio.mic === 'muted' &&
      s.room.members.find((m) => m.id === users.A.id).muted === true, 'A muted');
    await A.waitForWidget('room.mute');
    await sleep(1000); // concealment of the last frames fades out
    const before = (await B.state()).audio.stats.speakers.find((sp) => sp.id === users.A.id).received;
    const played = await tap(B, 2, 'playback');
    const afterCount = (await B.state()).audio.stats.speakers.find((sp) => sp.id === users.A.id).received;
    const level = rms(played.samples);
    console.log(`# audio: muted: B played rms ${level.toExponential(2)}, frames received ${afterCount - before}`);
    assert.equal(afterCount - before, 0, 'no frames from a muted speaker');
    assert.ok(level < 1e-4, `B must play silence while A is muted (rms ${level})`);
    await A.screenshot('audio-A-muted');
  });

  step('a listener invited on stage starts muted, and a missing microphone is explained', async () => {
    // C's browser has no fake microphone: getUserMedia fails as it would for a
    // person without one (or who refused it).
    await A.clickVia(`room.member.${users.C.id}`, `room.invite_speaker.${users.C.id}`);
    const s = await C.waitFor((st) => {
      const me = st.room.members.find((m) => m.id === users.C.id);
      return me && me.role === 'speaker' && ['denied', 'unavailable'].includes(st.audio.mic);
    }, 'C on stage with the microphone problem reported');
    assert.equal(s.room.members.find((m) => m.id === users.C.id).muted, true, 'invited speakers start muted');
    assert.ok(s.audio.mic_message.length > 0, 'the reason is shown');
    await C.waitForWidget('room.mute');
    console.log(`# audio: C on stage without a microphone: mic=${s.audio.mic}: ${s.audio.mic_message}`);
    await C.screenshot('audio-C-no-microphone');
  }, { blocking: false });
});
