// Audio devices and controls end to end (docs/audio.md, "Devices and controls"): a real
// server and three headless Chromium browsers. A (the room's creator, on stage) has
// Chromium's fake audio devices playing a generated WAV of chirp bursts; B and C
// listen. A picks another microphone while live (the track is swapped in the room),
// turns echo cancellation off and push-to-talk on, and tests the microphone (A hears
// itself, nobody else does); with push-to-talk B hears nothing until A holds Space,
// then hears A (correlated with the source as audio.test.js does). A also picks
// another output (AudioContext.setSinkId). B turns A down to
// 0 (B hears silence, C still hears A), then to 50 %. After a reload, A's and B's
// choices are still there: in window.salotto.state(), in the UI, and applied to the
// microphone track. The embed's dock opens the compact microphone panel.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, sleep } = require('./lib/server');
const { Client, fakeMicrophone } = require('./lib/browser');
const { stepper } = require('./lib/steps');
const { startRoom } = require('./lib/ui');
const { RawClient } = require('./lib/wsclient');
const { makeSignal, writeWav, correlateWithSource, rms, judgeWindows } = require('./lib/audio');

const TAP_SECONDS = 5;
const WINDOWS = 3;
const SILENCE_RMS = 1e-4;

// ImGui 1.86's slider (SliderBehaviorT): the grab is GrabMinSize (10) wide and moves
// 2 px inside the frame; a click at ratio t of the usable width sets min + t * range.
// t = 0 clicks just inside the frame's left edge, left of the usable range: the minimum.
function sliderX(rect, t) {
  const grab = 10;
  const padding = 2;
  if (t <= 0) return rect.x + 1;
  return rect.x + padding + grab / 2 + t * (rect.w - 2 * padding - grab);
}

async function clickSlider(c, id, t) {
  const r = await c.waitForWidget(id);
  const box = await c.canvasBox();
  const x = box.x + sliderX(r, t);
  const y = box.y + r.y + r.h / 2;
  await c.page.mouse.move(x, y);
  await c.frames(3);
  await c.page.mouse.down();
  await c.frames(2);
  await c.page.mouse.up();
  await c.frames(2);
}

// Scrolls the room's list (where the audio settings panel is) until widget `id` is
// drawn, as a person scrolls to a control below the fold, then clicks it.
async function scrollTo(c, id) {
  for (let i = 0; i < 30; i++) {
    const w = await c.widgets();
    if (w[id] && w[id].h > 0) return w[id];
    const box = await c.canvasBox();
    // Over the room's scrolling part: under its header, above the dock.
    await c.page.mouse.move(box.x + box.w / 2, box.y + box.h / 2);
    await c.page.mouse.wheel(0, 100);
    await c.frames(3);
  }
  return c.waitForWidget(id);
}

async function scrollAndClick(c, id) {
  await scrollTo(c, id);
  await c.click(id);
}

function received(state, id) {
  const s = state.audio.stats.speakers.find((sp) => sp.id === id);
  return s ? s.received : 0;
}

describe('audio devices and controls: pickers, test loop, push-to-talk, volumes, reload', { timeout: 300000 }, () => {
  const step = stepper(it);
  let server;
  let dir;
  let source;
  const clients = [];
  const users = {};
  let A, B, C;
  let roomId;
  let chosenMic = null;
  let chosenOutput = null;

  async function launch(name, token, args = []) {
    const c = await Client.launchSignedIn(name, token, args);
    clients.push(c);
    return c;
  }

  before(async () => {
    server = await startServer('devices');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-devices-'));
    source = makeSignal();
    writeWav(path.join(dir, 'signal.wav'), source);
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  step('three users sign up over a raw socket', async () => {
    const a = await RawClient.connect(server.wsUrl, 'a');
    await a.hello();
    a.send({ t: 'signup', invite: server.invite, handle: 'dora', name: 'Dora Device', password: 'voce-alta-2026' });
    const sa = await a.take((m) => m.t === 'session', 'a session');
    users.A = { token: sa.token, id: sa.user.id };
    for (const name of ['B', 'C']) {
      a.send({ t: 'create_invite' });
      const inv = await a.take((m) => m.t === 'invite', 'an invite');
      const c = await RawClient.connect(server.wsUrl, name);
      await c.hello();
      c.send({ t: 'signup', invite: inv.code, handle: `ear${name.toLowerCase()}`, name: `Ear ${name}`, password: 'ascolto-attento-2026' });
      const s = await c.take((m) => m.t === 'session', 'a session');
      users[name] = { token: s.token, id: s.user.id };
      c.ws.close();
    }
    a.ws.close();
  });

  step('A creates a room and is live; the devices are listed with labels', async () => {
    A = await launch('A', users.A.token, fakeMicrophone(path.join(dir, 'signal.wav')));
    await A.open(server.url);
    await A.waitFor((s) => s.screen === 'hallway', 'the hallway');
    const s = await startRoom(A, 'Prova dispositivi');
    roomId = s.room.id;
    await A.joinAudio(20000);
    await A.waitFor((st) => st.audio.mic === 'live', 'A\'s microphone live', 20000);
    const listed = await A.waitFor((st) => st.audio.inputs.length > 0 && st.audio.inputs.every((d) => d.label),
      'microphones listed with labels', 20000);
    const raw = await A.page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices())
      .map((d) => `${d.kind}:${d.deviceId.slice(0, 8)}:${d.label}`));
    console.log(`# devices: enumerateDevices in headless Chromium: ${JSON.stringify(raw)}`);
    console.log(`# devices: listed inputs ${JSON.stringify(listed.audio.inputs.map((d) => d.label))}, outputs ` +
      `${JSON.stringify(listed.audio.outputs.map((d) => d.label))}, output choice ${listed.audio.output_choice}, ` +
      `track ${JSON.stringify(listed.audio.track)}`);
    assert.ok(listed.audio.track, 'the open track is reported');
    assert.equal(listed.audio.track.echo_cancellation, true, 'echo cancellation is on by default');
  });

  step('A picks another microphone while live: the track is swapped, A stays in the room', async () => {
    await A.click('room.audio_settings');
    const s = await A.state();
    const inputs = s.audio.inputs;
    const current = s.audio.track.device;
    const other = inputs.findIndex((d) => d.id !== current && d.id !== 'default');
    assert.ok(other >= 0, `a second microphone to pick (inputs ${JSON.stringify(inputs)}, current ${current})`);
    chosenMic = inputs[other].id;
    await scrollAndClick(A, `audio.mic.${other}`);
    const after = await A.waitFor((st) => st.audio.track && st.audio.track.device === chosenMic,
      'the chosen microphone in use', 15000);
    assert.equal(after.audio.settings.mic, chosenMic);
    assert.equal(after.room.id, roomId, 'still in the room');
    assert.equal(after.audio.mic, 'live', 'still live');
    console.log(`# devices: A switched to ${after.audio.track.label}`);
  });

  step('A turns echo cancellation off and push-to-talk on: A is muted for everyone', async () => {
    await scrollAndClick(A, 'audio.echo_cancellation');
    await A.waitFor((st) => st.audio.settings.echo_cancellation === false && st.audio.track &&
      st.audio.track.echo_cancellation === false && st.audio.track.device === chosenMic,
    'the track re-acquired without echo cancellation', 15000);
    // Chromium has AudioContext.setSinkId, so the outputs are listed and one is chosen.
    const s = await A.state();
    assert.equal(s.audio.output_choice, 'context');
    const output = s.audio.outputs.findIndex((d) => d.id !== 'default');
    assert.ok(output >= 0, `a second output (${JSON.stringify(s.audio.outputs)})`);
    chosenOutput = s.audio.outputs[output].id;
    await scrollAndClick(A, `audio.output.${output}`);
    await A.waitFor((st) => st.audio.settings.output === chosenOutput, 'the output chosen');
    const ctxSink = await A.page.evaluate(() => window.salottoAudio.context().sinkId);
    assert.equal(ctxSink, chosenOutput, 'the AudioContext plays to the chosen output');
    assert.equal((await A.state()).error, null, 'no error switching the output');
    await scrollAndClick(A, 'audio.push_to_talk');
    await A.waitFor((st) => st.audio.settings.push_to_talk === true &&
      st.room.members.find((m) => m.id === users.A.id).muted === true, 'A muted by push-to-talk');
    await A.waitForWidget('room.talk');
  });

  step('B and C join the room and hear nothing from A while Space is up', async () => {
    B = await launch('B', users.B.token);
    C = await launch('C', users.C.token);
    await Promise.all([B.open(`${server.url}r/${roomId}`), C.open(`${server.url}r/${roomId}`)]);
    for (const c of [B, C]) {
      const s = await c.waitFor((st) => st.screen === 'room' && st.room && st.room.id === roomId, 'in A\'s room');
      assert.equal(s.room.members.find((m) => m.id === users.A.id).muted, true, 'others see A muted');
      await c.joinAudio(20000);
    }
    const before = received(await B.state(), users.A.id);
    const played = await B.audioTap(2, 'playback');
    const after = received(await B.state(), users.A.id);
    console.log(`# devices: push-to-talk idle: B played rms ${rms(played.samples).toExponential(2)}, frames ${after - before}`);
    assert.equal(after - before, 0, 'no frames while push-to-talk is idle');
    assert.ok(rms(played.samples) < SILENCE_RMS, 'B plays silence');
  });

  step('"Test my microphone": A hears itself through the codec, nobody else hears A', async () => {
    await scrollAndClick(A, 'audio.test');
    await A.waitFor((st) => st.audio.testing, 'the test loop on');
    const before = received(await B.state(), users.A.id);
    const checks = await judgeWindows('devices', WINDOWS, async (w) => {
      const own = await A.audioTap(TAP_SECONDS, 'playback');
      const r = correlateWithSource(source, own.samples);
      const a = await A.state();
      console.log(`# devices: window ${w}: test loop: A's playback r=${r.r.toFixed(3)}, A's level ${a.audio.my_level}`);
      return [[r.r >= 0.8, `A must hear its own microphone (r=${r.r.toFixed(3)})`]];
    });
    for (const [ok, message] of checks) assert.ok(ok, message);
    const after = received(await B.state(), users.A.id);
    assert.equal(after - before, 0, 'the test sends nothing to the room');
    const a = await A.state();
    assert.equal(a.room.members.find((m) => m.id === users.A.id).muted, true, 'A stays muted');
    await A.screenshot('devices-A-settings-testing');
    await scrollAndClick(A, 'audio.test');
    await A.waitFor((st) => !st.audio.testing, 'the test loop off');
  });

  step('holding Space unmutes A for everyone, and B hears A; letting go mutes again', async () => {
    await A.page.keyboard.down('Space');
    try {
      await A.waitFor((st) => st.room.members.find((m) => m.id === users.A.id).muted === false &&
        st.audio.mic === 'live', 'A live while Space is held');
      await B.waitFor((st) => st.room.members.find((m) => m.id === users.A.id).muted === false, 'B sees A unmuted');
      await sleep(1000);
      const checks = await judgeWindows('devices', WINDOWS, async (w) => {
        const played = await B.audioTap(TAP_SECONDS, 'playback');
        const r = correlateWithSource(source, played.samples);
        console.log(`# devices: window ${w}: Space held: B playback r=${r.r.toFixed(3)}`);
        return [[r.r >= 0.8, `B must hear A while Space is held (r=${r.r.toFixed(3)})`]];
      });
      for (const [ok, message] of checks) assert.ok(ok, message);
    } finally {
      await A.page.keyboard.up('Space');
    }
    await B.waitFor((st) => st.room.members.find((m) => m.id === users.A.id).muted === true, 'B sees A muted again');
  });

  step('B turns A down to 0: B hears silence while C still hears A', async () => {
    await B.clickVia(`room.member.${users.A.id}`, `room.volume.${users.A.id}`);
    await clickSlider(B, `room.volume.${users.A.id}`, 0);
    await B.waitFor((st) => st.audio.settings.volumes[users.A.id] === 0, 'A at 0 % for B');
    await A.page.keyboard.down('Space');
    try {
      await B.waitFor((st) => st.room.members.find((m) => m.id === users.A.id).muted === false, 'A unmuted');
      await sleep(1000);
      const before = received(await B.state(), users.A.id);
      const checks = await judgeWindows('devices', WINDOWS, async (w) => {
        const [playB, playC] = await Promise.all([B.audioTap(TAP_SECONDS, 'playback'), C.audioTap(TAP_SECONDS, 'playback')]);
        const rC = correlateWithSource(source, playC.samples);
        const levelB = rms(playB.samples);
        console.log(`# devices: window ${w}: A at 0 % for B: B rms ${levelB.toExponential(2)}, C r=${rC.r.toFixed(3)}`);
        return [
          [levelB < SILENCE_RMS, `B must play silence (rms ${levelB})`],
          [rC.r >= 0.8, `C must still hear A (r=${rC.r.toFixed(3)})`],
        ];
      });
      for (const [ok, message] of checks) assert.ok(ok, message);
      const after = received(await B.state(), users.A.id);
      assert.ok(after - before > 50, `B still receives A's frames (${after - before}): the volume is B's own`);
    } finally {
      await A.page.keyboard.up('Space');
    }
    await clickSlider(B, `room.volume.${users.A.id}`, 0.25);
    await B.waitFor((st) => st.audio.settings.volumes[users.A.id] === 50, 'A at 50 % for B');
  });

  step('after a reload, A\'s and B\'s choices are still there and applied', async () => {
    await Promise.all([A.reload(), B.reload()]);
    const a = await A.waitFor((st) => st.screen === 'room' && st.room && st.room.id === roomId, 'A back in the room');
    assert.equal(a.audio.settings.mic, chosenMic, 'the microphone choice');
    assert.equal(a.audio.settings.echo_cancellation, false, 'echo cancellation off');
    assert.equal(a.audio.settings.push_to_talk, true, 'push-to-talk on');
    assert.equal(a.audio.settings.output, chosenOutput, 'the output choice');
    // The page may play without a gesture (--autoplay-policy): a freshly created
    // AudioContext reports "suspended" for a moment, so joinAudio() could see a
    // needs_gesture that is gone by the time it clicks; wait for the audio instead.
    await A.waitFor((st) => st.audio.joined && st.audio.started && !st.audio.needs_gesture,
      'A\'s audio back after the reload', 20000);
    const track = await A.waitFor((st) => st.audio.track, 'A\'s microphone open again', 20000);
    assert.equal(track.audio.track.device, chosenMic, 'the chosen microphone is opened');
    assert.equal(track.audio.track.echo_cancellation, false, 'without echo cancellation');
    await A.page.waitForFunction((id) => window.salottoAudio.context() &&
      window.salottoAudio.context().sinkId === id, chosenOutput, { timeout: 10000 });
    assert.equal(track.room.members.find((m) => m.id === users.A.id).muted, true, 'push-to-talk keeps A muted');
    await A.waitForWidget('room.talk');
    await A.click('room.audio_settings');
    const micIndex = track.audio.inputs.findIndex((d) => d.id === chosenMic);
    assert.ok(micIndex >= 0, 'the chosen microphone is listed');
    assert.ok(await scrollTo(A, `audio.mic.${micIndex}`), 'the chosen microphone is in the picker');
    assert.match((await scrollTo(A, 'audio.echo_cancellation')).label, /: off$/, 'the switch shows echo cancellation off');
    assert.match((await scrollTo(A, 'audio.push_to_talk')).label, /: on$/, 'the switch shows push-to-talk on');

    const b = await B.waitFor((st) => st.screen === 'room' && st.room && st.room.id === roomId, 'B back in the room');
    assert.equal(b.audio.settings.volumes[users.A.id], 50, 'A at 50 % for B');
    await B.click(`room.member.${users.A.id}`);
    await B.waitForWidget(`room.volume.${users.A.id}`);
    // For screen readers and keyboards the volume is a real slider: a range input in
    // the DOM mirror, named for its speaker, that the arrow keys move.
    const slider = B.page.locator(`#salotto-a11y input[type=range][data-widget="room.volume.${users.A.id}"]`);
    await slider.waitFor({ state: 'attached', timeout: 10000 });
    assert.match(await slider.getAttribute('aria-label'), /Dora Device/);
    assert.equal(await slider.inputValue(), '50');
    await slider.focus();
    await B.page.keyboard.press('ArrowRight');
    await B.waitFor((st) => st.audio.settings.volumes[users.A.id] === 55, 'A at 55 % for B after ArrowRight');
    await A.screenshot('devices-A-after-reload');
    await B.screenshot('devices-B-volume-after-reload');
  });

  step('the embed, in a phone-sized frame, opens the microphone picker and test from its dock', async () => {
    await C.page.setViewportSize({ width: 360, height: 480 });
    await C.open(`${server.url}embed/${roomId}`);
    await C.click('embed.join');  // an embed joins on its Join button (waits for it)
    // The Join tap starts the audio too; until it runs the dock also shows "Join audio",
    // and the buttons move when that goes: a click across the move would be lost.
    await C.waitFor((st) => st.screen === 'room' && st.room && st.room.id === roomId && st.audio.joined,
      'C in the room through the embed, with audio');
    await C.click('embed.audio_settings');
    await C.waitForWidget('audio.test');
    await C.waitForWidget('audio.level');
    await C.screenshot('devices-C-embed-microphone');
  }, { blocking: false });
});
