// Events and pictures in a club end to end (docs/protocol.md, "Events" and "Clubs"): A
// creates a club and makes L a leader and M a member (over a raw socket). L schedules
// an event through the hallway's form, picking the club; the event page says which
// club. M opens the club page and finds the event there, and in the hallway's strip
// with the club's name. A, the admin, changes the club's picture from the club page
// through the browser's file picker; M's club page then draws it (the pixels at the
// picture's centre are the picture's colour). L, a leader, is offered no
// "Change picture", and an upload with L's token is refused with club_admin_only.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { Client } = require('./lib/browser');
const { stepper } = require('./lib/steps');
const { RawClient, signUpChain } = require('./lib/wsclient');

// A colour no initials circle uses, so the test can tell the picture from them.
const PICTURE_RGB = [20, 200, 120];

describe('a club\'s events and picture in three browsers', { timeout: 200000 }, () => {
  const step = stepper(it);
  let server;
  const clients = [];
  const users = {};
  let A, L, M;
  let club, event;
  const clubName = 'Lettori del lunedì';
  const title = 'Versi sotto i portici';

  // A PNG drawn by the browser itself: a solid square in PICTURE_RGB.
  async function makePng(c) {
    const base64 = await c.page.evaluate(async ([r, g, b]) => {
      const canvas = new OffscreenCanvas(320, 240);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
      ctx.fillRect(0, 0, 320, 240);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
      let text = '';
      for (const byte of bytes) text += String.fromCharCode(byte);
      return btoa(text);
    }, PICTURE_RGB);
    return Buffer.from(base64, 'base64');
  }

  // The colour at the centre of widget `id` on `c`'s canvas.
  async function centrePixel(c, id) {
    const r = (await c.widgets())[id];
    assert.ok(r, `${id} is drawn`);
    const box = await c.canvasBox();
    const x = Math.round(box.x + r.x + r.w / 2);
    const y = Math.round(box.y + r.y + r.h / 2);
    await c.frames(3);
    const png = await c.page.screenshot({ clip: { x: x - 1, y: y - 1, width: 3, height: 3 } });
    return c.page.evaluate(async (b64) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))]));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      return Array.from(ctx.getImageData(1, 1, 1, 1).data.slice(0, 3));
    }, png.toString('base64'));
  }
  const near = (a, b) => a.every((v, i) => Math.abs(v - b[i]) <= 16);

  before(async () => {
    server = await startServer('club-events');
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
  });

  step('A creates a club with L a leader and M a member, over a raw socket', async () => {
    [users.A, users.L, users.M] = await signUpChain(server.wsUrl, server.invite, [
      { handle: 'anna', name: 'Anna Admin', password: 'portici-sempre-1' },
      { handle: 'leo', name: 'Leo Leader', password: 'guida-il-club-22' },
      { handle: 'marta', name: 'Marta Membro', password: 'ascolto-e-leggo-3' },
    ]);
    const raw = {};
    for (const who of ['A', 'L', 'M']) {
      raw[who] = await RawClient.connect(server.wsUrl, `${who}-raw`);
      await raw[who].hello();
      await raw[who].signIn({ t: 'resume', token: users[who].token });
    }
    raw.A.send({ t: 'create_club', name: clubName, description: 'Poesia a voce alta.', room_access: 'members' });
    club = (await raw.A.take((m) => m.t === 'club', 'the new club\'s page')).club;
    for (const who of ['L', 'M']) {
      raw.A.send({ t: 'invite_to_club', club: club.id, user: users[who].id });
      await raw[who].take((m) => m.t === 'clubs' && m.invitations.some((c) => c.id === club.id), `${who} invited`);
      raw[who].send({ t: 'answer_club_invite', club: club.id, accept: true });
      await raw[who].take((m) => m.t === 'clubs' && m.clubs.some((c) => c.club.id === club.id), `${who} a member`);
    }
    raw.A.send({ t: 'set_club_role', club: club.id, user: users.L.id, role: 'leader' });
    await raw.L.take((m) => m.t === 'clubs' && m.clubs.some((c) => c.club.id === club.id && c.role === 'leader'),
      'L a leader');
    for (const who of ['A', 'L', 'M']) raw[who].close();
  });

  step('L schedules an event in the club through the hallway\'s form', async () => {
    L = await Client.launchSignedIn('club-events-L', users.L.token);
    clients.push(L);
    await L.open(server.url);
    await L.waitFor((s) => s.screen === 'hallway' && s.clubs.mine.some((m) => m.club.id === club.id),
      'L in the hallway, knowing the club');
    await L.click('hallway.schedule_event');
    await L.waitFor((s) => s.events.form.open, 'the scheduling form');
    await L.type('events.form.title', title);
    await L.type('events.form.description', 'Ognuno porta una poesia.');
    const widgets = await L.widgets();
    assert.ok(widgets['events.form.club.none'], '"No club" offered');
    await L.click(`events.form.club.${club.id}`);
    await L.waitFor((s) => s.events.form.club === club.id, 'the club picked');
    await L.screenshot('club-events-form-L');
    await L.click('events.form.submit');
    const s = await L.waitFor((st) => st.screen === 'event' && st.events.shown, 'L on the event page');
    event = s.events.shown;
    assert.equal(event.title, title);
    assert.deepEqual(event.club, { id: club.id, name: clubName });
    const line = await L.waitForWidget('event.club');
    assert.ok(line && line.label.includes(clubName), `the page names the club: ${line && line.label}`);
  });

  step('M finds the event on the club page and in the hallway\'s strip', async () => {
    // A tall window: the club page's events come after its members.
    M = await Client.launchSignedIn('club-events-M', users.M.token, [], { height: 1100 });
    clients.push(M);
    await M.open(server.url);
    const h = await M.waitFor((s) => s.screen === 'hallway' && s.events.upcoming.some((e) => e.id === event.id),
      'the event in M\'s strip');
    assert.deepEqual(h.events.upcoming.find((e) => e.id === event.id).club, { id: club.id, name: clubName });
    const card = await M.waitForWidget(`hallway.event.${event.id}`);
    assert.ok(card.label.includes(clubName), `the card names the club: ${card.label}`);
    await M.click(`hallway.club.${club.id}`);
    const s = await M.waitFor((st) => st.screen === 'club' && st.clubs.page &&
      st.clubs.page.events.some((e) => e.id === event.id), 'the event on M\'s club page');
    assert.equal(s.clubs.page.your_role, 'member');
    await M.waitForWidget(`club.event.${event.id}`);  // drawn as a card
    assert.ok(!(await M.widgets())['club.schedule_event'], 'a member may not schedule in the club');
    assert.ok(!(await M.widgets())['club.picture_change'], 'nor change its picture');
    await M.screenshot('club-events-page-M');
    await M.click(`club.event.${event.id}`);
    await M.waitFor((st) => st.screen === 'event' && st.events.shown && st.events.shown.id === event.id,
      'M on the event page');
    await M.click('event.back');
    await M.click(`hallway.club.${club.id}`);
    await M.waitFor((st) => st.screen === 'club' && st.clubs.page, 'M back on the club page');
  });

  step('L, a leader, may not change the club\'s picture', async () => {
    const res = await fetch(new URL(`/api/clubs/${club.id}/avatar`, server.url), {
      method: 'POST', headers: { Authorization: `Bearer ${users.L.token}` }, body: Buffer.from('x'),
    });
    assert.equal(res.status, 403);
    assert.equal((await res.json()).code, 'club_admin_only');
    const missing = await fetch(new URL('/api/clubs/999999/avatar', server.url), {
      method: 'DELETE', headers: { Authorization: `Bearer ${users.A.token}` },
    });
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).code, 'club_not_found');
    assert.equal((await fetch(new URL(`/club-avatars/${club.id}`, server.url))).status, 404, 'no picture yet');
  });

  step('A changes the club\'s picture from its page; M sees it drawn', async () => {
    const before = await centrePixel(M, 'club.picture');
    assert.ok(!near(before, PICTURE_RGB), `initials first, got rgb ${before}`);
    A = await Client.launchSignedIn('club-events-A', users.A.token);
    clients.push(A);
    await A.open(`${server.url}c/${club.id}`);
    await A.waitFor((s) => s.screen === 'club' && s.clubs.page && s.clubs.page.your_role === 'admin',
      'A on the club page');
    const png = await makePng(A);
    const chooser = A.page.waitForEvent('filechooser', { timeout: 10000 });
    await A.click('club.picture_change');
    await (await chooser).setFiles({ name: 'club.png', mimeType: 'image/png', buffer: png });
    await A.waitFor((s) => s.clubs.page.club.avatar === 1 && !s.picture_pending, 'the upload answered');
    await A.waitForWidget('club.picture_remove');  // "Remove" now offered

    // M's page is pushed only to leaders and admins: M sees it on opening the page again.
    await M.click('club.back');
    await M.click(`hallway.club.${club.id}`);
    await M.waitFor((s) => s.screen === 'club' && s.clubs.page && s.clubs.page.club.avatar === 1 &&
      s.club_pictures[String(club.id)] === 1, 'the picture loaded at M');
    const after = await centrePixel(M, 'club.picture');
    assert.ok(near(after, PICTURE_RGB), `the picture is drawn, got rgb ${after}`);
    await M.screenshot('club-events-picture-M');
    const res = await fetch(new URL(`/club-avatars/${club.id}?v=1`, server.url));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    assert.match(res.headers.get('cache-control'), /immutable/);
  });
});
