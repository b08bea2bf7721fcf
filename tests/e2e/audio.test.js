// Live audio end to end: a real server and three headless Chromium browsers.
// A (the room's creator, on stage, unmuted) speaks through a fake microphone that
// plays a generated WAV of chirp bursts; B and C listen. The browsers' test taps
// (window.salotto.audioTap, docs/client-test-api.md) record what A's capture worklet
// encoded and what B's and C's playback worklets played; the test correlates them
// with the source signal, measures the mouth-to-ear delay (capture worklet input to
// playback worklet output), checks that muting A silences B, and that an audience
// member's upstream frames are refused with not_on_stage and reach nobody. B's main
// thread stalls for 200 ms now and then while it records, and later its tab goes to
// the background (no animation frames): audio must not notice either.
// Finally C, who has no microphone, is invited on stage: muted, and told why the
// microphone cannot be used.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, sleep } = require('./lib/server');
const { Client, TOKEN_KEY, fakeMicrophone } = require('./lib/browser');
const { stepper } = require('./lib/steps');
const { startRoom } = require('./lib/ui');
const { RawClient } = require('./lib/wsclient');

const {
  makeSignal, writeWav, correlateWithSource, measureDelay, rms, judgeWindows,
} = require('./lib/audio');

const TAP_SECONDS = 6;    // longer than a loop, so the correlation window is whole
const WINDOWS = 3;        // windows measured at most (judgeWindows in lib/audio.js)

// ---- the test ---------------------------------------------------------------------------

describe('audio: speaker to listeners through the server, in three browsers', { timeout: 240000 }, () => {
  const step = stepper(it);
  let server;
  let dir;
  let source;
  const clients = [];
  const raws = [];
  const users = {};  // name -> {token, id}
  let A, B, C;
  let roomId;

  async function raw(name) {
    const c = await RawClient.connect(server.wsUrl, name);
    raws.push(c);
    await c.hello();
    return c;
  }

  async function launch(name, token, args = []) {
    const c = await Client.launchSignedIn(name, token, args);
    clients.push(c);
    return c;
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
    A = await launch('A', users.A.token, fakeMicrophone(path.join(dir, 'signal.wav')));
    await A.open(server.url);
    await A.waitFor((s) => s.screen === 'hallway', 'the hallway');
    const s = await startRoom(A, 'Prova microfono');
    roomId = s.room.id;
    const self = s.room.members.find((m) => m.id === users.A.id);
    assert.equal(self.muted, false, 'the room creator starts unmuted');
    await A.joinAudio(20000);
    await A.waitFor((st) => st.audio.mic === 'live', 'A\'s microphone live', 20000);
    await A.waitForWidget('room.mute');
  });

  step('B and C join the room as listeners and join audio', async () => {
    B = await launch('B', users.B.token);
    C = await launch('C', users.C.token);
    await Promise.all([B.open(`${server.url}r/${roomId}`), C.open(`${server.url}r/${roomId}`)]);
    for (const c of [B, C]) {
      await c.waitFor((s) => s.screen === 'room' && s.room && s.room.id === roomId, 'in A\'s room');
      await c.joinAudio(20000);
      const s = await c.state();
      assert.equal(s.audio.mic, 'off', 'listeners need no microphone');
    }
    await B.waitFor((s) => s.audio.stats.speakers.some((sp) => sp.id === users.A.id && sp.received > 50),
      'B receiving A\'s frames', 20000);
  });

  step('B and C play what A says (correlation with the source, delay)', async () => {
    await sleep(1500); // let the jitter buffers settle
    const checks = await judgeWindows('audio', WINDOWS, async (w) => {
      // Meanwhile B's main thread stalls for 200 ms three times: audio must not care.
      const stalls = (async () => {
        for (let i = 0; i < 3; i++) {
          await sleep(1200);
          await B.page.evaluate(() => { const t = performance.now(); while (performance.now() - t < 200) { /* busy */ } });
        }
      })();
      const [capA, playB, playC] = await Promise.all([
        A.audioTap(TAP_SECONDS, 'capture'), B.audioTap(TAP_SECONDS, 'playback'), C.audioTap(TAP_SECONDS, 'playback')]);
      await stalls;
      const inA = correlateWithSource(source, capA.samples);
      const outB = correlateWithSource(source, playB.samples);
      const outC = correlateWithSource(source, playC.samples);
      const dB = measureDelay(capA, playB);
      const dC = measureDelay(capA, playC);
      const stats = (await B.state()).audio.stats;
      console.log(`# audio: window ${w}: per-block correlation with the source: A capture r=${inA.r.toFixed(3)}, ` +
        `B playback r=${outB.r.toFixed(3)}, C playback r=${outC.r.toFixed(3)}; one lag for a whole loop: ` +
        `A ${inA.global.toFixed(3)}, B ${outB.global.toFixed(3)}, C ${outC.global.toFixed(3)}`);
      console.log(`# audio: A capture -> B playback delay ${dB.delayMs.toFixed(1)} ms (median of ${dB.blocks} ` +
        `blocks, spread ${dB.spreadMs.toFixed(1)} ms, r=${dB.r.toFixed(3)}), -> C ${dC.delayMs.toFixed(1)} ms ` +
        `(spread ${dC.spreadMs.toFixed(1)} ms, r=${dC.r.toFixed(3)}); B stats ${JSON.stringify(stats)}`);
      return [
        [outB.r >= 0.8, `B's playback must correlate with the source (r=${outB.r.toFixed(3)}, A's capture r=${inA.r.toFixed(3)})`],
        [outC.r >= 0.8, `C's playback must correlate with the source (r=${outC.r.toFixed(3)})`],
        [dB.delayMs > 0 && dB.delayMs < 400, `delay A -> B ${dB.delayMs.toFixed(1)} ms`],
      ];
    });
    for (const [ok, message] of checks) assert.ok(ok, message);
  });

  step('B\'s tab goes to the background: no frame is drawn, and B keeps playing A', async () => {
    const checks = await judgeWindows('audio', WINDOWS, async (w) => {
      const hidden = await B.hide();
      await sleep(300);
      const playB = await B.audioTap(TAP_SECONDS, 'playback');
      const held = await hidden.frameRequests();
      await B.show();
      await B.frames(2);
      const outB = correlateWithSource(source, playB.samples);
      console.log(`# audio: window ${w}: B hidden for ${TAP_SECONDS} s: ${held} frame request(s) held, ` +
        `playback r=${outB.r.toFixed(3)} (whole loop ${outB.global.toFixed(3)})`);
      return [
        [held >= 1, 'the client\'s frame loop asked for a frame, so hiding stopped it'],
        [outB.r >= 0.8, `B's playback while hidden must correlate with the source (r=${outB.r.toFixed(3)})`],
      ];
    });
    for (const [ok, message] of checks) assert.ok(ok, message);
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
    const played = await B.audioTap(2, 'playback');
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
