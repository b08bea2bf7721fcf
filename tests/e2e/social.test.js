// The social layer end to end: real server, three headless Chromium browsers driven
// through the canvas. Accounts are made over the raw protocol (sign-up through the UI
// is rooms.test.js's); everything under test is clicked: following from a profile,
// the room type picker, a social room that a non-follower neither sees nor can join
// while a follower can, a ping that opens the room on the other side (its latency on
// loopback is printed, not asserted), and a block that hides a room.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { Client } = require('./lib/browser');
const { RawClient } = require('./lib/wsclient');
const { stepper } = require('./lib/steps');
const { startRoom, inHallway } = require('./lib/ui');

const PASSWORD = 'follow-the-river-1';

describe('social: follows, social rooms, pings, blocks in three browsers', { timeout: 200000 }, () => {
  const step = stepper(it);
  let server;
  const clients = [];
  const raws = [];
  let A, B, C; // Ada hosts; Bruno is followed by Ada; Carla is a stranger, later blocked
  const ids = {};

  async function account(invite, handle, name) {
    const raw = await RawClient.connect(server.wsUrl, handle);
    raws.push(raw);
    await raw.hello();
    const s = await raw.signIn({ t: 'signup', invite, handle, name, password: PASSWORD });
    return { raw, token: s.token, id: s.user.id };
  }

  async function browser(name, token) {
    const c = await Client.launchSignedIn(name, token);
    clients.push(c);
    await c.open(server.url);
    await c.waitFor((s) => s.screen === 'hallway' && s.user, `${name} in the hallway`);
    return c;
  }

  // Opens a member's profile from the room: their tile, then "View profile".
  async function openProfile(c, userId) {
    await c.scrollTo(`room.member.${userId}`);
    await c.click(`room.member.${userId}`);
    await c.click(`room.profile.${userId}`);
    return c.waitFor((s) => s.screen === 'profile' && s.profile && s.profile.user.id === userId, `profile ${userId}`);
  }

  before(async () => {
    server = await startServer('social');
    const ada = await account(server.invite, 'ada', 'Ada Lovelace');
    ids.a = ada.id;
    const invites = [];
    for (let i = 0; i < 2; i++) {
      ada.raw.send({ t: 'create_invite' });
      invites.push((await ada.raw.take((m) => m.t === 'invite', 'invite')).code);
    }
    const bruno = await account(invites[0], 'bruno', 'Bruno Bianchi');
    const carla = await account(invites[1], 'carla', 'Carla Conti');
    ids.b = bruno.id;
    ids.c = carla.id;
    for (const r of raws) r.close();
    A = await browser('A', ada.token);
    B = await browser('B', bruno.token);
    C = await browser('C', carla.token);
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
  });

  step('the invites used show up as notifications on the bell', async () => {
    const s = await A.state();
    assert.equal(s.unread, 2, `two invites used: ${JSON.stringify(s.notifications)}`);
    await A.click('hallway.bell');
    const n = await A.waitFor((st) => st.screen === 'notifications' && st.notifications.length === 2, 'the notifications screen');
    assert.deepEqual(n.notifications.map((x) => x.kind).sort(), ['invite_used', 'invite_used']);
    await A.click('notifications.back');
    await A.waitFor((st) => st.screen === 'hallway' && st.unread === 0, 'back in the hallway, all read');
  });

  step('Ada follows Bruno from his profile, opened from a room; he follows her back', async () => {
    const { room } = await startRoom(A, 'Prova generale', { typeWidget: 'hallway.type_open' });
    ids.warmup = room.id;
    await B.waitFor((s) => inHallway(s, room.id), 'the open room in B\'s hallway');
    await B.click(`hallway.room.${room.id}`);
    await A.waitFor((s) => s.room.members.some((m) => m.id === ids.b), 'Bruno in the room');
    const p = await openProfile(A, ids.b);
    assert.equal(p.profile.you_follow, false);
    assert.equal(p.profile.followers, 0);
    await A.click('profile.follow');
    const after = await A.waitFor((s) => s.profile && s.profile.you_follow === true, 'Following');
    assert.equal(after.profile.followers, 1);
    assert.deepEqual(after.following, [ids.b]);
    const b = await B.waitFor((s) => s.notifications.some((n) => n.kind === 'follow' && n.from.id === ids.a), 'B told of the new follower');
    assert.ok(b.unread >= 1);
    // Bruno follows Ada back from her card in the room, which shows her profile at once.
    await B.click(`room.member.${ids.a}`);
    const card = await B.waitFor((s) => s.profile && s.profile.user.id === ids.a, 'Ada\'s profile on her card');
    assert.equal(card.screen, 'room', 'the card opens in the room, not the profile screen');
    assert.equal(card.profile.followers, 0);
    assert.equal(card.profile.following, 1);
    assert.equal(card.profile.follows_you, true);
    await B.waitForWidget(`room.card_profile.${ids.a}`);
    await B.click(`room.follow.${ids.a}`);
    const followed = await B.waitFor((s) => s.following.includes(ids.a) && s.profile.followers === 1, 'B follows A; the card counts it');
    assert.equal(followed.profile.you_follow, true);
    await A.click('profile.back');
    await A.waitFor((s) => s.screen === 'room', 'back in the room');
    await A.click('room.end');
    await B.waitFor((s) => s.screen === 'hallway' && !inHallway(s, room.id), 'B back in the hallway');
  });

  step('a social room: Bruno (followed by Ada on stage) sees it, Carla neither sees nor joins it', async () => {
    const { room } = await startRoom(A, 'Solo amici', { typeWidget: 'hallway.type_social' });
    ids.social = room.id;
    assert.equal(room.type, 'social');
    const b = await B.waitFor((s) => inHallway(s, room.id), 'the social room in B\'s hallway');
    assert.equal(b.hallway.find((r) => r.id === room.id).type, 'social');
    await B.screenshot('social-hallway-B');
    const ranked = b.ranked.find((r) => r.id === room.id);
    assert.equal(ranked.reason, 'Ada Lovelace is speaking', JSON.stringify(b.ranked));
    // Both got their hallway updates at the same moment; give C's a generous margin.
    await new Promise((r) => setTimeout(r, 1500));
    const c = await C.state();
    assert.ok(!inHallway(c, room.id), `C must not see the social room: ${JSON.stringify(c.hallway)}`);
    // A shared link does not get Carla in either.
    await C.page.goto(`${server.url}r/${room.id}`, { waitUntil: 'load' });
    await C.waitReady();
    const refused = await C.waitFor((s) => s.error && s.error.code === 'room_social_only', 'room_social_only');
    assert.equal(refused.room, null);
  });

  step('Ada pings Bruno; the notification opens the room on his side', async () => {
    await A.click('room.ping_panel');
    await A.waitForWidget(`room.ping.${ids.b}`);
    await A.waitForWidget('room.bell');
    await A.screenshot('social-ping-panel-A');
    const before = (await B.state()).unread;
    await B.page.evaluate((n0) => {
      window.__pingSeenAt = null;
      const tick = () => {
        let s = window.salotto.state();
        if (typeof s === 'string') s = JSON.parse(s);
        if (s.unread > n0 && s.notifications.length && s.notifications[0].kind === 'ping') {
          window.__pingSeenAt = Date.now();
          return;
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }, before);
    // The moment A's client writes ping_user to its socket (the click itself waits for
    // the widget to settle, which is no part of the latency).
    await A.page.evaluate(() => {
      window.__pingSentAt = null;
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (data) {
        if (typeof data === 'string' && data.includes('"ping_user"') && !window.__pingSentAt) window.__pingSentAt = Date.now();
        return send.call(this, data);
      };
    });
    await A.click(`room.ping.${ids.b}`);
    const s = await B.waitFor((st) => st.unread > before && st.notifications[0].kind === 'ping', 'the ping on B');
    const seenAt = await B.page.evaluate(() => window.__pingSeenAt);
    const sentAt = await A.page.evaluate(() => window.__pingSentAt);
    assert.ok(seenAt && sentAt, `A sent the ping (${sentAt}) and B saw it in a frame (${seenAt})`);
    console.log(`# ping latency: A's socket write -> B's state in a frame: ${seenAt - sentAt} ms (loopback)`);
    const ping = s.notifications[0];
    assert.equal(ping.room, ids.social);
    assert.equal(ping.from.id, ids.a);
    await B.click('hallway.bell');
    await B.waitForWidget(`notifications.item.${ping.id}`);
    await B.screenshot('social-notifications-B');
    await B.click(`notifications.item.${ping.id}`);
    const inRoom = await B.waitFor((st) => st.screen === 'room' && st.room && st.room.id === ids.social, 'B in the social room');
    assert.equal(inRoom.room.type, 'social');
    await A.waitFor((st) => st.room.members.some((m) => m.id === ids.b), 'A sees Bruno join');
  });

  step('a block hides the blocker\'s room', async () => {
    await A.click('room.end');
    await B.waitFor((s) => s.screen === 'hallway', 'B back in the hallway');
    const { room } = await startRoom(A, 'Porte aperte', { typeWidget: 'hallway.type_open' });
    await C.page.goto(server.url, { waitUntil: 'load' });
    await C.waitReady();
    await C.waitFor((s) => s.screen === 'hallway' && inHallway(s, room.id), 'the open room in C\'s hallway');
    await C.click(`hallway.room.${room.id}`);
    await A.waitFor((s) => s.room.members.some((m) => m.id === ids.c), 'Carla in the room');
    await openProfile(A, ids.c);
    await A.click('profile.block');
    const a = await A.waitFor((s) => s.profile && s.profile.you_block === true, 'Ada blocked Carla');
    await A.screenshot('social-profile-blocked-A');
    assert.deepEqual(a.blocked, [ids.c]);
    // Already in the room, Carla stays (docs/protocol.md, "Blocks"); once out, the room
    // is gone from her hallway and she cannot come back.
    let c = await C.state();
    assert.equal(c.screen, 'room');
    await C.click('room.leave');
    c = await C.waitFor((s) => s.screen === 'hallway', 'C back in the hallway');
    await new Promise((r) => setTimeout(r, 1500));
    c = await C.state();
    assert.ok(!inHallway(c, room.id), `the blocker's room must be hidden: ${JSON.stringify(c.hallway)}`);
    const b = await B.state();
    assert.ok(inHallway(b, room.id), 'others still see it');
  });
});
