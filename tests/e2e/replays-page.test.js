// A recorded room's stage invitation and its page after it ended, through the UI in
// headless Chromium (docs/protocol.md, "Recording and replays"): Ada records her room;
// Bea, brought on stage from the audience, reads in the invitation that the room is
// recorded before she unmutes; Ada ends the room and both land on its page, where the
// replay appears once saved; Cat, who was never in the room, opens its link in a
// browser of her own, sees "This room has ended" with the replay, plays it (and
// seeks); a link to a room that never existed is an error.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, sleep } = require('./lib/server');
const { stepper } = require('./lib/steps');
const { signUpChain } = require('./lib/wsclient');
const { Client } = require('./lib/browser');
const { startRoom, member } = require('./lib/ui');

const RECORD_MS = 3000;
const FAKE_MIC = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

describe('replays: the stage invitation says the room is recorded; the ended room\'s page plays its replay', { timeout: 150000 }, () => {
  const step = stepper(it);
  let server, A, B, C;
  const users = {};
  let roomId, replay, recordClicked;

  before(async () => {
    server = await startServer('replays-page');
    [users.ada, users.bea, users.cat] = await signUpChain(server.wsUrl, server.invite, [
      { handle: 'ada', name: 'Ada Registra', password: 'registra-bene-1' },
      { handle: 'bea', name: 'Bea Ascolta', password: 'ascolta-bene-1' },
      { handle: 'cat', name: 'Cat Arriva', password: 'arriva-tardi-1' },
    ]);
  });

  after(async () => {
    for (const c of [A, B, C]) if (c) await c.close().catch(() => {});
    if (server) await server.stop().catch(() => {});
  });

  // The text of widget `id`'s element in the DOM mirror, once it has some (the mirror
  // follows the frame after the state changed); "" if it has none within 10 s.
  const mirrorText = async (c, id) => {
    const deadline = Date.now() + 10000;
    for (;;) {
      const text = await c.page.evaluate((w) => {
        const el = document.querySelector(`#salotto-a11y [data-widget="${w}"]`);
        return el ? el.textContent : '';
      }, id);
      if (text || Date.now() > deadline) return text;
      await sleep(100);
    }
  };

  step('Ada records her room; Bea, brought on stage, reads in the invitation that it is recorded', async () => {
    A = await Client.launchSignedIn('replays-page-ada', users.ada.token, FAKE_MIC);
    await A.open(server.url);
    const inRoom = await startRoom(A, 'Registrata');
    roomId = inRoom.room.id;
    recordClicked = Date.now();
    await A.click('room.record');
    await A.waitFor((s) => s.room && s.room.recording === true, 'Ada sees her room recorded');

    B = await Client.launchSignedIn('replays-page-bea', users.bea.token, FAKE_MIC);
    await B.open(server.url + 'r/' + roomId);
    await B.waitFor((s) => s.room && s.room.id === roomId && s.room.recording === true, 'Bea in the recorded room');
    await A.waitFor((s) => member(s, users.bea.id), 'Ada sees Bea in the audience');
    await A.clickVia(`room.member.${users.bea.id}`, `room.invite_speaker.${users.bea.id}`);

    const invited = await B.waitFor((s) => s.room.stage_invitation === true, 'Bea\'s stage invitation');
    const me = member(invited, users.bea.id);
    assert.equal(me.role, 'speaker');
    assert.equal(me.muted, true, 'she has not spoken yet');
    await B.waitForWidget('room.stage_invitation.accept');
    const warning = await mirrorText(B, 'room.stage_invitation_recorded');
    assert.match(warning, /recorded/i, `the invitation says the room is recorded: "${warning}"`);
    assert.match(await mirrorText(B, 'room.stage_invitation'), /on stage/i);
    await B.screenshot('replays-stage-invitation');

    // Accepting unmutes her; the invitation goes.
    await B.click('room.stage_invitation.accept');
    const live = await B.waitFor((s) => { const m = member(s, users.bea.id); return m && !m.muted; }, 'Bea unmuted');
    assert.equal(live.room.stage_invitation, false);
    assert.equal(await mirrorText(B, 'room.stage_invitation_recorded'), '');
  });

  step('Ada ends the room: both land on its page, where the replay appears once saved', async () => {
    await sleep(RECORD_MS);
    await A.click('room.end');
    const recorded = Date.now() - recordClicked;  // an upper bound of how long it recorded
    for (const [c, who] of [[A, 'Ada'], [B, 'Bea']]) {
      const s = await c.waitFor((st) => st.screen === 'ended_room' && st.ended_room && st.ended_room.id === roomId &&
        st.replays.room === roomId && st.replays.items.length === 1, `${who} on the ended room's page with its replay`, 20000);
      assert.equal(s.room, null);
      assert.equal(s.ended_room.confirmed, true);
      assert.equal(s.ended_room.title, 'Registrata');
      replay = s.replays.items[0];
    }
    assert.equal(replay.title, 'Registrata', 'the replay\'s title is the stored one');
    assert.ok(replay.duration_ms > RECORD_MS && replay.duration_ms < recorded + 1000,
      `the replay lasts as long as the recording: ${replay.duration_ms} ms (at most ${recorded} ms recorded)`);
    assert.equal(await B.page.evaluate(() => location.pathname), `/r/${roomId}`);
  });

  step('Cat opens the room\'s link in her own browser: the ended room\'s page plays the replay, with seek', async () => {
    C = await Client.launchSignedIn('replays-page-cat', users.cat.token);
    await C.open(server.url + 'r/' + roomId);
    const s = await C.waitFor((st) => st.screen === 'ended_room' && st.ended_room && st.ended_room.confirmed &&
      st.replays.room === roomId && st.replays.items.length === 1, 'Cat on the ended room\'s page');
    assert.equal(s.ended_room.title, 'Registrata');
    assert.equal(s.error, null);
    assert.equal(s.replays.items[0].id, replay.id);
    await C.waitForWidget(`replay.play.${replay.id}`);
    assert.equal(await mirrorText(C, 'ended_room.status'), 'This room has ended.');
    assert.equal(await mirrorText(C, 'ended_room.title'), 'Registrata');
    const secs = Math.floor(replay.duration_ms / 1000);
    const length = `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')}`;
    assert.equal(await mirrorText(C, `replay.item.${replay.id}`), `Registrata  (${length})`);
    assert.equal(await C.page.evaluate(() => location.pathname), `/r/${roomId}`);
    assert.match(await C.page.evaluate(() => document.title), /Registrata/);
    await C.screenshot('replays-ended-room');

    await C.click(`replay.play.${replay.id}`);
    const poll = async (fn, arg, what) => {
      const deadline = Date.now() + 15000;
      for (;;) {
        const v = await C.page.evaluate(fn, arg);
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`no ${what} within 15 s`);
        await sleep(100);
      }
    };
    const audio = await poll(() => {
      const a = document.getElementById('salotto-replay');
      return a && !a.paused && a.currentTime > 0.3 ? { src: a.src, duration: a.duration } : null;
    }, null, 'the replay playing in the page\'s audio element');
    assert.match(audio.src, new RegExp(`/replays/${replay.id}\\.ogg\\?key=`));
    assert.ok(Math.abs(audio.duration * 1000 - replay.duration_ms) < 200, `duration ${audio.duration} s`);
    assert.equal((await C.state()).replays.playing, replay.id);
    const target = audio.duration - 1;
    await C.page.evaluate((t) => { document.getElementById('salotto-replay').currentTime = t; }, target);
    await poll((t) => {
      const a = document.getElementById('salotto-replay');
      return (a.currentTime > t + 0.2 || a.ended) && !a.seeking;
    }, target, 'playing on after the seek');
    // The download button is offered with the link; the link serves the file.
    await C.waitForWidget('replay.download');
    const got = await fetch(audio.src, { headers: { Range: 'bytes=0-3' } });
    assert.equal(got.status, 206);
    assert.equal(Buffer.from(await got.arrayBuffer()).toString('latin1'), 'OggS');
    await C.click('replay.close');
    await poll(() => !document.getElementById('salotto-replay'), null, 'the player closed');
  });

  step('a link to a room that never existed is an error on the hallway', async () => {
    await C.open(server.url + 'r/nosuchroom0');
    const s = await C.waitFor((st) => st.error && st.error.code === 'room_not_found', 'the room_not_found error');
    assert.equal(s.screen, 'hallway');
    assert.equal(s.ended_room, null);
    assert.match(await mirrorText(C, 'messages.error.text'), /never existed/i);
  });

  it('window.salotto hooks return plain objects, as documented', () => {
    const notes = [...new Set([A, B, C].filter(Boolean).flatMap((c) => [...c.contractNotes]))];
    assert.deepEqual(notes, []);
  });
});
