// Languages, end to end: a headless Chromium whose locale is Italian (it-IT) shows the
// onboarding and the hallway in Italian, and says so in state().lang and <html lang>;
// the EN / IT switch changes the language and the choice survives a reload; a browser
// with an English locale starts in English, and on a 360-px screen the hallway's bar
// still fits. A display name in Greek and Cyrillic is drawn with real glyphs: the UI
// font has every one of its letters (salotto.missingGlyphs) and the greeting that shows
// it has ink in it. Italian labels are longer: the room's header wraps, never overlaps.
//
// Proof that the words on the canvas are Italian: widgets() reports the label each
// button was drawn with (docs/client-test-api.md); the same widget ids carry English
// labels after the switch.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { Client } = require('./lib/browser');
const { stepper } = require('./lib/steps');
const { assertNotBlank, decodePng } = require('./lib/png');

const USER = { handle: 'eleni', name: 'Ελένη Ковалёва', password: 'parola-d-ordine-1' };

describe('i18n: Italian on an Italian browser, the EN / IT switch, Greek and Cyrillic names', { timeout: 150000 }, () => {
  const step = stepper(it);
  let server;
  const clients = [];
  let italian;

  const label = async (c, id) => {
    const w = await c.waitForWidget(id);
    return w.label;
  };
  const htmlLang = (c) => c.page.evaluate(() => document.documentElement.lang);

  before(async () => {
    server = await startServer('i18n');
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
  });

  step('an it-IT browser gets the onboarding in Italian', async () => {
    italian = await Client.launch('italian', { locale: 'it-IT' });
    clients.push(italian);
    await italian.open(server.url);
    const s = await italian.waitFor((st) => st.screen === 'onboarding' && st.connected, 'onboarding, connected');
    assert.equal(s.lang, 'it');
    assert.equal(await htmlLang(italian), 'it');
    assert.deepEqual(await italian.page.evaluate(() => navigator.languages), ['it-IT']);
    await italian.click('onboarding.mode_signup');
    assert.equal(await label(italian, 'onboarding.mode_signup'), 'Registrati');
    assert.equal(await label(italian, 'onboarding.mode_login'), 'Accedi');
    assert.equal(await label(italian, 'signup.submit'), 'Crea il mio account');
    assert.equal(await label(italian, 'signup.name'), 'Il tuo nome');
    await italian.screenshot('i18n-onboarding-it');
  });

  step('signing up with a Greek and Cyrillic name lands in an Italian hallway', async () => {
    await italian.type('signup.invite', server.invite);
    await italian.type('signup.handle', USER.handle);
    await italian.type('signup.name', USER.name);
    await italian.type('signup.password', USER.password);
    await italian.click('signup.submit');
    const s = await italian.waitFor((st) => st.screen === 'hallway' && st.user, 'the hallway');
    assert.equal(s.user.name, USER.name);
    assert.equal(s.lang, 'it');
    assert.equal(await label(italian, 'hallway.profile'), 'Profilo');
    assert.equal(await label(italian, 'hallway.logout'), 'Esci');
    assert.equal(await label(italian, 'hallway.create_invite'), 'Crea un invito');
    assert.equal(await label(italian, 'hallway.greeting'), `Ciao, ${USER.name}!`);
    await italian.screenshot('i18n-hallway-it');
  });

  step('the name is drawn with real Greek and Cyrillic glyphs', async () => {
    const missing = (text) => italian.page.evaluate((t) => window.salotto.missingGlyphs(t), text);
    assert.deepEqual(await missing(USER.name), [], 'the UI font has every letter of the name');
    assert.deepEqual(await missing('àèéìòù ΑΩαω ЖЯжяё'), []);
    // The check can fail: Chinese and Arabic are not in the font (docs/client.md).
    assert.deepEqual(await missing('你ب'), [0x4f60, 0x628]);

    // The greeting's pixels: the name's letters leave plenty of dark, anti-aliased ink.
    const box = await italian.canvasBox();
    const g = await italian.waitForWidget('hallway.greeting');
    const clip = { x: box.x + g.x, y: box.y + g.y, width: g.w, height: g.h };
    const png = await italian.page.screenshot({ clip });
    assertNotBlank(png, 'the greeting', { minColours: 12, maxDominant: 0.95 });
    const { pixels, channels, width, height } = decodePng(png);
    let ink = 0;
    for (let i = 0; i < pixels.length; i += channels) if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 3 * 180) ink++;
    assert.ok(ink > width * height * 0.04, `ink in the greeting: ${ink} of ${width * height} pixels`);
  });

  step('the EN switch changes the language, and the choice survives a reload', async () => {
    await italian.click('lang.en');
    const s = await italian.waitFor((st) => st.lang === 'en', 'lang en');
    assert.equal(s.screen, 'hallway');
    await italian.frames(3);
    assert.equal(await label(italian, 'hallway.profile'), 'Profile');
    assert.equal(await label(italian, 'hallway.greeting'), `Ciao, ${USER.name}!`);
    assert.equal(await htmlLang(italian), 'en');
    assert.equal(await italian.page.evaluate(() => localStorage.getItem('salotto.lang')), 'en');
    await italian.reload();
    const again = await italian.waitFor((st) => st.screen === 'hallway' && st.user, 'the hallway after a reload');
    assert.equal(again.lang, 'en', 'the choice beats the browser locale');
    assert.equal(await label(italian, 'hallway.profile'), 'Profile');
    await italian.screenshot('i18n-hallway-en');
    await italian.click('lang.it');
    await italian.waitFor((st) => st.lang === 'it', 'lang it again');
    await italian.frames(3);
    assert.equal(await label(italian, 'hallway.profile'), 'Profilo');
  });

  step('the Italian room screen: longer words, and its header buttons still do not overlap', async () => {
    await italian.type('hallway.title_input', 'Chiacchiere in salotto');
    await italian.click('hallway.create_room');
    await italian.waitFor((st) => st.screen === 'room' && st.room, 'in the new room');
    assert.equal(await label(italian, 'room.end'), 'Chiudi stanza');
    assert.equal(await label(italian, 'room.leave'), 'Esci piano');
    await italian.click('room.settings');
    await italian.click('room.audio_panel');
    await italian.click('room.ping_panel');
    await italian.frames(3);
    const w = await italian.widgets();
    const ids = ['room.leave', 'room.audio_panel', 'room.copy_link', 'room.ping_panel', 'room.bell', 'room.settings', 'room.end'];
    const box = await italian.canvasBox();
    for (const id of ids) {
      assert.ok(w[id], `${id} is drawn`);
      assert.ok(w[id].x >= 0 && w[id].x + w[id].w <= box.w, `${id} is inside the canvas: ${JSON.stringify(w[id])}`);
    }
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = w[ids[i]], b = w[ids[j]];
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `${ids[i]} and ${ids[j]} overlap: ${JSON.stringify([a, b])}`);
      }
    }
    await italian.screenshot('i18n-room-it');
  });

  step('an en-US browser on a phone-sized screen starts in English; the hallway bar fits', async () => {
    const english = await Client.launch('english', { locale: 'en-US', width: 360, height: 740 });
    clients.push(english);
    await english.open(server.url);
    const s = await english.waitFor((st) => st.screen === 'onboarding' && st.connected, 'onboarding, connected');
    assert.equal(s.lang, 'en');
    assert.equal(await htmlLang(english), 'en');
    assert.equal(await label(english, 'onboarding.mode_signup'), 'Sign up');
    await english.click('onboarding.mode_login');
    await english.type('login.handle', USER.handle);
    await english.type('login.password', USER.password);
    await english.click('login.submit');
    // The account is still in the room it opened in the other browser: leave it.
    const signedIn = await english.waitFor((st) => st.user && (st.screen === 'hallway' || st.screen === 'room'), 'signed in');
    if (signedIn.screen === 'room') await english.click('room.leave');
    await english.waitFor((st) => st.screen === 'hallway', 'the hallway');
    await english.waitForWidget('lang.it');
    const w = await english.widgets();
    const ids = ['hallway.bell', 'hallway.profile', 'hallway.logout', 'lang.en', 'lang.it'];
    for (let i = 0; i < ids.length; i++) {
      const a = w[ids[i]];
      assert.ok(a && a.x >= 0 && a.x + a.w <= 360, `${ids[i]} inside the screen: ${JSON.stringify(a)}`);
      for (let j = i + 1; j < ids.length; j++) {
        const b = w[ids[j]];
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `${ids[i]} and ${ids[j]} overlap: ${JSON.stringify([a, b])}`);
      }
    }
    await english.screenshot('i18n-hallway-phone-en');
  });
});
