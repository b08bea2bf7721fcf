// Moderation end to end through the UI (docs/protocol.md, "Moderation"): two headless
// Chromium browsers, real mouse input on the canvas. A (moderator) mutes B on stage
// (B sees who did it and unmutes), removes B (B is back in the hallway, told why, and
// rejoining shows removed_from_room), then closes a new room, where B, coming by the
// room's link, is refused, knocks, and is let in by A from the knocks list.
// Users sign up over a raw socket to keep the browsers' work to what is tested.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('./lib/server');
const { Client, fakeMicrophone } = require('./lib/browser');
const { stepper } = require('./lib/steps');
const { startRoom, member, inHallway } = require('./lib/ui');
const { signUpChain } = require('./lib/wsclient');
const { makeSignal, writeWav } = require('./lib/audio');

describe('moderation: mute, remove for good, knock on a closed room, in two browsers', { timeout: 150000 }, () => {
  const step = stepper(it);
  let server;
  let dir;
  const clients = [];
  const users = {}; // name -> {token, id}
  let A, B;
  let roomId, closedId;

  async function launch(name, token, wav) {
    // B speaks: a fake microphone lets it unmute (without one the mute button only
    // retries the microphone).
    const c = await Client.launchSignedIn(name, token, fakeMicrophone(wav));
    clients.push(c);
    return c;
  }

  before(async () => {
    server = await startServer('moderation');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-moderation-'));
    writeWav(path.join(dir, 'voice-B.wav'), makeSignal());
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  step('A and B sign up over a raw socket', async () => {
    [users.A, users.B] = await signUpChain(server.wsUrl, server.invite, [
      { handle: 'arbitra', name: 'Arianna Arbitra', password: 'ordine-in-sala-1' },
      { handle: 'baldo', name: 'Baldo Chiacchiera', password: 'parlo-troppo-22' },
    ]);
  });

  step('A starts a room; B joins from the hallway and is invited on stage, then unmutes', async () => {
    A = await launch('mod-A', users.A.token);
    await A.open(server.url);
    await A.waitFor((s) => s.screen === 'hallway', 'A in the hallway');
    const sa = await startRoom(A, 'Sala con regole');
    roomId = sa.room.id;
    assert.equal(sa.room.hands_allowed, true);

    B = await launch('mod-B', users.B.token, path.join(dir, 'voice-B.wav'));
    await B.open(server.url);
    await B.waitFor((s) => s.screen === 'hallway' && inHallway(s, roomId), 'the room in B\'s hallway');
    await B.click(`hallway.room.${roomId}`);
    await B.waitFor((s) => s.screen === 'room' && member(s, users.B.id), 'B in the room');
    await B.joinAudio();
    await A.clickVia(`room.member.${users.B.id}`, `room.invite_speaker.${users.B.id}`);
    await B.waitFor((s) => member(s, users.B.id).role === 'speaker' && s.audio.mic === 'muted', 'B on stage, muted');
    await B.click('room.mute');
    await A.waitFor((s) => member(s, users.B.id) && member(s, users.B.id).muted === false, 'B live in A\'s view');
  });

  step('A mutes B from B\'s card; B sees who muted them and unmutes again', async () => {
    await A.clickVia(`room.member.${users.B.id}`, `room.mute_speaker.${users.B.id}`);
    const sb = await B.waitFor((s) => member(s, users.B.id).muted === true && s.notice.includes('muted you'),
      'B muted, with a notice');
    assert.ok(sb.notice.includes('Arianna Arbitra'), `the notice names the moderator: ${sb.notice}`);
    assert.equal(sb.audio.mic, 'muted');
    await B.click('room.mute');
    await B.waitFor((s) => member(s, users.B.id).muted === false && s.audio.mic === 'live', 'B live again');
    await A.waitFor((s) => member(s, users.B.id).muted === false, 'B unmuted in A\'s view');
  });

  step('A removes B (asked to confirm); B is back in the hallway, told why, and cannot rejoin', async () => {
    await A.clickVia(`room.member.${users.B.id}`, `room.remove.${users.B.id}`);
    await A.click(`room.remove_confirm.${users.B.id}`);
    await A.waitFor((s) => s.room && !member(s, users.B.id), 'B gone from A\'s room');
    const sb = await B.waitFor((s) => s.screen === 'hallway' && s.room === null, 'B out of the room');
    assert.ok(sb.notice.includes('removed you') && sb.notice.includes('Sala con regole'),
      `B is told why: ${JSON.stringify(sb.notice)}`);
    assert.equal(sb.audio.mic, 'off');

    // The room is no longer listed to B; its link gets a precise refusal.
    const listed = await B.waitFor((s) => !inHallway(s, roomId), 'the room gone from B\'s hallway');
    assert.equal(listed.room, null);
    await B.open(`${server.url}r/${roomId}`);
    const again = await B.waitFor((s) => s.error !== null, 'the answer to B\'s rejoin');
    assert.equal(again.error.code, 'removed_from_room');
    assert.ok(again.error.message.length > 0);
    assert.equal(again.room, null);
    const sa = await A.state();
    assert.equal(member(sa, users.B.id), undefined, 'B is still out of A\'s room');
  });

  step('A ends that room, starts another and makes it closed from the room settings', async () => {
    await A.click('room.end');
    await A.waitFor((s) => s.screen === 'hallway', 'A in the hallway');
    const sa = await startRoom(A, 'Porta chiusa');
    closedId = sa.room.id;
    await A.click('room.settings');
    await A.click('room.type.closed');
    await A.waitFor((s) => s.room.type === 'closed', 'the room closed');
  });

  step('B opens the room\'s link, is refused, knocks; A lets B in from the knocks list; B is in', async () => {
    await B.open(`${server.url}r/${closedId}`);
    const refused = await B.waitFor((s) => s.knock && s.knock.room === closedId, 'the knock card for the closed room');
    assert.equal(refused.knock.status, 'closed');
    assert.equal(refused.room, null);
    await B.click('knock.knock');
    await B.waitFor((s) => s.knock && s.knock.status === 'knocking', 'B knocking');
    const sa = await A.waitFor((s) => s.room && s.room.knocks.some((u) => u.id === users.B.id), 'B in A\'s knocks');
    assert.equal(sa.room.knocks.find((u) => u.id === users.B.id).name, 'Baldo Chiacchiera');
    await A.screenshot('room-A-knocking');
    await A.click(`room.let_in.${users.B.id}`);
    const sb = await B.waitFor((s) => s.screen === 'room' && s.room && s.room.id === closedId && member(s, users.B.id),
      'B in the closed room');
    assert.equal(sb.knock, null);
    assert.equal(member(sb, users.B.id).role, 'audience');
    await A.waitFor((s) => member(s, users.B.id) && s.room.knocks.length === 0, 'B in A\'s room, no knock left');
  });

  it('window.salotto hooks return plain objects, as documented', () => {
    const notes = [...new Set(clients.flatMap((c) => [...c.contractNotes]))];
    assert.deepEqual(notes, []);
  });
});
