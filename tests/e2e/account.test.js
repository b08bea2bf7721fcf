// The account section of the user's own profile, end to end: real server, one user
// signed in in two headless Chromium browsers (two profiles, two sessions), real mouse
// and keyboard input on the canvas. Browser 1 changes the password through the form
// (the client's own checks first, then a wrong current password the server refuses);
// browser 2 is signed out by it; the old password stops working and the new one
// works; then "Log out everywhere" (after its confirmation) signs out both.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { Client } = require('./lib/browser');
const { RawClient } = require('./lib/wsclient');
const { stepper } = require('./lib/steps');
const { signUp, storedToken } = require('./lib/ui');

const USER = { handle: 'ginevra', name: 'Ginevra Cortesi', password: 'primo-caffè-2026' };
const NEW_PASSWORD = 'secondo-tè-всегда';

describe('account: change password and log out everywhere from the profile', { timeout: 150000 }, () => {
  const step = stepper(it);
  let server;
  const clients = [];
  let one, two; // the same user in two browsers
  let userId;
  let tokenTwo; // browser 2's session token before the password change

  async function launch(name) {
    // Tall enough that the whole profile, account section included, is in view.
    const c = await Client.launch(name, { width: 1000, height: 1400 });
    clients.push(c);
    return c;
  }

  const form = async (c) => (await c.state()).password_form;

  // Empties a text field (select all, delete) and types `text` into it.
  async function retype(c, id, text) {
    await c.click(id);
    await c.page.keyboard.press('Control+a');
    await c.page.keyboard.press('Backspace');
    await c.frames(2);
    await c.page.keyboard.type(text, { delay: 25 });
    await c.frames(2);
  }

  async function logIn(c, password) {
    await c.waitFor((s) => s.screen === 'onboarding' && s.connected === true, 'the onboarding screen, connected');
    await c.click('onboarding.mode_login');
    await retype(c, 'login.handle', USER.handle);
    await retype(c, 'login.password', password);
    await c.click('login.submit');
  }

  const signedIn = (s) => s.screen === 'hallway' && s.user && s.user.id === userId;
  const signedOut = (s) => s.screen === 'onboarding' && s.user === null && s.connected === true;

  // A raw WebSocket client tries to resume with `t`; the server refuses it.
  async function assertTokenRevoked(t, what) {
    const raw = await RawClient.connect(server.wsUrl, `resume-${what}`);
    try {
      await raw.hello();
      raw.send({ t: 'resume', token: t });
      await raw.expectError('session_invalid', 'resume');
    } finally {
      raw.close();
    }
  }

  before(async () => {
    server = await startServer('account');
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
  });

  step('browser 1 signs up; browser 2 logs in as the same user', async () => {
    one = await launch('one');
    await one.open(server.url);
    userId = (await signUp(one, server.invite, USER)).id;

    two = await launch('two');
    await two.open(server.url);
    await logIn(two, USER.password);
    await two.waitFor(signedIn, 'browser 2 signed in as the same user');
    tokenTwo = await storedToken(two);
    assert.ok(tokenTwo, 'browser 2 keeps a session token');
    assert.notEqual(tokenTwo, await storedToken(one), 'two browsers, two sessions');
  });

  step('only the own profile has the account section', async () => {
    await one.click('hallway.profile');
    await one.waitFor((s) => s.screen === 'profile' && s.profile && s.profile.user.id === userId, 'browser 1 on its own profile');
    for (const id of ['profile.password_current', 'profile.password_new', 'profile.password_repeat',
      'profile.password_submit', 'profile.logout_everywhere']) {
      await one.waitForWidget(id);
    }
    const f = await form(one);
    assert.deepEqual(f, { pending: false, error: null, typed: { current: 0, new: 0, repeat: 0 } });
    await one.screenshot('account-profile');
  });

  step('the form checks the new password itself: too short, then two entries that differ', async () => {
    await one.type('profile.password_current', USER.password);
    await one.type('profile.password_new', 'short');
    await one.type('profile.password_repeat', 'short');
    await one.click('profile.password_submit');
    let s = await one.waitFor((st) => st.password_form.error !== null, 'an inline error on the form');
    assert.equal(s.password_form.error.code, 'password_invalid', JSON.stringify(s.password_form));
    assert.equal(s.password_form.pending, false, 'nothing is sent');
    assert.equal(s.error, null, 'the message is on the form, not in the banner');

    await retype(one, 'profile.password_new', NEW_PASSWORD);
    await retype(one, 'profile.password_repeat', NEW_PASSWORD.slice(0, -1));
    await one.click('profile.password_submit');
    s = await one.waitFor((st) => st.password_form.error && st.password_form.error.code === 'password_mismatch',
      'the "do not match" error on the form');
    // Characters typed on the canvas (accents, Cyrillic) reach the form intact: the
    // counts are UTF-8 bytes.
    assert.deepEqual(s.password_form.typed, {
      current: Buffer.byteLength(USER.password),
      new: Buffer.byteLength(NEW_PASSWORD),
      repeat: Buffer.byteLength(NEW_PASSWORD.slice(0, -1)),
    });
    assert.ok(signedIn(await two.state()), 'browser 2 is still signed in');
    await one.screenshot('account-mismatch');
  });

  step('a wrong current password is refused by the server and shown on the form', async () => {
    await retype(one, 'profile.password_repeat', NEW_PASSWORD);
    await retype(one, 'profile.password_current', 'not-my-password');
    await one.click('profile.password_submit');
    const s = await one.waitFor((st) => st.password_form.error && st.password_form.error.code === 'password_wrong',
      'password_wrong on the form');
    assert.ok(s.password_form.error.message.length > 0);
    assert.equal(s.password_form.pending, false);
    assert.equal(s.screen, 'profile');
    assert.equal(s.password_form.typed.new, Buffer.byteLength(NEW_PASSWORD), 'what was typed stays to be fixed');
    await one.screenshot('account-wrong-password');
    // The refused change revoked nothing: browser 2's session still works.
    await two.frames(5);
    assert.ok(signedIn(await two.state()), 'browser 2 still signed in after the refused change');
  });

  step('the right current password changes it: the form clears, browser 2 is signed out', async () => {
    await retype(one, 'profile.password_current', USER.password);
    await one.click('profile.password_submit');
    const s = await one.waitFor((st) => st.notice !== '' && !st.password_form.pending, 'the "password changed" notice');
    assert.deepEqual(s.password_form, { pending: false, error: null, typed: { current: 0, new: 0, repeat: 0 } });
    assert.equal(s.screen, 'profile', 'browser 1 stays on its profile');
    assert.equal(s.user && s.user.id, userId, 'browser 1 stays signed in');
    await one.screenshot('account-changed');

    await two.waitFor(signedOut, 'browser 2 on the onboarding screen, signed out');
    assert.ok(!(await storedToken(two)), 'browser 2 forgot its token');
    await assertTokenRevoked(tokenTwo, 'two-after-change');
    // Browser 1 keeps its session across a reload.
    await one.reload();
    await one.waitFor((st) => st.user && st.user.id === userId, 'browser 1 resumed after reloading');
  });

  step('the old password no longer logs in; the new one does', async () => {
    await logIn(two, USER.password);
    const s = await two.waitFor((st) => st.error !== null, 'an error for the old password');
    assert.equal(s.error.code, 'login_failed', JSON.stringify(s.error));
    assert.equal(s.screen, 'onboarding');
    await retype(two, 'login.password', NEW_PASSWORD);
    await two.click('login.submit');
    await two.waitFor(signedIn, 'browser 2 signed in with the new password');
  });

  step('"Log out everywhere" asks first; cancelling keeps everyone signed in', async () => {
    // The reload was at the profile's own address (/u/<handle>): it opens there again.
    await one.waitFor((s) => s.screen === 'profile' && s.profile && s.profile.user.id === userId, 'browser 1 back on its own profile after reloading');
    await one.click('profile.logout_everywhere');
    await one.waitFor((s) => s.confirm_logout_everywhere === true, 'the confirmation step');
    await one.waitForWidget('profile.logout_everywhere_confirm');
    await one.screenshot('account-confirm-logout');
    await one.click('profile.logout_everywhere_cancel');
    await one.waitFor((s) => s.confirm_logout_everywhere === false, 'the confirmation withdrawn');
    await one.waitForWidget('profile.logout_everywhere');
    await two.frames(5);
    assert.ok(signedIn(await two.state()), 'browser 2 still signed in');
    assert.ok((await one.state()).user, 'browser 1 still signed in');
  });

  step('confirmed, it signs out both browsers and revokes their sessions', async () => {
    const tokens = [await storedToken(one), await storedToken(two)];
    await one.click('profile.logout_everywhere');
    await one.click('profile.logout_everywhere_confirm');
    await one.waitFor(signedOut, 'browser 1 signed out');
    await two.waitFor(signedOut, 'browser 2 signed out');
    assert.ok(!(await storedToken(one)) && !(await storedToken(two)), 'both browsers forgot their tokens');
    for (const [i, t] of tokens.entries()) await assertTokenRevoked(t, `browser-${i + 1}-after-logout-everywhere`);
    // And the new password still signs in.
    await logIn(two, NEW_PASSWORD);
    await two.waitFor(signedIn, 'browser 2 signed in again with the new password');
  });

  it('no page errors in either browser', () => {
    for (const c of clients) assert.deepEqual(c.pageErrors, [], `${c.name}: ${c.diagnostics()}`);
  });
});
