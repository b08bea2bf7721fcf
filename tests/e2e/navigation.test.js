// The browser's address bar, back and forward buttons and title, end to end
// (client/navigation.hpp): real server, one headless Chromium driven through the
// canvas and the browser's own history. Each screen opened is a history entry with
// its own address and title; Back from a profile returns to the room, Back from the
// room leaves it for the hallway, Forward joins it again; a profile link opened signed
// out lands on that profile after logging in; /invites and /notifications open their
// screens directly.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { Client } = require('./lib/browser');
const { RawClient } = require('./lib/wsclient');
const { stepper } = require('./lib/steps');
const { startRoom, submitLogIn } = require('./lib/ui');

describe('navigation: addresses, back and forward, titles', { timeout: 120000 }, () => {
  const step = stepper(it);
  let server, A, bruno;
  let ada, roomId;

  const path = () => new URL(A.page.url()).pathname;
  // Bruno's sign-up with Ada's invite is one unread notification: titles lead with it.
  const title = (screen) => `(1) ${screen}`;

  before(async () => {
    server = await startServer('navigation');
    const raw = await RawClient.connect(server.wsUrl, 'ada');
    await raw.hello();
    const s = await raw.signIn({ t: 'signup', invite: server.invite, handle: 'ada', name: 'Ada Lovelace', password: 'back-and-forth-1' });
    ada = { token: s.token, id: s.user.id };
    raw.send({ t: 'create_invite' });
    const invite = (await raw.take((m) => m.t === 'invite', 'invite')).code;
    raw.close();
    // Bruno, over the raw protocol, keeps the room open while Ada leaves it.
    bruno = await RawClient.connect(server.wsUrl, 'bruno');
    await bruno.hello();
    await bruno.signIn({ t: 'signup', invite, handle: 'bruno', name: 'Bruno Bianchi', password: 'back-and-forth-2' });
    A = await Client.launchSignedIn('A', ada.token);
    await A.open(server.url);
    await A.waitFor((st) => st.screen === 'hallway' && st.user, 'the hallway');
  });

  after(async () => {
    if (bruno) bruno.close();
    if (A) await A.close();
    if (server) await server.stop();
  });

  step('a room and a profile opened from it are history entries with their own address and title', async () => {
    assert.equal(path(), '/');
    assert.equal(await A.page.title(), title('Salotto'));
    const s = await startRoom(A, 'Andata e ritorno');
    roomId = s.room.id;
    assert.equal(path(), `/r/${roomId}`);
    assert.equal(await A.page.title(), title('Andata e ritorno \u2014 Salotto'));
    await A.click(`room.member.${ada.id}`);
    await A.click(`room.profile.${ada.id}`);
    await A.waitFor((st) => st.screen === 'profile' && st.profile && st.profile.user.id === ada.id, 'the profile');
    await A.frames(2);
    assert.equal(path(), '/u/ada');
    assert.equal(await A.page.title(), title('Ada Lovelace (@ada) \u2014 Salotto'));
  });

  step('Back returns to the room, Back again leaves it, Forward joins it again', async () => {
    await A.page.goBack();
    await A.waitFor((st) => st.screen === 'room' && st.room && st.room.id === roomId, 'back in the room');
    assert.equal(path(), `/r/${roomId}`);
    bruno.send({ t: 'join_room', room: roomId });
    await A.waitFor((st) => st.room.members.length === 2, 'Bruno in the room');
    await A.page.goBack();
    const out = await A.waitFor((st) => st.screen === 'hallway' && st.room === null, 'the hallway, out of the room');
    assert.equal(path(), '/');
    assert.equal(out.error, null);
    assert.equal(await A.page.title(), title('Salotto'));
    await A.page.goForward();
    const back = await A.waitFor((st) => st.screen === 'room' && st.room && st.room.id === roomId, 'Forward: in the room again');
    assert.ok(back.room.members.some((m) => m.id === ada.id));
    assert.equal(path(), `/r/${roomId}`);
  });

  step('a profile link opened signed out lands on that profile after logging in', async () => {
    const D = await Client.launch('D');
    try {
      await D.open(`${server.url}u/ada`);
      await D.waitFor((st) => st.screen === 'onboarding' && st.connected, 'the sign-in screen');
      await submitLogIn(D, 'bruno', 'back-and-forth-2');
      await D.waitFor((st) => st.screen === 'profile' && st.profile && st.profile.user.handle === 'ada', 'Ada\'s profile');
      await D.frames(2);
      assert.equal(new URL(D.page.url()).pathname, '/u/ada');
      // The link's page was replaced, not stacked: Back leaves the app.
      assert.equal(await D.page.evaluate(() => history.length), 2);
    } finally {
      await D.close();
    }
  });

  step('/invites and /notifications open their screens, and their titles say so', async () => {
    await A.open(`${server.url}invites`);
    await A.waitFor((st) => st.screen === 'invites', 'the invites screen');
    assert.equal(path(), '/invites');
    assert.equal(await A.page.title(), title('Invites \u2014 Salotto'));
    await A.open(`${server.url}notifications`);
    await A.waitFor((st) => st.screen === 'notifications', 'the notifications screen');
    await A.page.goBack();
    await A.waitFor((st) => st.screen === 'invites', 'Back: the invites screen again');
    assert.equal(path(), '/invites');
  });
});
