// The social layer tried as new users would, in three browsers (issue 12's "done
// means"): A signs up through an invite link, invites B, who invites C, all through
// the UI. A creates a club open to followers' rooms, invites B (who accepts) and C
// follows it; A schedules an event in the club from its page and C asks to be told.
// A starts it: C joins from the banner with one tap, B from the club page. A records
// the room and brings C on stage (the invitation says the room is recorded); B chats
// with a link and C reacts. The server restarts: everyone is back in the room with the
// chat's history, the club and the event; the recording was saved. A ends the room:
// its page lists the replay, which B plays, and A's profile lists it too.
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
const { signUp, member } = require('./lib/ui');
const { paths } = require('./lib/paths');

describe('the social layer in three browsers, through a restart', { timeout: 300000 }, () => {
  const step = stepper(it);
  let server, dir, db;
  const clients = [];
  const users = {};
  let A, B, C;
  let club, event, room, replay;
  const clubName = 'Salotto letterario 🎉';
  const eventTitle = 'Letture di dicembre';
  const chatText = 'Che bella serata! Il testo: https://example.org/versi';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-tour-'));
    db = path.join(dir, 'salotto.db');
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function launch(name) {
    const c = await Client.launch(name);
    clients.push(c);
    return c;
  }

  // `inviter` creates an invite on the hallway; `name`'s browser opens its link and
  // signs up.
  async function invitedBy(inviter, name, person) {
    await inviter.click('hallway.create_invite');
    const code = (await inviter.waitFor((s) => s.last_created_invite, 'a new invite')).last_created_invite;
    const c = await launch(name);
    await c.open(`${server.url}i/${code}`);
    users[name] = await signUp(c, null, person);
    return c;
  }

  step('A signs up through the first invite\'s link and invites B, who invites C', async () => {
    const made = spawnSync(paths.server, ['--db', db, '--new-invite'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    server = await startServer('tour-1', { db });
    A = await launch('A');
    await A.open(`${server.url}i/${made.stdout.trim()}`);
    users.A = await signUp(A, null, { handle: 'amelia', name: 'Amelia Rosselli', password: 'poesia-in-piazza-1' });
    B = await invitedBy(A, 'B', { handle: 'beppe', name: 'Beppe Fenoglio', password: 'langhe-e-colline-2' });
    C = await invitedBy(B, 'C', { handle: 'cesare', name: 'Cesare Pavese', password: 'lavorare-stanca-3' });
  });

  step('A creates a club whose rooms admit followers; B accepts A\'s invitation, C follows it', async () => {
    await A.click('hallway.create_club');
    await A.type('clubs.form.name', clubName);
    await A.click('clubs.form.access_followers');
    await A.click('clubs.form.submit');
    club = (await A.waitFor((s) => s.screen === 'club' && s.clubs.page, 'A on the club page')).clubs.page.club;
    await A.click('club.back');
    await A.type('hallway.search', 'beppe');
    await A.click('search.user.beppe');
    await A.waitFor((s) => s.screen === 'profile' && s.profile && s.profile.user.handle === 'beppe', 'B\'s profile');
    await A.click(`profile.club_invite.${club.id}`);
    await A.waitFor((s) => s.notice.includes('Beppe'), 'A told that B is invited');
    await A.click('profile.back');
    await B.click(`hallway.club_accept.${club.id}`);
    await B.waitFor((s) => s.clubs.mine.some((m) => m.club.id === club.id && m.role === 'member'), 'B a member');
    await C.type('hallway.search', 'salotto');
    await C.click(`search.club.${club.id}`);
    await C.waitFor((s) => s.screen === 'club' && s.clubs.page, 'C on the club page');
    await C.click('club.follow');
    await C.waitFor((s) => s.clubs.page.your_role === 'follower', 'C follows the club');
    await C.click('club.back');
  });

  step('A schedules an event in the club from its page; C asks to be told', async () => {
    await A.click(`hallway.club.${club.id}`);
    await A.waitFor((s) => s.screen === 'club' && s.clubs.page, 'A on the club page');
    await A.scrollTo('club.schedule_event');  // the club's events come after its people
    await A.click('club.schedule_event');
    await A.waitFor((s) => s.events.form.open && s.events.form.club === club.id, 'the form, the club picked');
    await A.scrollTo('events.form.submit');
    await A.type('events.form.title', eventTitle);
    await A.click('events.form.submit');
    event = (await A.waitFor((s) => s.screen === 'event' && s.events.shown, 'the event page')).events.shown;
    assert.equal(event.club && event.club.id, club.id);
    await C.waitFor((s) => s.events.upcoming.some((e) => e.id === event.id), 'the event upcoming at C');
    await C.click(`hallway.event_notify.${event.id}`);
    await C.waitFor((s) => s.events.notify.includes(event.id), 'C will be told');
  });

  step('A starts the event: C joins from the banner with one tap, B from the club page', async () => {
    await A.click('event.start');
    room = (await A.waitFor((s) => s.screen === 'room' && s.room, 'A in the event\'s room')).room.id;
    await C.click(`hallway.event_join.${event.id}`);
    await C.waitFor((s) => s.screen === 'room' && s.room && s.room.id === room, 'C in the room');
    await B.click(`hallway.club.${club.id}`);
    await B.click(`club.room.${room}`);
    await B.waitFor((s) => s.screen === 'room' && s.room && s.room.id === room, 'B in the room');
    await A.waitFor((s) => member(s, users.B.id) && member(s, users.C.id), 'both in the room at A');
  });

  step('A records and brings C on stage, whose invitation says the room is recorded', async () => {
    await A.click('room.record');
    await C.waitFor((s) => s.room.recording, 'C sees the room recorded');
    await A.clickVia(`room.member.${users.C.id}`, `room.invite_speaker.${users.C.id}`);
    await C.waitFor((s) => s.room.stage_invitation, 'the stage invitation at C');
    await C.page.locator('#salotto-a11y [data-widget="room.stage_invitation_recorded"]')
      .waitFor({ state: 'attached', timeout: 10000 });
  });

  step('B writes in the chat with a link; C reads it and claps, A sees the clap', async () => {
    await B.click('room.chat');
    await B.type('room.chat.input', chatText);
    await B.page.keyboard.press('Enter');
    await C.click('room.chat');
    const sc = await C.waitFor((s) => s.chat.messages.some((m) => m.text === chatText), 'B\'s message at C');
    const message = sc.chat.messages.find((m) => m.text === chatText);
    assert.equal((await C.waitForWidget(`room.chat.link.${message.id}.0`)).label, 'https://example.org/versi');
    await C.click('room.react.clap');
    await A.waitFor((s) => (s.reactions.counts.clap || 0) >= 1, 'C\'s clap at A');
  });

  step('the server restarts: everyone is back in the room with the chat, the club and the event', async () => {
    const port = server.port;
    await server.stop();
    server = await startServer('tour-2', { db, port });
    for (const [name, c] of [['A', A], ['B', B], ['C', C]]) {
      await c.waitFor((s) => s.connected && s.screen === 'room' && s.room && s.room.id === room,
        `${name} back in the room`, 30000);
    }
    const sb = await B.waitFor((s) => s.chat.loaded && s.chat.messages.some((m) => m.text === chatText),
      'the chat\'s history at B');
    assert.ok(sb.chat.messages.length >= 1);
    const sa = await A.state();
    assert.equal(sa.room.recording, false, 'a graceful stop ends the recording');
    assert.ok(sa.room.club && sa.room.club.id === club.id, 'still the club\'s room');
    await C.click('room.club');
    const page = (await C.waitFor((s) => s.screen === 'club' && s.clubs.page, 'the club page at C')).clubs.page;
    assert.equal(page.club.name, clubName);
    assert.equal(page.your_role, 'follower');
    assert.deepEqual(page.members.map((m) => [m.user.handle, m.role]).sort(),
      [['amelia', 'admin'], ['beppe', 'member']]);
    await C.click('club.back');
    await C.waitFor((s) => s.screen === 'room', 'C back in the room');
    await B.open(`${server.url}e/${event.id}`);
    const shown = (await B.waitFor((s) => s.screen === 'event' && s.events.shown, 'the event page at B')).events.shown;
    assert.equal(shown.title, eventTitle);
    assert.equal(shown.room, room, 'the event knows its room');
  });

  step('A ends the room; its page lists the replay, which B plays; A\'s profile lists it too', async () => {
    await A.click('room.end');
    const sa = await A.waitFor((s) => s.screen === 'ended_room' && s.replays.items.length > 0,
      'A on the ended room\'s page with its replay');
    replay = sa.replays.items[0];
    assert.equal(replay.room, room);
    await B.open(`${server.url}r/${room}`);
    await B.waitFor((s) => s.screen === 'ended_room' && s.ended_room && s.ended_room.confirmed &&
      s.replays.items.some((r) => r.id === replay.id), 'the room\'s page with the replay at B');
    await B.click(`replay.play.${replay.id}`);
    await B.waitFor((s) => s.replays.playing === replay.id, 'B plays the replay');
    await B.screenshot('tour-replay-B');
    await A.click('ended_room.back');
    await A.click('hallway.profile');
    await A.waitFor((s) => s.screen === 'profile' && s.replays.items.some((r) => r.id === replay.id),
      'the replay on A\'s profile');
  });
});
