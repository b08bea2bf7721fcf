// Headless Debian Chromium driven by playwright-core (no browser download), one
// fresh profile per browser, and helpers that talk to the web client through the
// documented test hooks (docs/client-test-api.md): window.salotto.state() and
// window.salotto.widgets(). Input is real mouse and keyboard input on the canvas.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { paths, artifactPath } = require('./paths');
const { assertNotBlank } = require('./png');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// Chromium switches for a fake microphone that plays the WAV file `wav` (none when
// `wav` is not given), granted without asking.
function fakeMicrophone(wav) {
  return wav ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`] : [];
}

const WAIT_MS = 15000;
const TOKEN_KEY = 'salotto.token';
const READY_MS = 30000; // first load compiles the WASM module under SwiftShader

// Records every screen the client shows, sampled once per animation frame, so a test
// can tell whether a screen (e.g. onboarding) flashed by between two polls.
function recordScreens() {
  window.__salottoScreens = [];
  const tick = () => {
    try {
      const api = window.salotto;
      if (api && typeof api.state === 'function') {
        let s = api.state();
        if (typeof s === 'string') s = JSON.parse(s);
        const list = window.__salottoScreens;
        if (s && s.screen && list[list.length - 1] !== s.screen) list.push(s.screen);
      }
    } catch { /* not ready yet */ }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

class Client {
  constructor(name, context, page, userDataDir) {
    this.name = name;
    this.context = context;
    this.page = page;
    this.userDataDir = userDataDir;
    this.console = [];
    this.pageErrors = [];
    this.contractNotes = new Set();
    page.on('console', (m) => this.console.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => this.pageErrors.push(String(e && e.stack || e)));
  }

  // Launches a fresh Chromium with its own profile folder; `args` are extra command
  // line switches (e.g. a fake microphone for the audio test).
  // A browser that is already signed in (the session token is put in localStorage
  // before the page loads) and may play audio without a gesture.
  // `options` as for launch().
  static async launchSignedIn(name, token, args = [], options = {}) {
    const c = await Client.launch(name,
      { ...options, args: ['--autoplay-policy=no-user-gesture-required', ...args] });
    await c.page.addInitScript(([k, t]) => localStorage.setItem(k, t), [TOKEN_KEY, token]);
    return c;
  }

  // `locale` (e.g. 'it-IT') sets the browser's language: navigator.languages and
  // Accept-Language; left out, Chromium's default (en-US). `hasTouch` and `isMobile`
  // make a phone: touch events (page.tap) and a mobile viewport. `timezoneId` (e.g.
  // 'Europe/Rome') sets the browser's time zone.
  static async launch(name, { width = 1100, height = 760, deviceScaleFactor = 1, args = [], locale,
    hasTouch = false, isMobile = false, timezoneId } = {}) {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), `salotto-e2e-chromium-${name}-`));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: paths.chromium,
      headless: true,
      args: [...CHROMIUM_ARGS, ...args],
      viewport: { width, height },
      deviceScaleFactor,
      hasTouch,
      isMobile,
      ...(locale ? { locale } : {}),
      ...(timezoneId ? { timezoneId } : {}),
    });
    const page = context.pages()[0] || (await context.newPage());
    await page.addInitScript(recordScreens);
    return new Client(name, context, page, userDataDir);
  }

  // Opens a URL and waits until window.salotto.state().ready.
  async open(url) {
    await this.page.goto(url, { waitUntil: 'load' });
    await this.waitReady();
  }

  async reload() {
    await this.page.reload({ waitUntil: 'load' });
    await this.waitReady();
  }

  async waitReady() {
    try {
      await this.page.waitForFunction(() => {
        const api = window.salotto;
        if (!api || typeof api.state !== 'function' || typeof api.widgets !== 'function') return false;
        let s = api.state();
        if (typeof s === 'string') s = JSON.parse(s);
        return !!(s && s.ready === true);
      }, null, { timeout: READY_MS, polling: 100 });
    } catch (err) {
      const hook = await this.page.evaluate(() => ({
        hasSalotto: typeof window.salotto,
        keys: window.salotto ? Object.keys(window.salotto) : null,
        canvases: document.querySelectorAll('canvas').length,
        title: document.title,
      })).catch((e) => String(e));
      throw new Error(`${this.name}: window.salotto.state().ready did not become true within ${READY_MS} ms ` +
        `(${err.message.split('\n')[0]}).\nwindow.salotto: ${JSON.stringify(hook)}\n${this.diagnostics()}`);
    }
  }

  // The client's state object (docs/client-test-api.md).
  async state() {
    const { value, kind } = await this.page.evaluate(() => {
      const v = window.salotto.state();
      return { value: v, kind: typeof v };
    });
    if (kind === 'string') {
      this.contractNotes.add('window.salotto.state() returned a JSON string, the contract says a plain object');
      return JSON.parse(value);
    }
    return value;
  }

  async widgets() {
    const { value, kind } = await this.page.evaluate(() => {
      const v = window.salotto.widgets();
      return { value: v, kind: typeof v };
    });
    if (kind === 'string') {
      this.contractNotes.add('window.salotto.widgets() returned a JSON string, the contract says a plain object');
      return JSON.parse(value);
    }
    return value;
  }

  // Screens the client has shown since the page was (re)loaded, in order.
  async screensSeen() {
    return this.page.evaluate(() => window.__salottoScreens.slice());
  }

  // Polls state() until pred(state) is truthy; on timeout throws with `what`, the
  // last state and the page's recent console output.
  // Records `seconds` of the client's audio through its test tap (`which`: the
  // playback output, or the capture input), as {samples: Float32Array, startMs,
  // sampleRate}. The samples cross from the page as base64, in chunks small enough
  // for String.fromCharCode.
  async audioTap(seconds, which) {
    const t = await this.page.evaluate(async ([s, w]) => {
      const r = await window.salotto.audioTap(s, w);
      const bytes = new Uint8Array(r.samples.buffer);
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      return { b64: btoa(bin), startMs: r.startMs, sampleRate: r.sampleRate };
    }, [seconds, which]);
    const buf = Buffer.from(t.b64, 'base64');
    const samples = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
    return { samples, startMs: t.startMs, sampleRate: t.sampleRate };
  }

  // Makes the page behave as a background tab does: the document reports itself
  // hidden and animation frames stop (requestAnimationFrame never calls back), so
  // the client's frame loop stands still. Playwright keeps every page it drives
  // "visible" and focused, and headless Chromium hides no tab, so the page is told
  // from the inside. Frame requests are held, as a hidden tab holds them, until
  // show(). Returns a probe counting the requests made meanwhile.
  async hide() {
    await this.page.evaluate(() => {
      window.__salottoShownRaf = window.requestAnimationFrame;
      window.__salottoHeldFrames = [];
      window.requestAnimationFrame = (callback) => window.__salottoHeldFrames.push(callback);
      for (const [name, value] of [['visibilityState', 'hidden'], ['hidden', true]]) {
        Object.defineProperty(document, name, { configurable: true, get: () => value });
      }
      document.dispatchEvent(new Event('visibilitychange'));
    });
    return { frameRequests: () => this.page.evaluate(() => window.__salottoHeldFrames.length) };
  }

  // Undoes hide(): the page is visible again and its frame loop resumes.
  async show() {
    await this.page.evaluate(() => {
      delete document.visibilityState;
      delete document.hidden;
      window.requestAnimationFrame = window.__salottoShownRaf;
      for (const callback of window.__salottoHeldFrames) window.requestAnimationFrame(callback);
      document.dispatchEvent(new Event('visibilitychange'));
    });
  }

  // Waits for audio to be set up, tapping "Join audio" if the browser asks for it.
  async joinAudio(timeoutMs = WAIT_MS) {
    const s = await this.waitFor((st) => st.audio && (st.audio.joined || st.audio.needs_gesture),
      'audio set up or asking for a tap', timeoutMs);
    if (!s.audio.joined || s.audio.needs_gesture) await this.click('room.join_audio');
    return this.waitFor((st) => st.audio.joined && !st.audio.needs_gesture && st.audio.started,
      'audio joined and the audio connection started', timeoutMs);
  }

  async waitFor(pred, what, timeoutMs = WAIT_MS) {
    const deadline = Date.now() + timeoutMs;
    let last = null;
    let lastErr = null;
    for (;;) {
      try {
        last = await this.state();
        lastErr = null;
        if (pred(last)) return last;
      } catch (err) {
        lastErr = err;
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.name}: timed out after ${timeoutMs} ms waiting for ${what}\n` +
          (lastErr ? `last error: ${lastErr.message}\n` : '') +
          `last state(): ${JSON.stringify(last, null, 1)}\n${this.diagnostics()}`);
      }
      await sleep(100);
    }
  }

  // Waits until the widget with this id was drawn in the latest frame; returns its rect.
  async waitForWidget(id, timeoutMs = WAIT_MS) {
    const deadline = Date.now() + timeoutMs;
    let last = null;
    for (;;) {
      last = await this.widgets().catch(() => null);
      const r = last && last[id];
      if (r && r.w > 0 && r.h > 0) return r;
      if (Date.now() > deadline) {
        const st = await this.state().catch((e) => `state() failed: ${e.message}`);
        throw new Error(`${this.name}: widget "${id}" not drawn within ${timeoutMs} ms.\n` +
          `widgets(): ${JSON.stringify(last)}\nstate(): ${JSON.stringify(st, null, 1)}\n${this.diagnostics()}`);
      }
      await sleep(100);
    }
  }

  async canvasBox() {
    const box = await this.page.evaluate(() => {
      const c = document.querySelector('canvas#canvas') || document.querySelector('canvas');
      if (!c) return null;
      const r = c.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height };
    });
    if (!box) throw new Error(`${this.name}: no <canvas> on the page`);
    return box;
  }

  // Waits for n animation frames of the page.
  async frames(n = 2) {
    await this.page.evaluate((count) => new Promise((resolve) => {
      let left = count;
      const f = () => (--left <= 0 ? resolve() : requestAnimationFrame(f));
      requestAnimationFrame(f);
    }), n);
  }

  // Clicks the centre of a widget with the real mouse, the way a person does: move,
  // press, release, a couple of frames apart. The layout can still be settling (the
  // dock shrinks when audio starts), so the pointer goes down only once the widget
  // has stayed put for a few frames with the pointer over it. If the widget still
  // moves out from under the pressed pointer, Dear ImGui counts no click (press and
  // release must land on the same item), so the click is made again where it went.
  async click(id, timeoutMs = WAIT_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.settledWidget(id, deadline, timeoutMs);
      const box = await this.canvasBox();
      await this.page.mouse.down();
      await this.frames(2);
      const held = (await this.widgets().catch(() => null) || {})[id];
      await this.page.mouse.up();
      await this.frames(2);
      const px = r.x + r.w / 2;
      const py = r.y + r.h / 2;
      // Gone while pressed (acted on the press, or the screen changed): nothing to redo.
      if (!held || (px >= held.x && px < held.x + held.w && py >= held.y && py < held.y + held.h)) return;
      if (Date.now() > deadline) {
        throw new Error(`${this.name}: widget "${id}" moved from under the pointer for ${timeoutMs} ms: ${JSON.stringify(r)} then ${JSON.stringify(held)}, canvas ${JSON.stringify(box)}`);
      }
    }
  }

  // Moves the pointer over a widget's centre and waits until the widget has stayed
  // put for a few frames; returns its rectangle.
  async settledWidget(id, deadline, timeoutMs) {
    for (;;) {
      const r = await this.waitForWidget(id, Math.max(deadline - Date.now(), 1));
      const box = await this.canvasBox();
      const x = box.x + r.x + r.w / 2;
      const y = box.y + r.y + r.h / 2;
      const vp = this.page.viewportSize();
      if (x < 0 || y < 0 || x >= vp.width || y >= vp.height) {
        throw new Error(`${this.name}: widget "${id}" centre (${x}, ${y}) is outside the ${vp.width}x${vp.height} viewport; rect ${JSON.stringify(r)}, canvas ${JSON.stringify(box)}`);
      }
      await this.page.mouse.move(x, y);
      await this.frames(3);
      const now = (await this.widgets().catch(() => null) || {})[id];
      if (now && now.x === r.x && now.y === r.y && now.w === r.w && now.h === r.h) return r;
      if (Date.now() > deadline) {
        throw new Error(`${this.name}: widget "${id}" kept moving for ${timeoutMs} ms: ${JSON.stringify(r)} then ${JSON.stringify(now)}`);
      }
    }
  }

  // Scrolls the screen with the mouse wheel (over the canvas' middle) until widget `id`
  // is drawn, as a person scrolls to find something; returns its rectangle.
  async scrollTo(id, timeoutMs = WAIT_MS) {
    for (let i = 0; i < 30; i++) {
      const w = await this.widgets().catch(() => ({}));
      if (w && w[id] && w[id].h > 0) return w[id];
      const box = await this.canvasBox();
      await this.page.mouse.move(box.x + box.w / 2, box.y + box.h / 2);
      await this.page.mouse.wheel(0, 100);
      await this.frames(3);
    }
    return this.waitForWidget(id, timeoutMs);
  }

  // Clicks widget `id`; when it is not drawn (e.g. an action on a card that opens
  // when its person is clicked), clicks `openerId` first, as a person would.
  async clickVia(openerId, id) {
    const now = await this.widgets().catch(() => ({}));
    if (!(now && now[id])) await this.click(openerId);
    await this.click(id);
  }

  // Clicks a text field and types into it with the keyboard.
  async type(id, text) {
    await this.click(id);
    await this.page.keyboard.type(text, { delay: 25 });
    await this.frames(2);
  }

  // Saves a screenshot under artifacts/ and checks it is not blank.
  async screenshot(label) {
    await this.frames(3);
    const file = artifactPath(`${label}.png`);
    const buf = await this.page.screenshot({ path: file });
    return assertNotBlank(buf, label);
  }

  diagnostics() {
    const errs = this.pageErrors.length ? `page errors:\n  ${this.pageErrors.slice(-5).join('\n  ')}\n` : '';
    const cons = this.console.length ? `console (last 15):\n  ${this.console.slice(-15).join('\n  ')}` : 'console: (empty)';
    return errs + cons;
  }

  async close() {
    try {
      fs.writeFileSync(artifactPath(`browser-${this.name}-console.log`),
        [...this.console, ...this.pageErrors.map((e) => `[pageerror] ${e}`)].join('\n') + '\n');
    } catch { /* best effort */ }
    await this.context.close().catch(() => {});
    fs.rmSync(this.userDataDir, { recursive: true, force: true });
  }
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

module.exports = { Client, CHROMIUM_ARGS, TOKEN_KEY, fakeMicrophone };
