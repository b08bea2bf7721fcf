// Profile pictures end to end: real server, the web client in two headless Chromium
// browsers, real mouse input on the canvas and the browser's own file picker.
// Bruno uploads a picture from his profile; Ada, in the same room, sees it drawn in
// Bruno's tile (the pixels on her canvas are the picture's colour); a damaged file is
// refused with the server's precise error, and the picture survives a reload.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { Client } = require('./lib/browser');
const { stepper } = require('./lib/steps');
const { signUp, startRoom } = require('./lib/ui');

const ADA = { handle: 'ada', name: 'Ada Lovelace', password: 'macchina-analitica-1843' };
const BRUNO = { handle: 'bruno', name: 'Bruno Pontecorvo', password: 'neutrini-e-caffè-1913' };
// A colour no initials circle uses, so the test can tell the picture from them.
const PICTURE_RGB = [20, 200, 120];

describe('profile pictures: upload, shown on the other side, damaged file refused', { timeout: 150000 }, () => {
  const step = stepper(it);
  let server;
  const clients = [];
  let A, B;
  const ids = {};

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

  // Clicks "Change picture" and gives the browser's file picker `buffer`.
  async function choosePicture(c, name, mimeType, buffer) {
    const chooser = c.page.waitForEvent('filechooser', { timeout: 10000 });
    await c.click('profile.picture_change');
    await (await chooser).setFiles({ name, mimeType, buffer });
  }

  // The colour at the centre of `member`'s avatar on `c`'s canvas.
  async function avatarPixel(c, member) {
    const r = (await c.widgets())[`room.member.${member}`];
    assert.ok(r, `the tile of member ${member} is drawn`);
    const box = await c.canvasBox();
    const radius = (r.h - 44) / 2; // screen_room.cpp: a tile is the avatar and a name line
    const x = Math.round(box.x + r.x + r.w / 2);
    const y = Math.round(box.y + r.y + 8 + radius);
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
    server = await startServer('avatars');
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
  });

  step('Ada and Bruno sign up; Ada opens a room and Bruno joins it', async () => {
    A = await Client.launch('A');
    clients.push(A);
    await A.open(server.url);
    ids.ada = (await signUp(A, server.invite, ADA)).id;
    await A.click('hallway.create_invite');
    const invite = (await A.waitFor((s) => s.last_created_invite, 'an invite')).last_created_invite;
    ids.room = (await startRoom(A, 'Ritratti')).room.id;

    B = await Client.launch('B');
    clients.push(B);
    await B.open(server.url);
    ids.bruno = (await signUp(B, invite, BRUNO)).id;
    await B.click(`hallway.room.${ids.room}`);
    await B.waitFor((s) => s.screen === 'room' && s.room && s.room.id === ids.room, 'Bruno in the room');
    await A.waitFor((s) => s.room.members.some((m) => m.id === ids.bruno), 'Ada sees Bruno join');
    const before = await avatarPixel(A, ids.bruno);
    assert.ok(!near(before, PICTURE_RGB), `before the upload Bruno's tile shows initials, got rgb ${before}`);
  });

  step('Bruno uploads a picture from his profile', async () => {
    await B.clickVia(`room.member.${ids.bruno}`, `room.profile.${ids.bruno}`);
    await B.waitFor((s) => s.screen === 'profile' && s.profile && s.profile.user.id === ids.bruno, 'his own profile');
    await choosePicture(B, 'ritratto.png', 'image/png', await makePng(B));
    const s = await B.waitFor((st) => st.user.avatar === 1 && st.picture_pending === false, 'the upload answered');
    assert.equal(s.error, null, JSON.stringify(s.error));
    assert.equal(s.profile.user.avatar, 1, 'the profile shows the new version');
    await B.waitFor((st) => st.pictures[String(ids.bruno)] === 1, 'his own picture drawn');
    await B.screenshot('avatars-own-profile');
  });

  step('Ada sees the picture in Bruno\'s tile', async () => {
    await A.waitFor((s) => s.room.members.find((m) => m.id === ids.bruno).avatar === 1, 'the room hears of version 1');
    await A.waitFor((s) => s.pictures[String(ids.bruno)] === 1, 'the picture loaded on Ada\'s side');
    const pixel = await avatarPixel(A, ids.bruno);
    assert.ok(near(pixel, PICTURE_RGB), `Bruno's tile shows the picture's colour ${PICTURE_RGB}, got ${pixel}`);
    await A.screenshot('avatars-room-seen-by-ada');
  });

  step('a damaged file is refused with the server\'s error and changes nothing', async () => {
    const png = await makePng(B);
    const damaged = Buffer.concat([png.subarray(0, 60), Buffer.alloc(200, 0x41)]);
    await choosePicture(B, 'rotto.png', 'image/png', damaged);
    const s = await B.waitFor((st) => st.error !== null && st.picture_pending === false, 'an error shown');
    assert.equal(s.error.code, 'image_invalid', JSON.stringify(s.error));
    assert.equal(s.user.avatar, 1, 'the picture stays');

    const notAnImage = Buffer.from('GIF89a, or rather not a picture at all');
    await choosePicture(B, 'nota.gif', 'image/gif', notAnImage);
    const t = await B.waitFor((st) => st.error !== null && st.error.message !== s.error.message, 'a second error');
    assert.equal(t.error.code, 'image_invalid');
  });

  step('after a reload Ada still sees the picture', async () => {
    await A.reload();
    await A.waitFor((s) => s.screen === 'room' && s.room && s.room.members.some((m) => m.id === ids.bruno && m.avatar === 1),
      'back in the room with Bruno\'s picture version');
    await A.waitFor((s) => s.pictures[String(ids.bruno)] === 1, 'the picture loaded again');
    assert.ok(near(await avatarPixel(A, ids.bruno), PICTURE_RGB), 'the picture is drawn after the reload');
  });
});
