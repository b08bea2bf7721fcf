// Accessibility, end to end (docs/client.md, "Accessibility"): the DOM mirror over the
// canvas as assistive technology sees it, a keyboard-only user, the live region, the
// hidden-input bridge on a phone, and Italian accessible names.
//
// - Anna (a browser, mouse) starts a room; Playwright's ARIA snapshot of her page lists
//   the room's people as a list and its buttons by name, and the canvas is hidden
//   from assistive technology. Space (nothing focused) mutes and unmutes her.
// - Kai uses the keyboard only, no mouse at all: Tab to the room in the hallway, Enter
//   joins; Tab to "Raise hand", Enter; Enter on a person opens their card, Escape
//   closes it; Tab to "Leave quietly", Enter. Anna's live region says Kai joined and
//   raised a hand. Last, Kai types a room's title with an IME composition in between
//   and starts it with Enter.
// - A 360-px phone with touch signs up: taps on the canvas, text typed into the real
//   <input> elements (locator.fill), which sit in a <form> with autocomplete hints.
// - An it-IT browser gets Italian names for the screen and its buttons.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { Client, TOKEN_KEY } = require('./lib/browser');
const { RawClient, signUpChain } = require('./lib/wsclient');
const { stepper } = require('./lib/steps');
const { startRoom, member } = require('./lib/ui');

const FAKE_MIC = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

// The widget id of the element that has the browser's focus ('' when none).
const focused = (c) => c.page.evaluate(() => {
  const el = document.activeElement;
  return el && el.dataset && el.dataset.widget ? el.dataset.widget : '';
});

// Presses Tab (Shift+Tab when `back`) until widget `id` has the focus.
async function tabTo(c, id, { back = false, max = 80 } = {}) {
  const seen = [];
  for (let i = 0; i < max; ++i) {
    await c.page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focused(c);
    seen.push(now);
    if (now === id) return;
    if (i % 10 === 9) await c.frames(2);  // the mirror may still be catching up
  }
  throw new Error(`${c.name}: Tab never reached "${id}"; focus went through ${JSON.stringify(seen)}`);
}

// The live region's text.
const liveText = (c) => c.page.evaluate(() => document.getElementById('salotto-live').textContent);

async function waitForLive(c, text, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await liveText(c);
    if (now.includes(text)) return now;
    if (Date.now() > deadline) throw new Error(`${c.name}: the live region never said "${text}"; it says "${now}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Taps the centre of canvas widget `id` with a finger.
async function tap(c, id) {
  const r = await c.waitForWidget(id);
  await c.frames(3);
  const again = (await c.widgets())[id] || r;
  await c.page.touchscreen.tap(again.x + again.w / 2, again.y + again.h / 2);
  await c.frames(2);
}

describe('accessibility: the DOM mirror, keyboard, live region, phone input, Italian names', { timeout: 240000 }, () => {
  const step = stepper(it);
  let server;
  const clients = [];
  const users = {};
  let phoneInvite;
  let anna, kai;
  let roomId;
  const listeners = [];

  before(async () => {
    server = await startServer('accessibility');
  });

  after(async () => {
    for (const c of listeners) c.close();
    for (const c of clients) await c.close();
    if (server) await server.stop();
  });

  step('two users sign up over a raw socket; one more invite for the phone', async () => {
    const a = await RawClient.connect(server.wsUrl, 'a');
    await a.hello();
    a.send({ t: 'signup', invite: server.invite, handle: 'anna', name: 'Anna Host', password: 'stanza-aperta-2026' });
    const sa = await a.take((m) => m.t === 'session', 'a session');
    users.anna = { token: sa.token, id: sa.user.id };
    a.send({ t: 'create_invite' });
    const inv = await a.take((m) => m.t === 'invite', 'an invite');
    const k = await RawClient.connect(server.wsUrl, 'k');
    await k.hello();
    k.send({ t: 'signup', invite: inv.code, handle: 'kai', name: 'Kai Keys', password: 'solo-tastiera-2026' });
    const sk = await k.take((m) => m.t === 'session', 'a session');
    users.kai = { token: sk.token, id: sk.user.id };
    a.send({ t: 'create_invite' });
    phoneInvite = (await a.take((m) => m.t === 'invite', 'an invite')).code;
    a.ws.close();
    k.ws.close();
  });

  step('Anna starts a room: the ARIA snapshot lists its people and buttons', async () => {
    anna = await Client.launchSignedIn('anna', users.anna.token, FAKE_MIC);
    clients.push(anna);
    await anna.open(server.url);
    await anna.waitFor((s) => s.screen === 'hallway', 'the hallway');
    const s = await startRoom(anna, 'Salotto accessibile');
    roomId = s.room.id;
    await anna.waitForWidget('room.raise_hand').catch(() => {});  // not for a host; just settle
    await anna.waitForWidget('room.leave');
    await anna.frames(4);
    assert.equal(await anna.page.getAttribute('#canvas', 'aria-hidden'), 'true', 'the canvas is hidden from readers');
    const snapshot = await anna.page.locator('#salotto-a11y').ariaSnapshot();
    assert.match(snapshot, /main "Salotto accessibile"/, `a landmark named after the room:\n${snapshot}`);
    assert.match(snapshot, /heading "Salotto accessibile" \[level=1\]/, snapshot);
    assert.match(snapshot, /list "On stage \(1\)"/, `the stage as a list:\n${snapshot}`);
    assert.match(snapshot, /listitem:\s*\n\s*- '?button "Anna Host \(you\): on stage, [^"]*moderator"/, `Anna on stage, as moderator:\n${snapshot}`);
    for (const name of ['Leave quietly', 'Copy link', 'End room', 'Mute']) {
      assert.ok(snapshot.includes(`button "${name}"`), `button "${name}" in:\n${snapshot}`);
    }
    assert.match(snapshot, /paragraph: You are hosting this room\./, `the host's hint, read out:\n${snapshot}`);
    // The audio figures are read out too, as sentences.
    await anna.click('room.audio_panel');
    await anna.page.locator('#salotto-a11y p[data-widget="stats.summary"]').waitFor({ state: 'attached', timeout: 10000 });
    await anna.click('room.audio_panel');
  });

  step('Space, with nothing focused, mutes and unmutes Anna', async () => {
    await anna.joinAudio(20000);
    await anna.waitFor((s) => s.audio.mic === 'live', 'Anna\'s microphone live', 20000);
    await anna.waitForWidget('room.mute');
    await anna.page.evaluate(() => document.activeElement && document.activeElement.blur());
    await anna.page.keyboard.press(' ');
    await anna.waitFor((s) => member(s, users.anna.id).muted === true, 'Anna muted by Space');
    await anna.page.keyboard.press(' ');
    await anna.waitFor((s) => member(s, users.anna.id).muted === false, 'Anna unmuted by Space');
  });

  step('Kai, keyboard only, joins the room from the hallway with Tab and Enter', async () => {
    kai = await Client.launchSignedIn('kai', users.kai.token);
    clients.push(kai);
    await kai.open(server.url);
    await kai.waitFor((s) => s.screen === 'hallway' && s.hallway.some((r) => r.id === roomId), 'the room in the hallway');
    await kai.waitForWidget(`hallway.room.${roomId}`);
    await kai.frames(3);
    await tabTo(kai, `hallway.room.${roomId}`);
    await kai.page.keyboard.press('Enter');
    await kai.waitFor((s) => s.screen === 'room' && s.room && s.room.id === roomId, 'Kai in the room');
  });

  step('Anna\'s live region says Kai joined', async () => {
    await waitForLive(anna, 'Kai Keys joined the room.');
  });

  step('Kai raises a hand with Tab and Enter; Anna hears of it', async () => {
    await kai.waitForWidget('room.raise_hand');
    await kai.frames(3);
    await tabTo(kai, 'room.raise_hand');
    await kai.page.keyboard.press('Enter');
    await kai.waitFor((s) => member(s, users.kai.id) && member(s, users.kai.id).hand === true, 'Kai\'s hand up');
    await kai.screenshot('a11y-keyboard-focus');  // the focus ring over the canvas
    await waitForLive(anna, 'Kai Keys raised their hand.');
    // The keyboard stays near where it was: on what replaced the button.
    await kai.waitForWidget('room.lower_hand');
    await kai.frames(3);
    assert.notEqual(await focused(kai), '', 'focus is still on a mirror element');
  });

  step('Enter on a person opens their card; Escape closes it', async () => {
    await tabTo(kai, `room.member.${users.anna.id}`, { back: true });
    await kai.page.keyboard.press('Enter');
    await kai.waitForWidget('room.close_card');
    await kai.page.keyboard.press('Escape');
    const deadline = Date.now() + 10000;
    while ((await kai.widgets())['room.close_card']) {
      if (Date.now() > deadline) throw new Error('Escape did not close the person card');
      await kai.frames(2);
    }
  });

  step('Kai leaves with Tab and Enter; no mouse was used', async () => {
    await kai.frames(3);
    await tabTo(kai, 'room.leave');
    await kai.page.keyboard.press('Enter');
    await kai.waitFor((s) => s.screen === 'hallway' && !s.room, 'Kai back in the hallway');
    await waitForLive(anna, 'Kai Keys left the room.');
  });

  step('a crowd: listeners scrolled out of Anna\'s view are still in her mirror; Enter on one shows them', async () => {
    const crowd = await signUpChain(server.wsUrl, phoneInvite, Array.from({ length: 24 }, (_, i) => (
      { handle: `folla${i}`, name: `Folla ${i}`, password: 'in-ascolto-2026' })));
    // A fresh invite for the phone step below: the chain used this one.
    const inviter = await RawClient.connect(server.wsUrl, 'inviter');
    await inviter.hello();
    await inviter.signIn({ t: 'resume', token: users.anna.token });
    inviter.send({ t: 'create_invite' });
    phoneInvite = (await inviter.take((m) => m.t === 'invite', 'an invite')).code;
    inviter.close();
    for (const [i, person] of crowd.entries()) {
      const c = await RawClient.connect(server.wsUrl, `folla${i}`);
      await c.hello();
      await c.signIn({ t: 'resume', token: person.token });
      c.send({ t: 'join_room', room: roomId });
      await c.take((m) => m.t === 'room_state', 'the room');
      listeners.push(c);
    }
    const last = crowd[crowd.length - 1].id;
    await anna.waitFor((s) => s.room.members.length === 25, 'the crowd in Anna\'s room');
    // A short window (sign-ups are rate-limited per address, so the crowd is small).
    await anna.page.setViewportSize({ width: 1100, height: 480 });
    await anna.frames(6);
    assert.ok(!(await anna.widgets())[`room.member.${last}`], 'the last listener is out of view');
    const entry = anna.page.locator(`#salotto-a11y [data-widget="room.member.${last}"]`);
    await entry.waitFor({ state: 'attached', timeout: 10000 });
    assert.match(await entry.textContent(), /Folla 23/);
    await entry.focus();
    await anna.page.keyboard.press('Enter');
    await anna.waitForWidget(`room.member.${last}`);  // scrolled into view
    await anna.waitForWidget('room.close_card');      // and their card is open
    await anna.page.keyboard.press('Escape');
    await anna.page.setViewportSize({ width: 1100, height: 760 });
    for (const c of listeners.splice(0)) c.close();
  });

  step('a 360-px phone with touch signs up through the real inputs', async () => {
    const phone = await Client.launch('phone', { width: 360, height: 740, deviceScaleFactor: 2, hasTouch: true, isMobile: true });
    clients.push(phone);
    await phone.open(server.url);
    await phone.waitFor((s) => s.screen === 'onboarding' && s.connected, 'onboarding, connected');
    await tap(phone, 'onboarding.mode_signup');
    await phone.waitForWidget('signup.password');
    await phone.frames(3);
    const input = (id) => phone.page.locator(`#salotto-a11y input[data-widget="${id}"]`);
    // What password managers and phone keyboards are told.
    assert.equal(await input('signup.password').getAttribute('type'), 'password');
    assert.equal(await input('signup.password').getAttribute('autocomplete'), 'new-password');
    assert.equal(await input('signup.handle').getAttribute('autocomplete'), 'username');
    assert.equal(await phone.page.locator('#salotto-a11y form input').count(), 4, 'the four fields in one form');
    await input('signup.invite').tap();
    assert.equal(await focused(phone), 'signup.invite', 'a tap on the field focuses its input');
    await input('signup.invite').fill(phoneInvite);
    await input('signup.handle').fill('Telefono');  // the handle field folds capitals
    await input('signup.name').fill('Tèlefono Piccolo');
    await input('signup.password').fill('schermo-stretto-2026');
    await phone.frames(3);
    // The fields show what the inputs hold, filtered as typing would be.
    assert.equal(await input('signup.handle').inputValue(), 'telefono');
    await phone.screenshot('a11y-phone-signup');  // the inputs stay invisible over the fields
    await tap(phone, 'signup.submit');
    const s = await phone.waitFor((st) => st.screen === 'hallway' && st.user, 'the hallway, signed up');
    assert.equal(s.user.handle, 'telefono');
    assert.equal(s.user.name, 'Tèlefono Piccolo');
  });

  step('an Italian browser gets Italian accessible names', async () => {
    const it = await Client.launch('italian', { locale: 'it-IT' });
    clients.push(it);
    await it.page.addInitScript(([k, t]) => localStorage.setItem(k, t), [TOKEN_KEY, users.kai.token]);
    await it.open(server.url);
    await it.waitFor((s) => s.screen === 'hallway' && s.lang === 'it', 'the Italian hallway');
    await it.waitForWidget('hallway.logout');
    await it.frames(3);
    const snapshot = await it.page.locator('#salotto-a11y').ariaSnapshot();
    assert.match(snapshot, /main "Corridoio"/, snapshot);
    assert.ok(snapshot.includes('button "Esci"'), `the log-out button in Italian:\n${snapshot}`);
    assert.ok(snapshot.includes('button "Profilo"'), snapshot);
    assert.match(snapshot, /button "IT" \[pressed\]/, `the language switch as a pressed toggle:\n${snapshot}`);
    assert.equal(await it.page.getAttribute('#salotto-live', 'aria-label'), 'Attività della stanza');
  });

  step('Kai starts a room from the keyboard, its title composed with an IME', async () => {
    await kai.waitForWidget('hallway.title_input');
    await kai.frames(3);
    await tabTo(kai, 'hallway.title_input');
    await kai.page.keyboard.type('Caff', { delay: 25 });
    // A dead key or an IME: text being composed, then committed.
    const cdp = await kai.page.context().newCDPSession(kai.page);
    await cdp.send('Input.imeSetComposition', { text: '`', selectionStart: 1, selectionEnd: 1 });
    await kai.frames(2);
    await cdp.send('Input.insertText', { text: 'è' });
    await kai.page.keyboard.type(' lungo', { delay: 25 });
    await kai.frames(2);
    await kai.page.keyboard.press('Enter');
    const s = await kai.waitFor((st) => st.screen === 'room' && st.room && st.room.title === 'Caffè lungo',
      'Kai in a room titled "Caffè lungo"');
    assert.equal(member(s, users.kai.id).role, 'moderator');
  });

  step('no page errors in any browser', async () => {
    for (const c of clients) assert.deepEqual(c.pageErrors, [], `${c.name}: ${c.diagnostics()}`);
  });
});
