// The rooms flow end to end: real server, real web client in two (then three)
// headless Chromium browsers, real mouse and keyboard input on the canvas.
// Browser A = Niccolò (bootstrap invite, moderator); browser B = Наталья (A's invite).
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { Client, TOKEN_KEY } = require('./lib/browser');
const { stepper } = require('./lib/steps');
const { signUp, submitLogIn, startRoom, storedToken, member } = require('./lib/ui');

const A_USER = { handle: 'niccolo', name: 'Niccolò Ruffini', password: 'pizzica-e-taranta-1' };
const B_USER = { handle: 'natalya', name: 'Наталья', password: 'белые-ночи-2026' };
const ROOM_TITLE = 'Caffè e chiacchiere del giovedì';


describe('rooms: sign-up, hallway, room, stage, profile in two browsers', { timeout: 170000 }, () => {
  const step = stepper(it);
  let server;
  const clients = [];
  let A, B;
  const ids = {}; // aId, bId, roomId, invite

  // Steps share state; once a step that later ones build on fails, those fail at
  // once saying why. `blocking: false` marks a check nothing later depends on.
  async function launch(name, opts) {
    const c = await Client.launch(name, opts);
    clients.push(c);
    return c;
  }

  // Signs up through the onboarding screen, checking on the way that the name typed on
  // the canvas arrives intact and that the session token is stored.
  async function signUpAndCheck(c, invite, u) {
    const user = await signUp(c, invite, u);
    assert.equal(user.name, u.name, `display name typed on the canvas must arrive intact`);
    assert.equal(typeof user.id, 'number');
    const t = await storedToken(c);
    assert.ok(typeof t === 'string' && t.length > 0, `localStorage["${TOKEN_KEY}"] must hold the session token, got ${JSON.stringify(t)}`);
    return user;
  }

  before(async () => {
    server = await startServer('rooms');
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
  });

  step('A opens the client and signs up with the bootstrap invite (Italian accents)', async () => {
    A = await launch('A', { deviceScaleFactor: 1 });
    await A.open(server.url);
    const s0 = await A.state();
    assert.equal(s0.ready, true);
    assert.ok(['connecting', 'onboarding'].includes(s0.screen), `a new visitor starts signed out, screen=${s0.screen}`);
    assert.equal(s0.user, null, 'no user before signing in');
    await A.waitFor((s) => s.screen === 'onboarding' && s.connected === true, 'onboarding, connected');
    await A.screenshot('onboarding');
    const user = await signUpAndCheck(A, server.invite, A_USER);
    ids.aId = user.id;
    await A.screenshot('hallway-A');
  });

  step('A creates an invite in the hallway', async () => {
    await A.click('hallway.create_invite');
    const s = await A.waitFor((st) => typeof st.last_created_invite === 'string' && st.last_created_invite.length > 0,
      'state().last_created_invite');
    assert.notEqual(s.last_created_invite, server.invite, 'a new invite, not the bootstrap one');
    ids.invite = s.last_created_invite;
  });

  step('B signs up with A\'s invite (Cyrillic name), on a HiDPI screen', async () => {
    B = await launch('B', { deviceScaleFactor: 2, width: 900, height: 700 });
    await B.open(server.url);
    const user = await signUpAndCheck(B, ids.invite, B_USER);
    ids.bId = user.id;
    assert.notEqual(ids.bId, ids.aId);
  });

  step('A starts a room; B sees it appear in the hallway without reloading', async () => {
    await B.page.evaluate(() => { window.__salottoNoReload = 'same-document'; });
    const sa = await startRoom(A, ROOM_TITLE);
    ids.roomId = sa.room.id;
    assert.equal(typeof ids.roomId, 'string');
    assert.equal(member(sa, ids.aId) && member(sa, ids.aId).role, 'moderator', `the creator is moderator: ${JSON.stringify(sa.room)}`);

    const sb = await B.waitFor((s) => s.screen === 'hallway' && Array.isArray(s.hallway) && s.hallway.some((r) => r.id === ids.roomId),
      'the new room in B\'s hallway');
    const summary = sb.hallway.find((r) => r.id === ids.roomId);
    assert.equal(summary.title, ROOM_TITLE);
    assert.ok(summary.speakers.some((u) => u.id === ids.aId && u.name === A_USER.name),
      `A on stage in the summary: ${JSON.stringify(summary)}`);
    const marker = await B.page.evaluate(() => window.__salottoNoReload);
    assert.equal(marker, 'same-document', 'B\'s page was reloaded or navigated');
    await B.screenshot('hallway-B-with-room');
  });

  step('B joins the room by clicking it; A sees B in the audience', async () => {
    await B.click(`hallway.room.${ids.roomId}`);
    const sb = await B.waitFor((s) => s.screen === 'room' && s.room && s.room.id === ids.roomId && member(s, ids.bId),
      'B in the room');
    assert.equal(member(sb, ids.bId).role, 'audience');
    assert.equal(member(sb, ids.aId) && member(sb, ids.aId).role, 'moderator');
    await A.waitFor((s) => member(s, ids.bId) && member(s, ids.bId).role === 'audience', 'B in A\'s member list as audience');
  });

  step('B raises a hand; A sees it and invites B to speak; both see B on stage', async () => {
    await B.click('room.raise_hand');
    await B.waitFor((s) => member(s, ids.bId) && member(s, ids.bId).hand === true, 'B\'s own hand up');
    await A.waitFor((s) => member(s, ids.bId) && member(s, ids.bId).hand === true, 'B\'s raised hand seen by A');
    await A.clickVia(`room.member.${ids.bId}`, `room.invite_speaker.${ids.bId}`);
    const sa = await A.waitFor((s) => member(s, ids.bId) && member(s, ids.bId).role === 'speaker', 'B speaker in A\'s view');
    const sb = await B.waitFor((s) => member(s, ids.bId) && member(s, ids.bId).role === 'speaker', 'B speaker in B\'s view');
    assert.equal(member(sa, ids.bId).hand, false, 'invite_speaker lowers the hand');
    assert.equal(member(sb, ids.bId).hand, false, 'invite_speaker lowers the hand');
    await A.screenshot('room-A-moderator');
    await B.screenshot('room-B-speaker');
  });

  step('B leaves quietly; A sees B gone; the room stays in B\'s hallway', async () => {
    await B.click('room.leave');
    await B.waitFor((s) => s.screen === 'hallway' && s.room === null, 'B back in the hallway');
    await A.waitFor((s) => s.room && s.room.id === ids.roomId && !member(s, ids.bId), 'B gone from A\'s room');
    await B.waitFor((s) => s.hallway.some((r) => r.id === ids.roomId && !r.speakers.some((u) => u.id === ids.bId)),
      'the room, without B on stage, in B\'s hallway');
  });

  step('reloading B\'s page resumes the session from localStorage (no sign-in screen)', async () => {
    const before = await storedToken(B);
    await B.reload();
    // `session` and the `hallway` snapshot are two events: wait for both to land.
    const s = await B.waitFor((st) => st.screen === 'hallway' && st.user && st.user.id === ids.bId &&
      Array.isArray(st.hallway) && st.hallway.some((r) => r.id === ids.roomId),
      'B resumed in the hallway, the live room listed');
    assert.equal(s.user.name, B_USER.name);
    const seen = await B.screensSeen();
    assert.ok(!seen.includes('onboarding'), `the sign-in screen showed after reload: screens ${JSON.stringify(seen)}`);
    assert.equal(await storedToken(B), before, 'the stored token is kept');
  }, { blocking: false });

  step('the deep link /r/<room> opens the room after signing in (a new browser, log-in form)', async () => {
    await B.close(); // closed again (harmlessly) in after()
    const C = await launch('C-deeplink');
    await C.open(`${server.url}r/${ids.roomId}`);
    await C.waitFor((s) => s.screen === 'onboarding' && s.connected === true, 'onboarding (signed out) at the deep link');
    await submitLogIn(C, B_USER.handle, B_USER.password);
    const s = await C.waitFor((st) => st.screen === 'room' && st.room && st.room.id === ids.roomId && st.user && st.user.id === ids.bId,
      'the deep-linked room after log-in');
    assert.equal(member(s, ids.bId) && member(s, ids.bId).role, 'audience');
    await A.waitFor((st) => member(st, ids.bId), 'B back in A\'s room');
    ids.C = C;
  });

  step('B\'s profile shows "nominated by" A', async () => {
    const C = ids.C;
    await C.clickVia(`room.member.${ids.bId}`, `room.profile.${ids.bId}`);
    const s = await C.waitFor((st) => st.screen === 'profile' && st.profile && st.profile.user && st.profile.user.id === ids.bId,
      'B\'s profile');
    assert.ok(s.profile.invited_by, `invited_by must be set for B: ${JSON.stringify(s.profile)}`);
    assert.equal(s.profile.invited_by.id, ids.aId, `invited_by is A: ${JSON.stringify(s.profile)}`);
    assert.equal(s.profile.invited_by.handle, A_USER.handle);
    assert.equal(s.profile.invited_by.name, A_USER.name);
    assert.equal(s.profile.user.name, B_USER.name);
    await C.screenshot('profile-B');
    await C.click('profile.back');
    await C.waitFor((st) => st.screen !== 'profile', 'leaving the profile screen');
    // Looking at a profile does not take B out of the room.
    await A.waitFor((st) => member(st, ids.bId), 'B still in A\'s room');
  }, { blocking: false });

  step('A ends the room; it is gone for everyone; A\'s own profile has no inviter', async () => {
    const C = ids.C;
    await A.click('room.end');
    const gone = (s) => s.room === null && Array.isArray(s.hallway) && !s.hallway.some((r) => r.id === ids.roomId);
    await A.waitFor(gone, 'the room ended for A');
    await C.waitFor(gone, 'the room ended for B');
    await A.waitFor((s) => s.screen === 'hallway', 'A in the hallway');
    await A.click('hallway.profile');
    const s = await A.waitFor((st) => st.screen === 'profile' && st.profile && st.profile.user && st.profile.user.id === ids.aId,
      'A\'s own profile');
    assert.equal(s.profile.invited_by, null, `the bootstrap user was invited by nobody: ${JSON.stringify(s.profile)}`);
    await A.screenshot('profile-A');
  });

  it('window.salotto hooks return plain objects, as documented', () => {
    const notes = [...new Set(clients.flatMap((c) => [...c.contractNotes]))];
    assert.deepEqual(notes, []);
  });
});
