// A raw protocol client over the `ws` package: sends whatever it is told (valid or
// not) and lets a test wait for the server's answers in order.
'use strict';
const assert = require('node:assert/strict');
const WebSocket = require('ws');

const WAIT_MS = 15000;

// Events the server may push at any time (to others' actions); skipped when a test
// waits for the direct answer to its own intent.
const PUSH_TYPES = new Set(['hallway_room', 'hallway_rooms', 'hallway_room_gone', 'members_changed',
  'member_updated', 'room_ended', 'user_updated', 'room_settings', 'knocks', 'muted_by_moderator',
  'social', 'friend_moved', 'notification', 'upcoming_events', 'event', 'event_notify']);

class RawClient {
  constructor(name, ws) {
    this.name = name;
    this.ws = ws;
    this.inbox = [];   // parsed messages not yet taken by a test
    this.log = [];     // everything, for failure messages
    this.waiters = [];
    this.closed = null;
    ws.on('message', (data, isBinary) => {
      let msg;
      if (isBinary) {
        msg = { t: '<binary>', bytes: data.length };
      } else {
        try { msg = JSON.parse(data.toString('utf8')); } catch { msg = { t: '<unparsable>', text: data.toString('utf8') }; }
      }
      this.log.push(`<- ${abbreviate(msg)}`);
      this.inbox.push(msg);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.log.push(`-- closed ${code} ${reason}`);
      this.wake();
    });
    ws.on('error', (err) => this.log.push(`-- error ${err.message}`));
  }

  // `headers`: extra request headers, e.g. X-Forwarded-For for a server started with
  // --trusted-proxy 127.0.0.1 (several client addresses from one machine).
  static connect(url, name = 'client', { headers = {} } = {}) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { maxPayload: 1 << 20, headers });
      const timer = setTimeout(() => { ws.terminate(); reject(new Error(`${name}: could not connect to ${url} in ${WAIT_MS} ms`)); }, WAIT_MS);
      ws.once('open', () => { clearTimeout(timer); resolve(new RawClient(name, ws)); });
      ws.once('error', (err) => { clearTimeout(timer); reject(new Error(`${name}: WebSocket to ${url} failed: ${err.message}`)); });
    });
  }

  wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  // Sends an object as JSON, or a string as it is, in a text frame.
  send(msg) {
    const text = typeof msg === 'string' ? msg : JSON.stringify(msg);
    this.log.push(`-> ${text.length > 200 ? text.slice(0, 200) + `... (${text.length} bytes)` : text}`);
    this.ws.send(text, { binary: false });
  }

  sendBinary(bytes) {
    this.log.push(`-> <binary ${bytes.length} bytes>`);
    this.ws.send(bytes, { binary: true });
  }

  // Takes the first message in the inbox matching pred (waiting for it).
  async take(pred, what, timeoutMs = WAIT_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex(pred);
      if (i >= 0) return this.inbox.splice(i, 1)[0];
      if (this.closed) {
        throw new Error(`${this.name}: connection closed (${this.closed.code} ${this.closed.reason}) while waiting for ${what}\n${this.transcript()}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no ${what} within ${timeoutMs} ms\n${this.transcript()}`);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  // The next direct answer (skipping pushed events): the first message that is not a push.
  async answer(what = 'an answer') {
    return this.take((m) => !PUSH_TYPES.has(m.t), what);
  }

  // Takes the next direct answer and checks it is this error.
  async expectError(code, inType, { messageIncludes } = {}) {
    const m = await this.answer(`error ${code}`);
    const ctx = `\n${this.transcript()}`;
    assert.equal(m.t, 'error', `${this.name}: expected error ${code} (in "${inType}"), got ${JSON.stringify(m)}${ctx}`);
    assert.equal(m.code, code, `${this.name}: expected error code ${code}, got ${JSON.stringify(m)}${ctx}`);
    assert.equal(typeof m.message, 'string', `${this.name}: error without a string message: ${JSON.stringify(m)}`);
    assert.ok(m.message.trim().length > 0, `${this.name}: error with an empty message: ${JSON.stringify(m)}`);
    assert.equal(typeof m.in, 'string', `${this.name}: error without a string "in": ${JSON.stringify(m)}`);
    if (Array.isArray(inType)) {
      assert.ok(inType.includes(m.in), `${this.name}: error ${code} has in=${JSON.stringify(m.in)}, expected one of ${JSON.stringify(inType)}`);
    } else {
      assert.equal(m.in, inType, `${this.name}: error ${code} has in=${JSON.stringify(m.in)}, expected ${JSON.stringify(inType)}: ${JSON.stringify(m)}`);
    }
    if (messageIncludes) {
      assert.ok(m.message.includes(messageIncludes),
        `${this.name}: error ${code} message should name "${messageIncludes}": ${JSON.stringify(m)}`);
    }
    return m;
  }

  // Takes the next direct answer and checks its type.
  async expect(t) {
    const m = await this.answer(`"${t}"`);
    assert.equal(m.t, t, `${this.name}: expected "${t}", got ${JSON.stringify(m)}\n${this.transcript()}`);
    return m;
  }

  // The connection still works: a ping gets a pong.
  async alive() {
    assert.equal(this.closed, null, `${this.name}: connection was closed: ${JSON.stringify(this.closed)}\n${this.transcript()}`);
    this.send({ t: 'ping' });
    return this.expect('pong');
  }

  async hello() {
    this.send({ t: 'hello', v: 1, client: 'salotto-e2e-hostile' });
    const w = await this.expect('welcome');
    assert.equal(w.v, 1, `welcome.v should be 1: ${JSON.stringify(w)}`);
    return w;
  }

  // signup/login/resume: expects session + hallway.
  async signIn(msg) {
    this.send(msg);
    const s = await this.expect('session');
    assert.ok(s.user && typeof s.user.id === 'number', `session without a user: ${JSON.stringify(s)}`);
    const h = await this.expect('hallway');
    assert.ok(Array.isArray(h.rooms), `hallway without rooms: ${JSON.stringify(h)}`);
    return s;
  }

  transcript(lines = 30) {
    return `${this.name} transcript (last ${lines}):\n  ${this.log.slice(-lines).join('\n  ')}`;
  }

  close() {
    if (!this.closed) this.ws.close();
  }
}

// Signs `people` ({handle, name, password}) up over raw sockets, the first with
// `invite` and each next one with an invite the one before created, and closes the
// sockets. Returns {token, id} per person, in order: tests sign people up this way to
// keep the browsers' work to what they test.
async function signUpChain(wsUrl, invite, people) {
  const out = [];
  let code = invite;
  for (const [i, person] of people.entries()) {
    const c = await RawClient.connect(wsUrl, person.handle);
    await c.hello();
    const session = await c.signIn({ t: 'signup', invite: code, ...person });
    out.push({ token: session.token, id: session.user.id });
    if (i + 1 < people.length) {
      c.send({ t: 'create_invite' });
      code = (await c.take((m) => m.t === 'invite', 'an invite')).code;
    }
    c.close();
  }
  return out;
}

function abbreviate(msg) {
  const s = JSON.stringify(msg);
  return s.length > 300 ? s.slice(0, 300) + '...' : s;
}

module.exports = { RawClient, PUSH_TYPES, signUpChain };
