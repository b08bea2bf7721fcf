// Invite management, admin and search, end to end (docs/protocol.md, "Invite
// management", "Admin", "Search"): real server, real web client in headless Chromium,
// real mouse and keyboard on the canvas, one fresh browser (fresh profile) per person.
// Ada (made admin with the server's --make-admin) copies an invite link, checked on the
// clipboard; Niccolò opens it in a fresh browser and signs up with the code filled in;
// a revoked invite fails sign-up with invite_revoked; Ada finds "Niccolò" by typing
// "nicolo" and his room by "caffe"; Ada disables his account from his profile and his
// open browser is signed out at once.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { startServer } = require('./lib/server');
const { Client } = require('./lib/browser');
const { paths } = require('./lib/paths');
const { stepper } = require('./lib/steps');
const { signUp, submitSignUp, submitLogIn, startRoom } = require('./lib/ui');

const ADA = { handle: 'ada', name: 'Ada Lovelace', password: 'analytical-engine' };
const NIC = { handle: 'niccolo', name: 'Niccolò Ruffini', password: 'un-caffè-per-favore' };
const ROOM_TITLE = 'Caffè letterario';

describe('invites, admin and search through the UI', { timeout: 240000 }, () => {
  const step = stepper(it);
  let server;
  const clients = [];
  let ada, nic, carla;
  let inviteCode, revokedCode;

  async function launch(name) {
    const c = await Client.launch(name, { width: 1100, height: 900 });
    clients.push(c);
    return c;
  }

  before(async () => {
    server = await startServer('invites');
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
  });

  step('ada signs up and is made an admin with --make-admin while the server runs', async () => {
    ada = await launch('ada');
    await ada.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
    await ada.open(server.url);
    await signUp(ada, server.invite, ADA);
    const db = server.args[server.args.indexOf('--db') + 1];
    const made = spawnSync(paths.server, ['--db', db, '--make-admin', ADA.handle], { encoding: 'utf8' });
    assert.equal(made.status, 0, `--make-admin failed: ${made.stderr}`);
    assert.match(made.stdout, /@ada is now an admin/);
    const unknown = spawnSync(paths.server, ['--db', db, '--make-admin', 'nobody_here'], { encoding: 'utf8' });
    assert.notEqual(unknown.status, 0, 'an unknown handle is refused');
  });

  step('ada creates an invite and copies its link: the full URL is on the clipboard', async () => {
    await ada.click('hallway.create_invite');
    let s = await ada.waitFor((st) => st.last_created_invite && st.invites.length === 1, 'the new invite listed');
    inviteCode = s.last_created_invite;
    assert.equal(s.invites[0].state, 'unused');
    await ada.click('hallway.copy_invite');
    const expected = `${server.url}i/${inviteCode}`;
    s = await ada.waitFor((st) => st.last_copied === expected, 'the invite link copied');
    const clipboard = await ada.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clipboard, expected, 'the browser clipboard holds the full invite URL');
  });

  step('a fresh browser opens the invite link and signs up with the code filled in', async () => {
    nic = await launch('niccolo');
    await nic.open(`${server.url}i/${inviteCode}`);
    const s = await nic.waitFor((st) => st.screen === 'onboarding' && st.connected, 'the sign-up form');
    assert.equal(s.invite_link, inviteCode);
    await signUp(nic, null, NIC);  // the code is not typed: the link filled it in
    assert.equal(await nic.page.evaluate(() => location.pathname), '/', 'the address no longer shows the invite');
    // Ada's invites screen asks for the list afresh when it opens.
    await ada.click('hallway.manage_invites');
    await ada.waitFor((st) => st.screen === 'invites' && st.invites.some((i) => i.code === inviteCode &&
      i.state === 'used' && i.used_by && i.used_by.handle === NIC.handle), "ada's invite shown as used by niccolò");
    await ada.click('invites.back');
    await ada.waitFor((st) => st.screen === 'hallway', 'back in the hallway');
  });

  step('ada revokes an unused invite; signing up with it fails with invite_revoked', async () => {
    await ada.click('hallway.create_invite');
    let s = await ada.waitFor((st) => st.invites.length === 2 && st.last_created_invite !== inviteCode, 'a second invite');
    revokedCode = s.last_created_invite;
    const leftBefore = s.remaining_invites;
    await ada.click('hallway.manage_invites');
    await ada.waitFor((st) => st.screen === 'invites', 'the invites screen');
    await ada.click(`invites.copy.${revokedCode}`);
    await ada.waitFor((st) => st.last_copied === `${server.url}i/${revokedCode}`, 'the link copied from the list');
    await ada.click(`invites.revoke.${revokedCode}`);
    s = await ada.waitFor((st) => st.invites.some((i) => i.code === revokedCode && i.state === 'revoked'), 'the invite revoked');
    assert.equal(s.remaining_invites, leftBefore + 1, 'a revoked invite gives its slot back');
    await ada.screenshot('invites-revoked');
    await ada.click('invites.back');
    await ada.waitFor((st) => st.screen === 'hallway', 'back in the hallway');

    carla = await launch('carla');
    await carla.open(`${server.url}i/${revokedCode}`);
    await submitSignUp(carla, null, { handle: 'carla', name: 'Carla', password: 'password-carla' });
    s = await carla.waitFor((st) => st.error !== null, 'the sign-up refused');
    assert.equal(s.error.code, 'invite_revoked');
    assert.equal(s.screen, 'onboarding');
  });

  step('niccolò opens a room; ada finds him by "nicolo" and the room by "caffe" as she types', async () => {
    const inRoom = await startRoom(nic, ROOM_TITLE);
    await nic.click('room.copy_link');
    await nic.waitFor((st) => st.last_copied === `${server.url}r/${inRoom.room.id}`, 'the room link copied');

    await ada.type('hallway.search', 'nicolo');
    let s = await ada.waitFor((st) => st.search.answered === 'nicolo', 'the answer to "nicolo"');
    assert.deepEqual(s.search.users.map((u) => u.handle), [NIC.handle]);
    assert.equal(s.search.users[0].name, NIC.name);

    await ada.page.keyboard.press('Control+a');
    await ada.page.keyboard.press('Backspace');
    await ada.page.keyboard.type('caffe', { delay: 40 });
    s = await ada.waitFor((st) => st.search.answered === 'caffe', 'the answer to "caffe"');
    assert.deepEqual(s.search.rooms.map((r) => r.id), [inRoom.room.id]);
    assert.equal(s.search.rooms[0].title, ROOM_TITLE);

    await ada.page.keyboard.press('Control+a');
    await ada.page.keyboard.press('Backspace');
    await ada.page.keyboard.type('Nicolò', { delay: 40 });
    await ada.waitFor((st) => st.search.answered === 'Nicolò' && st.search.users.length === 1, 'niccolò found again');
    await ada.screenshot('search-results');
  });

  step('ada opens his profile from the results: as an admin she sees the account, and copies its link', async () => {
    await ada.click(`search.user.${NIC.handle}`);
    const s = await ada.waitFor((st) => st.screen === 'profile' && st.profile && st.account_status &&
      st.account_status.user.handle === NIC.handle, 'his profile with the admin card');
    assert.equal(s.account_status.disabled, false);
    await ada.click('profile.copy_link');
    await ada.waitFor((st) => st.last_copied === `${server.url}u/${NIC.handle}`, 'the profile link copied');
  });

  step('ada disables the account: his open browser is signed out at once and his room ends', async () => {
    await ada.click('profile.admin_disable');
    await ada.click('profile.admin_disable_confirm');
    await ada.waitFor((st) => st.account_status && st.account_status.disabled, 'the account shown disabled');
    const s = await nic.waitFor((st) => st.screen === 'onboarding' && st.user === null && st.error,
      "niccolò's browser signed out");
    assert.equal(s.error.code, 'account_disabled');
    await ada.click('profile.back');
    await ada.waitFor((st) => st.screen === 'hallway' && st.hallway.length === 0, "his room gone from ada's hallway");

    // Signing in again is refused with the same precise code.
    await submitLogIn(nic, NIC.handle, NIC.password);
    await nic.waitFor((st) => st.error && st.error.code === 'account_disabled' && st.screen === 'onboarding',
      'log-in refused with account_disabled');
  });
});
