// A conversation: two browsers on stage talking at the same time through the real
// server. A (the room's creator, live) and B (invited on stage by A, then unmuting
// itself with room.mute) each speak through their own fake microphone, playing two
// different generated WAVs of chirp bursts (A low, B high, different seeds). Each
// side's playback tap must correlate with the OTHER side's source (per block, as in
// audio.test.js) and clearly less with its own; the delays each way are printed.
// C listens in the audience and plays the mix of both: each voice is picked out of
// C's playback by its band and must correlate with its source.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, sleep } = require('./lib/server');
const { Client, TOKEN_KEY, fakeMicrophone } = require('./lib/browser');
const { stepper } = require('./lib/steps');
const { startRoom, member } = require('./lib/ui');
const { RawClient } = require('./lib/wsclient');
const {
  makeSignal, writeWav, correlateWithSource, measureDelay, bandPass, judgeWindows,
} = require('./lib/audio');

const WAIT_MS = 15000;
const TAP_SECONDS = 6;    // longer than a loop, so the correlation window is whole
const WINDOWS = 3;        // windows measured at most (judgeWindows in lib/audio.js)
const BAND_A = [150, 1700];   // A's chirps and their overtones (B's start at 1,800 Hz)
const BAND_B = [1850, 2500];  // B's chirps (A's overtones reach in now and then)

describe('conversation: two speakers on stage talking at once, each hears the other, a listener hears both', { timeout: 120000 }, () => {
  const step = stepper(it);
  let server;
  let dir;
  const src = {};    // name -> source signal
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

  async function launch(name, token, wav) {
    const c = await Client.launchSignedIn(name, token, fakeMicrophone(wav));
    clients.push(c);
    return c;
  }

  before(async () => {
    server = await startServer('conversation');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-conversation-'));
    src.A = makeSignal();                                                      // 250-1750 Hz
    src.B = makeSignal({ seed: 987654321, fLow: 1800, f0Span: 700, f1Span: 700 }); // 1800-2500 Hz
    writeWav(path.join(dir, 'voice-A.wav'), src.A);
    writeWav(path.join(dir, 'voice-B.wav'), src.B);
  });

  after(async () => {
    for (const c of clients) await c.close();
    for (const r of raws) r.ws.terminate();
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  step('three users sign up over a raw socket', async () => {
    // A signs up with the bootstrap invite and invites the others.
    const people = [
      ['A', 'alba', 'Alba Parla'], ['B', 'bruno', 'Bruno Risponde'], ['C', 'chiara', 'Chiara Ascolta']];
    let a = null;
    for (const [name, handle, display] of people) {
      let invite = server.invite;
      if (a) {
        a.send({ t: 'create_invite' });
        invite = (await a.take((m) => m.t === 'invite', 'an invite')).code;
      }
      const c = await raw(name);
      c.send({ t: 'signup', invite, handle, name: display, password: 'voce-alta-2026' });
      const session = await c.take((m) => m.t === 'session', 'a session');
      users[name] = { token: session.token, id: session.user.id };
      if (!a) a = c;
    }
    for (const r of raws) r.ws.close();
  });

  step('A creates a room and is live; B joins, is invited on stage and unmutes', async () => {
    A = await launch('conv-A', users.A.token, path.join(dir, 'voice-A.wav'));
    await A.open(server.url);
    await A.waitFor((s) => s.screen === 'hallway', 'the hallway');
    const s = await startRoom(A, 'Due voci');
    roomId = s.room.id;
    await A.joinAudio();
    await A.waitFor((st) => st.audio.mic === 'live', 'A\'s microphone live');

    B = await launch('conv-B', users.B.token, path.join(dir, 'voice-B.wav'));
    await B.open(`${server.url}r/${roomId}`);
    await B.waitFor((st) => st.screen === 'room' && st.room && st.room.id === roomId, 'B in A\'s room');
    await B.joinAudio();
    await A.waitFor((st) => member(st, users.B.id) && member(st, users.B.id).role === 'audience', 'B in A\'s list');
    await A.clickVia(`room.member.${users.B.id}`, `room.invite_speaker.${users.B.id}`);
    const sb = await B.waitFor((st) => member(st, users.B.id) && member(st, users.B.id).role === 'speaker' &&
      st.audio.mic === 'muted', 'B on stage, muted');
    assert.equal(member(sb, users.B.id).muted, true, 'invited speakers start muted');
    await B.click('room.mute');
    await B.waitFor((st) => st.audio.mic === 'live' && member(st, users.B.id).muted === false, 'B live');
    await A.waitFor((st) => member(st, users.B.id) && member(st, users.B.id).muted === false, 'B unmuted in A\'s view');
    await Promise.all([
      A.waitFor((st) => st.audio.stats.speakers.some((sp) => sp.id === users.B.id && sp.received > 50),
        'A receiving B\'s frames'),
      B.waitFor((st) => st.audio.stats.speakers.some((sp) => sp.id === users.A.id && sp.received > 50),
        'B receiving A\'s frames'),
    ]);
  });

  step('C joins the audience and receives both voices', async () => {
    C = await launch('conv-C', users.C.token);
    await C.open(`${server.url}r/${roomId}`);
    await C.waitFor((st) => st.screen === 'room' && st.room && st.room.id === roomId, 'C in A\'s room');
    await C.joinAudio();
    const hears = (st, id) => st.audio.stats.speakers.some((sp) => sp.id === id && sp.received > 50);
    await C.waitFor((st) => hears(st, users.A.id) && hears(st, users.B.id), 'C receiving A\'s and B\'s frames');
  });

  step('both talk at once: each plays the other, not itself; C plays both', async () => {
    await sleep(1500); // let the jitter buffers settle
    const checks = await judgeWindows('conversation', WINDOWS, async (w) => {
      const [capA, capB, playA, playB, playC] = await Promise.all([
        A.audioTap(TAP_SECONDS, 'capture'), B.audioTap(TAP_SECONDS, 'capture'),
        A.audioTap(TAP_SECONDS, 'playback'), B.audioTap(TAP_SECONDS, 'playback'),
        C.audioTap(TAP_SECONDS, 'playback')]);
      const inA = correlateWithSource(src.A, capA.samples);
      const inB = correlateWithSource(src.B, capB.samples);
      const aHearsB = correlateWithSource(src.B, playA.samples);
      const bHearsA = correlateWithSource(src.A, playB.samples);
      const aHearsA = correlateWithSource(src.A, playA.samples);
      const bHearsB = correlateWithSource(src.B, playB.samples);
      const dAB = measureDelay(capA, playB);
      const dBA = measureDelay(capB, playA);
      const statsA = (await A.state()).audio.stats;
      const statsB = (await B.state()).audio.stats;
      const cHearsA = correlateWithSource(bandPass(src.A, ...BAND_A), bandPass(playC.samples, ...BAND_A));
      const cHearsB = correlateWithSource(bandPass(src.B, ...BAND_B), bandPass(playC.samples, ...BAND_B));
      const cWhole = correlateWithSource(src.A, playC.samples);
      console.log(`# conversation: window ${w}: captures vs own source: A r=${inA.r.toFixed(3)}, B r=${inB.r.toFixed(3)}`);
      console.log(`# conversation: A playback vs B's source r=${aHearsB.r.toFixed(3)} (global ${aHearsB.global.toFixed(3)}), ` +
        `vs A's own r=${aHearsA.r.toFixed(3)}; B playback vs A's source r=${bHearsA.r.toFixed(3)} ` +
        `(global ${bHearsA.global.toFixed(3)}), vs B's own r=${bHearsB.r.toFixed(3)}`);
      console.log(`# conversation: delay A capture -> B playback ${dAB.delayMs.toFixed(1)} ms (median of ${dAB.blocks} ` +
        `blocks, spread ${dAB.spreadMs.toFixed(1)} ms, r=${dAB.r.toFixed(3)}); B capture -> A playback ` +
        `${dBA.delayMs.toFixed(1)} ms (median of ${dBA.blocks} blocks, spread ${dBA.spreadMs.toFixed(1)} ms, ` +
        `r=${dBA.r.toFixed(3)})`);
      console.log(`# conversation: A stats ${JSON.stringify(statsA)}; B stats ${JSON.stringify(statsB)}`);
      console.log(`# conversation: C playback, A's band vs A's source r=${cHearsA.r.toFixed(3)}, ` +
        `B's band vs B's source r=${cHearsB.r.toFixed(3)} (unfiltered vs A's source r=${cWhole.r.toFixed(3)})`);
      return [
        [aHearsB.r >= 0.8, `A's playback must correlate with B's source (r=${aHearsB.r.toFixed(3)}, B's capture r=${inB.r.toFixed(3)})`],
        [bHearsA.r >= 0.8, `B's playback must correlate with A's source (r=${bHearsA.r.toFixed(3)}, A's capture r=${inA.r.toFixed(3)})`],
        [aHearsA.r < aHearsB.r - 0.2, `A must hear B, not itself (own r=${aHearsA.r.toFixed(3)}, B's r=${aHearsB.r.toFixed(3)})`],
        [bHearsB.r < bHearsA.r - 0.2, `B must hear A, not itself (own r=${bHearsB.r.toFixed(3)}, A's r=${bHearsA.r.toFixed(3)})`],
        [cHearsA.r >= 0.8, `C's playback must carry A (r=${cHearsA.r.toFixed(3)} in A's band)`],
        [cHearsB.r >= 0.8, `C's playback must carry B (r=${cHearsB.r.toFixed(3)} in B's band)`],
      ];
    });
    for (const [ok, message] of checks) assert.ok(ok, message);
  });
});
