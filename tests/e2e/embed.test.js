// Embedding (docs/embedding.md) against the real server and client in headless
// Chromium. A host page on a second origin (a Node server on another port) mounts two
// embeds with web/embed.js, each on its own room and its own Salotto origin
// (127.0.0.1 and localhost: the same server, two origins, so two signed-in users), and
// joins both rooms through the JS API, receiving joined/participants events for each.
// A frame from a third origin then posts commands to the embeds and fake events to the
// host: nothing reaches the server and the host's handles report nothing. Also: the
// compact view fills a 320x400 frame (screenshot, not blank), non-embed pages refuse
// to be framed, and the server tells the embed who may frame it.
'use strict';
const { describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startServer, sleep } = require('./lib/server');
const { Client, CHROMIUM_ARGS, TOKEN_KEY } = require('./lib/browser');
const { RawClient } = require('./lib/wsclient');
const { assertNotBlank } = require('./lib/png');
const { artifactPath, paths } = require('./lib/paths');
const { stepper } = require('./lib/steps');

const WAIT_MS = 20000;

// A tiny web server on its own port (its own origin) answering each path with a page.
function pageServer(pages) {
  return new Promise((resolve) => {
    const s = http.createServer((req, res) => {
      const body = pages[req.url.split('?')[0]];
      res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body || 'not found');
    });
    s.listen(0, '127.0.0.1', () => resolve({ server: s, origin: `http://127.0.0.1:${s.address().port}` }));
  });
}

// A browser as most people have one: this Chromium's fresh profiles block
// third-party cookies and storage (localStorage throws inside a cross-site frame),
// which real Chrome profiles do not by default. The profile's preferences say so.
async function launchAllowingThirdPartyStorage(name) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), `salotto-e2e-chromium-${name}-`));
  fs.mkdirSync(path.join(userDataDir, 'Default'));
  fs.writeFileSync(path.join(userDataDir, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: paths.chromium,
    headless: true,
    args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'],
    viewport: { width: 1000, height: 900 },
  });
  const page = context.pages()[0] || (await context.newPage());
  return new Client(name, context, page, userDataDir);
}

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    }).on('error', reject);
  });
}

// The host page: two embeds of 320x400 and, below, a frame from the third origin and
// one trying to frame the ordinary client (refused).
function hostPage({ scriptUrl, a, b, third, plain }) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>host</title>
<style>body{margin:0} .box{width:320px;height:400px;display:inline-block;vertical-align:top}
 iframe.small{width:200px;height:100px}</style></head><body>
<div class="box" id="a"></div><div class="box" id="b"></div><br>
<iframe class="small" id="third" src="${third}"></iframe>
<iframe class="small" id="plain" src="${plain}"></iframe>
<script src="${scriptUrl}"></script>
<script>
  window.events = [];
  window.strays = 0;
  window.embeds = {
    a: Salotto.mount(document.getElementById('a'), ${JSON.stringify(a)}),
    b: Salotto.mount(document.getElementById('b'), ${JSON.stringify(b)}),
  };
  for (const [key, embed] of Object.entries(window.embeds)) {
    for (const name of ['ready', 'joined', 'left', 'speaking', 'participants', 'error']) {
      embed.on(name, (data) => window.events.push({ embed: key, name, data }));
    }
  }
</script></body></html>`;
}

describe('embedding: two embeds on a host page of another origin', { timeout: 240000 }, () => {
  const step = stepper(require('node:test').it);
  let server, host, third, browser;
  let owner, owner2;     // raw sockets: the rooms' hosts
  const users = {};      // name -> {token, id}
  const rooms = {};      // a, b -> room id
  let serverA, serverB;  // the two origins of the one Salotto server

  async function raw(name) {
    const c = await RawClient.connect(server.wsUrl, name);
    await c.hello();
    return c;
  }

  before(async () => {
    server = await startServer('embed');
    serverA = server.url.replace(/\/$/, '');               // http://127.0.0.1:PORT
    serverB = serverA.replace('127.0.0.1', 'localhost');   // the same server, another origin
  });

  after(async () => {
    if (browser) await browser.close();
    for (const r of [owner, owner2]) if (r) r.ws.terminate();
    for (const s of [host, third]) if (s) s.server.close();
    if (server) await server.stop();
  });

  step('two hosts open two rooms; two listeners sign up', async () => {
    owner = await raw('owner');
    const s = await owner.signIn({ t: 'signup', invite: server.invite, handle: 'padrona', name: 'Padrona di Casa', password: 'salotto-aperto-1' });
    users.owner = { id: s.user.id };
    const codes = [];
    for (let i = 0; i < 3; ++i) {
      owner.send({ t: 'create_invite' });
      codes.push((await owner.take((m) => m.t === 'invite', 'an invite')).code);
    }
    owner2 = await raw('owner2');
    const s2 = await owner2.signIn({ t: 'signup', invite: codes[0], handle: 'ospite', name: 'Ospite Due', password: 'salotto-aperto-2' });
    users.owner2 = { id: s2.user.id };
    for (const [i, name] of [[1, 'ugo'], [2, 'vera']]) {
      const c = await raw(name);
      const session = await c.signIn({ t: 'signup', invite: codes[i], handle: name, name: name.toUpperCase(), password: `ascolto-${name}-99` });
      users[name] = { token: session.token, id: session.user.id };
      c.close();
    }
    owner.send({ t: 'create_room', title: 'Stanza Uno' });
    rooms.a = (await owner.take((m) => m.t === 'room_state', 'room A')).room.id;
    owner2.send({ t: 'create_room', title: 'Stanza Due' });
    rooms.b = (await owner2.take((m) => m.t === 'room_state', 'room B')).room.id;
  });

  step('the server says who may frame the embed; only /embed/ may be framed', async () => {
    const policy = await get(`${serverA}/api/embed-policy`);
    assert.equal(policy.status, 200);
    assert.deepEqual(JSON.parse(policy.body), { version: 1, frameAncestors: ['*'] });
    const embed = await get(`${serverA}/embed/${rooms.a}`);
    assert.match(embed.headers['content-security-policy'], /frame-ancestors \*(;|$)/);
    for (const target of ['/', `/r/${rooms.a}`, '/embed-demo']) {
      const res = await get(`${serverA}${target}`);
      assert.equal(res.status, 200, target);
      assert.match(res.headers['content-security-policy'], /frame-ancestors 'none'(;|$)/, target);
      assert.equal(res.headers['x-frame-options'], 'DENY', target);
    }
    // With an allow-list, the policy and the header name just those sites.
    const listed = await startServer('embed-allow-list', {
      extraArgs: ['--embed-frame-ancestor', 'https://blog.example', '--embed-frame-ancestor', 'https://*.example.org'],
    });
    try {
      const base = listed.url.replace(/\/$/, '');
      const res = await get(`${base}/api/embed-policy`);
      assert.deepEqual(JSON.parse(res.body), { version: 1, frameAncestors: ['https://blog.example', 'https://*.example.org'] });
      const page = await get(`${base}/embed/${rooms.a}`);
      assert.match(page.headers['content-security-policy'], /frame-ancestors https:\/\/blog\.example https:\/\/\*\.example\.org(;|$)/);
    } finally {
      await listed.stop();
    }
    const script = await get(`${serverA}/embed.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers['content-type'], /^text\/javascript/);
    assert.equal(script.headers['cache-control'], 'no-cache', 'a stable URL, revalidated');
    assert.match(script.body, /Salotto = \{ mount: mount/);
  });

  step('the host page mounts two embeds; both become ready, signed in, and join nothing by themselves', async () => {
    third = await pageServer({
      '/third': '<!doctype html><html><body>third</body></html>',
    });
    const hostPages = {};
    host = await pageServer(hostPages);
    hostPages['/'] = hostPage({
      scriptUrl: `${serverA}/embed.js`,
      a: { server: serverA, room: rooms.a },
      b: { server: serverB, room: rooms.b, theme: 'dark' },
      third: `${third.origin}/third`,
      plain: `${serverA}/r/${rooms.a}`,
    });
    assert.notEqual(host.origin, serverA);
    assert.notEqual(third.origin, host.origin);

    browser = await launchAllowingThirdPartyStorage('embed-host');
    // Each Salotto origin keeps its own session: Ugo's on 127.0.0.1, Vera's on localhost.
    await browser.page.addInitScript(([key, byOrigin]) => {
      if (byOrigin[location.origin]) localStorage.setItem(key, byOrigin[location.origin]);
    }, [TOKEN_KEY, { [serverA]: users.ugo.token, [serverB]: users.vera.token }]);
    await browser.page.goto(`${host.origin}/`, { waitUntil: 'load' });
    await browser.page.waitForFunction(() => window.events.filter((e) => e.name === 'ready').length === 2,
      null, { timeout: 60000, polling: 100 });
    const ready = await browser.page.evaluate(() => window.events.filter((e) => e.name === 'ready'));
    const byEmbed = Object.fromEntries(ready.map((e) => [e.embed, e.data]));
    assert.deepEqual(byEmbed.a, { room: rooms.a, signedIn: true });
    assert.deepEqual(byEmbed.b, { room: rooms.b, signedIn: true });
    // Signed in, but not in a room: joining is the host's (or the user's) call. The
    // embed shows the room's lobby with its Join button.
    const lobby = await (await browser.page.$('#a iframe')).contentFrame();
    await lobby.waitForFunction(() => window.salotto && window.salotto.widgets()['embed.join'], null, { timeout: WAIT_MS });
    assertNotBlank(await browser.page.locator('#a iframe').screenshot({ path: artifactPath('embed-lobby-320x400.png') }), 'embed lobby');
    await sleep(500);
    assert.equal(owner.inbox.filter((m) => m.t === 'members_changed').length, 0,
      `nobody joined room A yet: ${owner.transcript()}`);
  });

  step('join() on each embed joins its room; joined and participants arrive through each handle', async () => {
    await browser.page.evaluate(() => { window.embeds.a.join(); window.embeds.b.join(); });
    await browser.page.waitForFunction(() => ['a', 'b'].every((k) =>
      window.events.some((e) => e.embed === k && e.name === 'participants' && e.data.count === 2)),
    null, { timeout: WAIT_MS, polling: 100 });
    const events = await browser.page.evaluate(() => window.events);
    for (const [key, room, title, name] of [['a', rooms.a, 'Stanza Uno', 'ugo'], ['b', rooms.b, 'Stanza Due', 'vera']]) {
      const mine = events.filter((e) => e.embed === key);
      const joined = mine.find((e) => e.name === 'joined');
      assert.deepEqual(joined && joined.data, { room, title }, `${key}: joined ${JSON.stringify(mine)}`);
      const people = mine.filter((e) => e.name === 'participants').pop().data;
      assert.equal(people.room, room);
      assert.deepEqual(people.participants.map((p) => p.handle).sort(), [key === 'a' ? 'padrona' : 'ospite', name].sort());
      // Each handle hears only its own room.
      assert.ok(mine.every((e) => !e.data || e.data.room === undefined || e.data.room === room),
        `${key} got another room's events: ${JSON.stringify(mine)}`);
    }
    const joinedA = await owner.take((m) => m.t === 'members_changed' && m.members.some((x) => x.id === users.ugo.id), 'Ugo in room A');
    assert.ok(joinedA);
    await owner2.take((m) => m.t === 'members_changed' && m.members.some((x) => x.id === users.vera.id), 'Vera in room B');
  });

  step('the compact view fills a 320x400 frame and is not blank', async () => {
    for (const key of ['a', 'b']) {
      const frame = browser.page.frames().find((f) => f.url().includes(`/embed/${rooms[key]}`));
      assert.ok(frame, `${key}: the embed frame`);
      const widgets = await frame.evaluate(() => window.salotto.widgets());
      for (const id of ['embed.title', 'embed.hand', 'embed.leave']) {
        const r = widgets[id];
        assert.ok(r && r.w > 0 && r.h > 0, `${key}: ${id} drawn: ${JSON.stringify(widgets)}`);
        assert.ok(r.x >= 0 && r.y >= 0 && r.x + r.w <= 320 && r.y + r.h <= 400, `${key}: ${id} inside 320x400: ${JSON.stringify(r)}`);
      }
      assert.ok(widgets[`room.member.${users.owner.id}`] || widgets[`room.member.${users.owner2.id}`], `${key}: the host's tile`);
      const state = await frame.evaluate(() => window.salotto.state());
      assert.equal(state.room.id, rooms[key]);
      const shot = await browser.page.locator(`#${key} iframe`).screenshot({ path: artifactPath(`embed-${key}-320x400.png`) });
      assertNotBlank(shot, `embed ${key} at 320x400`);
    }
  });

  step('a third origin can neither command an embed nor fake its events', async () => {
    const before = await browser.page.evaluate(() => window.events.length);
    owner.inbox.length = 0;
    owner2.inbox.length = 0;
    const frame = browser.page.frames().find((f) => f.url().startsWith(third.origin));
    assert.ok(frame, 'the third-origin frame');
    await frame.evaluate(([roomA]) => {
      const msg = (fields) => Object.assign({ schema: 'salotto-embed', version: 1 }, fields);
      // Straight at the embeds' windows (frames 0 and 1 of the host page) ...
      for (const target of [parent.frames[0], parent.frames[1]]) {
        target.postMessage(msg({ type: 'hello' }), '*');
        for (const command of ['leave', 'raiseHand']) target.postMessage(msg({ type: 'command', command }), '*');
      }
      // ... and at the host, posing as an embed.
      parent.postMessage(msg({ type: 'event', event: 'left', data: { room: roomA } }), '*');
      parent.postMessage(msg({ type: 'event', event: 'ready', data: { room: roomA, signedIn: false } }), '*');
    }, [rooms.a]);
    await sleep(1500);
    assert.equal(await browser.page.evaluate(() => window.events.length), before,
      'the host handles took nothing from the third origin');
    const changes = (inbox) => inbox.filter((m) => m.t === 'members_changed' || m.t === 'member_updated');
    assert.deepEqual(changes(owner.inbox), [], `no intent reached room A: ${owner.transcript()}`);
    assert.deepEqual(changes(owner2.inbox), [], `no intent reached room B: ${owner2.transcript()}`);
    for (const key of ['a', 'b']) {
      const f = browser.page.frames().find((x) => x.url().includes(`/embed/${rooms[key]}`));
      const state = await f.evaluate(() => window.salotto.state());
      assert.equal(state.room && state.room.id, rooms[key], `${key} still in its room`);
      assert.ok(state.room.members.every((m) => !m.hand), `${key}: no hand raised`);
    }

    // The same commands from the host page do work (the check above is not vacuous).
    await browser.page.evaluate(() => window.embeds.a.raiseHand());
    await owner.take((m) => m.t === 'member_updated' && m.member.id === users.ugo.id && m.member.hand, 'Ugo\'s hand up');
    await browser.page.waitForFunction((id) => window.events.some((e) => e.embed === 'a' && e.name === 'participants' &&
      e.data.participants.some((p) => p.id === id && p.hand)), users.ugo.id, { timeout: WAIT_MS, polling: 100 });
    assert.deepEqual(changes(owner2.inbox), [], 'room B untouched by embed A\'s command');
  });

  step('on stage, unmute() and mute() reach the server and come back as participants', async () => {
    owner.send({ t: 'invite_speaker', user: users.ugo.id });
    await owner.take((m) => m.t === 'member_updated' && m.member.id === users.ugo.id && m.member.role === 'speaker', 'Ugo on stage');
    // Waits for a participants event on embed A showing Ugo with this role and mute.
    const ugoIs = (want) => browser.page.waitForFunction(([id, w]) => window.events.some((e) => e.embed === 'a' &&
      e.name === 'participants' && e.data.participants.some((p) => p.id === id && p.role === w.role && p.muted === w.muted)),
    [users.ugo.id, want], { timeout: WAIT_MS, polling: 100 });
    await ugoIs({ role: 'speaker', muted: true });
    await browser.page.evaluate(() => window.embeds.a.unmute());
    await owner.take((m) => m.t === 'member_updated' && m.member.id === users.ugo.id && !m.member.muted, 'Ugo unmuted');
    await ugoIs({ role: 'speaker', muted: false });
    await browser.page.evaluate(() => window.embeds.a.mute());
    await owner.take((m) => m.t === 'member_updated' && m.member.id === users.ugo.id && m.member.muted, 'Ugo muted again');
  });

  step('leave() on one embed leaves its room only', async () => {
    await browser.page.evaluate(() => window.embeds.b.leave());
    await browser.page.waitForFunction(() => window.events.some((e) => e.embed === 'b' && e.name === 'left'),
      null, { timeout: WAIT_MS, polling: 100 });
    const events = await browser.page.evaluate(() => window.events);
    assert.deepEqual(events.find((e) => e.embed === 'b' && e.name === 'left').data, { room: rooms.b });
    assert.ok(!events.some((e) => e.embed === 'a' && e.name === 'left'), 'embed A stays in its room');
    await owner2.take((m) => m.t === 'members_changed' && (m.left || []).includes(users.vera.id), 'Vera left room B');
  });

  step('the demo page at /embed-demo mounts two embeds and logs their events', async () => {
    const demo = await browser.context.newPage();
    try {
      await demo.goto(`${serverA}/embed-demo?rooms=${rooms.a},${rooms.b}`, { waitUntil: 'load' });
      await demo.waitForFunction(() => document.querySelectorAll('#embeds iframe').length === 2 &&
        [...document.querySelectorAll('#log li')].filter((li) => / ready /.test(li.textContent)).length === 2,
      null, { timeout: 60000, polling: 200 });
      await demo.click('#first-join');
      await demo.waitForFunction(() => [...document.querySelectorAll('#log li')].some((li) => /first +joined/.test(li.textContent)),
        null, { timeout: WAIT_MS, polling: 200 });
      assertNotBlank(await demo.screenshot({ path: artifactPath('embed-demo.png') }), 'embed demo page');
    } finally {
      await demo.close();
    }
  });

  step('signing in inside an embed: the compact form, then a join() asked before it', async () => {
    const pages = {};
    const signinHost = await pageServer(pages);
    pages['/'] = `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}
      #one{width:320px;height:400px}</style></head><body><div id="one"></div>
      <script src="${serverA}/embed.js"></script><script>
        window.events = [];
        window.embed = Salotto.mount(document.getElementById('one'), { server: '${serverA}', room: '${rooms.a}' });
        for (const name of ['ready', 'joined', 'participants', 'error']) window.embed.on(name, (data) => window.events.push({ name, data }));
      </script></body></html>`;
    const fresh = await launchAllowingThirdPartyStorage('embed-signin');  // no session anywhere
    try {
      const page = fresh.page;
      await page.goto(`${signinHost.origin}/`, { waitUntil: 'load' });
      await page.waitForFunction(() => window.events.some((e) => e.name === 'ready'), null, { timeout: 60000, polling: 100 });
      assert.deepEqual(await page.evaluate(() => window.events.find((e) => e.name === 'ready').data),
        { room: rooms.a, signedIn: false });
      // Asked before anyone signed in: remembered, and done right after sign-in.
      await page.evaluate(() => window.embed.join());
      const frame = await (await page.$('#one iframe')).contentFrame();
      const box = await page.locator('#one iframe').boundingBox();
      const tap = async (id) => {
        await frame.waitForFunction((w) => window.salotto.widgets()[w], id, { timeout: WAIT_MS }).catch(async (e) => {
          const seen = await frame.evaluate(() => ({ w: window.salotto.widgets(), s: window.salotto.state().screen, e: window.salotto.state().error }));
          throw new Error(`${id} not drawn in the embed: ${JSON.stringify(seen)} (${e.message})`);
        });
        const r = (await frame.evaluate(() => window.salotto.widgets()))[id];
        await page.mouse.move(box.x + r.x + r.w / 2, box.y + r.y + r.h / 2);
        await sleep(100);
        await page.mouse.down();
        await sleep(60);
        await page.mouse.up();
        await sleep(100);
      };
      // The whole form, its button included, fits the 320x400 frame.
      await frame.waitForFunction(() => window.salotto.widgets()['login.submit'], null, { timeout: WAIT_MS });
      const submit = (await frame.evaluate(() => window.salotto.widgets()))['login.submit'];
      assert.ok(submit.y + submit.h <= 400 && submit.x + submit.w <= 320, `login button in view: ${JSON.stringify(submit)}`);
      assertNotBlank(await page.locator('#one iframe').screenshot({ path: artifactPath('embed-signin-320x400.png') }), 'embed sign-in');
      await tap('login.handle');
      await page.keyboard.type('ugo', { delay: 25 });
      await tap('login.password');
      await page.keyboard.type('ascolto-ugo-99', { delay: 25 });
      await tap('login.submit');
      await page.waitForFunction((room) => window.events.some((e) => e.name === 'joined' && e.data.room === room),
        rooms.a, { timeout: WAIT_MS, polling: 100 });
      const token = await frame.evaluate((k) => localStorage.getItem(k), TOKEN_KEY);
      assert.ok(token && token !== users.ugo.token, 'a new session, kept in the frame\'s own storage');
      assert.equal(await page.evaluate(() => localStorage.length), 0, 'the host page sees no token');
    } finally {
      await fresh.close();
      signinHost.server.close();
    }
  });

  step('the ordinary client refused to be framed', async () => {
    const frame = await (await browser.page.$('#plain')).contentFrame();
    assert.ok(frame, 'the frame element has a frame');
    // Chromium replaces a refused document with its error page: no client runs there,
    // long after the embeds (same page, same server) started theirs.
    const inside = await frame.evaluate(() => typeof window.salotto).catch((e) => `unreachable: ${e.message}`);
    assert.notEqual(inside, 'object', `the client must not run framed on another origin (${frame.url()})`);
    assert.deepEqual(browser.pageErrors, [], browser.diagnostics());
  });
});
