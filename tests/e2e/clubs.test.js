// Clubs end to end in three browsers (docs/protocol.md, "Clubs"): A creates a club
// through the hallway's form and invites C from C's profile; C accepts on the hallway.
// A opens a room in the club from its page. B, not a member, sees the room with the
// club's name but is refused at the door (club_members_only); B finds the club through
// search and asks to join; A approves from the club page (reached from the room); B
// joins the room from the club page. A makes C a leader. After a server restart the
// club, its members and their roles are all still there, and C's page offers what a
// leader may do. Users sign up over a raw socket.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startServer } = require('./lib/server');
const { Client } = require('./lib/browser');
const { stepper } = require('./lib/steps');
const { member } = require('./lib/ui');
const { paths } = require('./lib/paths');
const { signUpChain } = require('./lib/wsclient');

describe('clubs in three browsers', { timeout: 240000 }, () => {
  const step = stepper(it);
  let server, dir, db;
  const clients = [];
  const users = {};
  let A, B, C;
  let club, room;
  const name = 'Poeti di quartiere 🔥';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-clubs-'));
    db = path.join(dir, 'salotto.db');
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  step('A, B and C sign up over a raw socket', async () => {
    const made = spawnSync(paths.server, ['--db', db, '--new-invite'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    server = await startServer('clubs-1', { db });
    [users.A, users.B, users.C] = await signUpChain(server.wsUrl, made.stdout.trim(), [
      { handle: 'alda', name: 'Alda Merini', password: 'navigli-sempre-1' },
      { handle: 'bruno', name: 'Bruno Ascolta', password: 'porta-chiusa-22' },
      { handle: 'carla', name: 'Carla Invitata', password: 'benvenuta-333' },
    ]);
  });

  step('A creates a members-only club from the hallway and lands on its page', async () => {
    A = await Client.launchSignedIn('clubs-A', users.A.token);
    clients.push(A);
    await A.open(server.url);
    await A.waitFor((s) => s.screen === 'hallway', 'A in the hallway');
    await A.click('hallway.create_club');
    await A.waitFor((s) => s.clubs.form.open, 'the club form');
    await A.type('clubs.form.name', name);
    await A.type('clubs.form.description', 'Versi letti ad alta voce, ogni lunedì.');
    await A.click('clubs.form.access_members');
    await A.click('clubs.form.submit');
    const s = await A.waitFor((st) => st.screen === 'club' && st.clubs.page, 'A on the club page');
    club = s.clubs.page.club;
    assert.equal(club.name, name);
    assert.equal(s.clubs.page.your_role, 'admin');
    assert.equal(s.clubs.page.room_access, 'members');
    assert.deepEqual(s.clubs.page.members.map((m) => [m.user.handle, m.role]), [['alda', 'admin']]);
    assert.equal(await A.page.evaluate(() => location.pathname), `/c/${club.id}`);
    await A.waitFor((st) => st.clubs.mine.some((m) => m.club.id === club.id && m.role === 'admin'),
      'the club among A\'s clubs');
  });

  step('A invites C from C\'s profile; C accepts on the hallway', async () => {
    await A.click('club.back');
    await A.waitFor((s) => s.screen === 'hallway', 'A back in the hallway');
    await A.type('hallway.search', 'carla');
    await A.click('search.user.carla');
    await A.waitFor((s) => s.screen === 'profile' && s.profile && s.profile.user.handle === 'carla',
      'C\'s profile at A');
    await A.click(`profile.club_invite.${club.id}`);
    await A.waitFor((s) => s.notice.includes('Carla'), 'A told that C is invited');

    C = await Client.launchSignedIn('clubs-C', users.C.token);
    clients.push(C);
    await C.open(server.url);
    await C.waitFor((s) => s.screen === 'hallway' && s.clubs.invitations.some((c) => c.id === club.id),
      'the invitation on C\'s hallway');
    await C.screenshot('clubs-invitation-C');
    await C.click(`hallway.club_accept.${club.id}`);
    await C.waitFor((s) => s.clubs.mine.some((m) => m.club.id === club.id && m.role === 'member') &&
      s.clubs.invitations.length === 0, 'C a member');
  });

  step('A opens a room in the club from its page', async () => {
    await A.click('profile.back');
    await A.waitFor((s) => s.screen === 'hallway', 'A in the hallway');
    await A.click(`hallway.club.${club.id}`);
    const s = await A.waitFor((st) => st.screen === 'club' && st.clubs.page &&
      st.clubs.page.members.length === 2, 'A on the club page with C a member');
    assert.deepEqual(s.clubs.page.members.map((m) => [m.user.handle, m.role]),
      [['alda', 'admin'], ['carla', 'member']]);
    await A.click(`club.role_leader.${users.C.id}`);
    await A.waitFor((st) => st.clubs.page.members.some((m) => m.user.id === users.C.id && m.role === 'leader'),
      'C a leader');
    await A.type('club.room_title', 'Lunedì in versi');
    await A.click('club.start_room');
    const sa = await A.waitFor((st) => st.screen === 'room' && st.room, 'A in the club\'s room');
    room = sa.room.id;
  });

  step('B, not a member, sees the room with the club\'s name and is refused at the door', async () => {
    B = await Client.launchSignedIn('clubs-B', users.B.token);
    clients.push(B);
    await B.open(server.url);
    const s = await B.waitFor((st) => st.screen === 'hallway' && st.hallway.some((r) => r.id === room),
      'the club\'s room in B\'s hallway');
    assert.deepEqual(s.hallway.find((r) => r.id === room).club, { id: club.id, name });
    const card = await B.waitForWidget(`hallway.room.${room}`);
    assert.ok(card.label.includes(name), `the card names the club: ${card.label}`);
    await B.click(`hallway.room.${room}`);
    const refused = await B.waitFor((st) => st.error, 'B refused');
    assert.equal(refused.error.code, 'club_members_only');
    assert.equal(refused.screen, 'hallway');
    assert.equal(refused.room, null);
    await B.waitFor((st) => st.emoji_font, 'the emoji font (the club\'s name has one)');
    await B.screenshot('clubs-refused-B');
  });

  step('B finds the club through search and asks to join', async () => {
    await B.type('hallway.search', 'poeti');
    await B.click(`search.club.${club.id}`);
    const s = await B.waitFor((st) => st.screen === 'club' && st.clubs.page, 'B on the club page');
    assert.equal(s.clubs.page.your_role, 'none');
    assert.ok(s.clubs.page.rooms.some((r) => r.id === room), 'the live room listed');
    await B.click('club.request');
    await B.waitFor((st) => st.clubs.page.requested, 'B\'s request on its way');
  });

  step('A approves B from the club page, reached from the room', async () => {
    await A.click('room.club');
    await A.waitFor((s) => s.screen === 'club' && s.clubs.page &&
      s.clubs.page.requests.some((u) => u.id === users.B.id), 'B\'s request on A\'s club page');
    await A.screenshot('clubs-page-A');
    await A.click(`club.approve.${users.B.id}`);
    await A.waitFor((s) => s.clubs.page.members.some((m) => m.user.id === users.B.id),
      'B among the members at A');
    await B.waitFor((s) => s.clubs.page && s.clubs.page.your_role === 'member', 'B a member');
  });

  step('B joins the club\'s room from the club page', async () => {
    await B.click(`club.room.${room}`);
    await B.waitFor((s) => s.screen === 'room' && s.room && s.room.id === room, 'B in the room');
    await A.click('club.back');
    await A.waitFor((s) => s.screen === 'room' && member(s, users.B.id), 'B in the room at A');
  });

  step('after a server restart the club, its members and roles are still there', async () => {
    const port = server.port;
    await server.stop();
    server = await startServer('clubs-2', { db, port });
    await C.open(`${server.url}c/${club.id}`);
    const s = await C.waitFor((st) => st.screen === 'club' && st.clubs.page, 'C on the club page');
    assert.equal(s.clubs.page.club.name, name);
    assert.deepEqual(s.clubs.page.members.map((m) => [m.user.handle, m.role]).sort(),
      [['alda', 'admin'], ['bruno', 'member'], ['carla', 'leader']]);
    assert.equal(s.clubs.page.your_role, 'leader');
    const w = await C.widgets();
    assert.ok(w['club.start_room'], 'a leader may open club rooms');
    assert.ok(!w[`club.remove.${users.B.id}`], 'but not remove members');
  });
});
