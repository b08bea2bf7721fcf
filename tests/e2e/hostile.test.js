// A hostile client over a raw WebSocket against the real server: every rejected
// intent must be answered with the documented error (code, non-empty message, `in`),
// the connection must keep working afterwards, and another client connected
// meanwhile (the "watcher") must keep being served. See docs/protocol.md.
'use strict';
const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, sleep } = require('./lib/server');
const { RawClient } = require('./lib/wsclient');

const PASSWORD = 'analytical-engine-1843';

// The room summaries a hallway event carries: one when a room opens, a list for the
// changes the server collects over a second.
function hallwayUpdates(m) {
  if (m.t === 'hallway_room') return [m.room];
  if (m.t === 'hallway_rooms') return m.rooms;
  return [];
}

describe('hostile client over a raw WebSocket', { timeout: 120000 }, () => {
  let server;
  const conns = [];
  // Filled by the setup test; later tests say they are blocked when it failed.
  const ctx = { a: null, aUser: null, invites: [], watcher: null, b: null, bUser: null, failed: {} };

  async function connect(name) {
    server.assertAlive();
    const c = await RawClient.connect(server.wsUrl, name);
    conns.push(c);
    return c;
  }

  function need(...keys) {
    for (const k of keys) {
      if (!ctx[k] || (Array.isArray(ctx[k]) && ctx[k].length === 0)) {
        throw new Error(`blocked: needs "${k}" from an earlier test, which failed: ${ctx.failed[k] || 'not created'}`);
      }
    }
  }

  before(async () => {
    server = await startServer('hostile');
  });

  after(async () => {
    for (const c of conns) c.close();
    if (server) await server.stop();
  });

  // Another client stays connected throughout and must keep being served.
  afterEach(async () => {
    if (server) server.assertAlive();
    if (ctx.watcher) await ctx.watcher.alive();
  });

  it('hello first: hello_required, unsupported_version, then a proper hello works', async () => {
    const c = await connect('pre-hello');
    c.send({ t: 'ping' });
    await c.expectError('hello_required', 'ping');
    c.send({ t: 'signup', invite: server.invite, handle: 'sneaky', name: 'Sneaky', password: PASSWORD });
    await c.expectError('hello_required', 'signup');
    c.send({ t: 'hello', v: 99, client: 'from-the-future' });
    await c.expectError('unsupported_version', 'hello');
    await c.hello();
    await c.alive();
  });

  it('setup: A signs up with the bootstrap invite, creates 3 invites; a watcher signs up', async () => {
    const a = await connect('A');
    await a.hello();
    const s = await a.signIn({ t: 'signup', invite: server.invite, handle: 'ada', name: 'Ada Lovelace', password: PASSWORD });
    assert.equal(typeof s.token, 'string', `session after signup must carry a token: ${JSON.stringify(s)}`);
    assert.ok(s.token.length > 0, 'empty token');
    assert.deepEqual({ handle: s.user.handle, name: s.user.name }, { handle: 'ada', name: 'Ada Lovelace' });

    const codes = [];
    for (let i = 0; i < 3; i++) {
      a.send({ t: 'create_invite' });
      const inv = await a.expect('invite');
      assert.equal(typeof inv.code, 'string');
      assert.ok(inv.code.length > 0, `empty invite code: ${JSON.stringify(inv)}`);
      assert.ok(inv.expires > Date.now() / 1000, `invite already expired: ${JSON.stringify(inv)}`);
      codes.push(inv.code);
    }
    assert.equal(new Set(codes).size, 3, `invite codes must differ: ${codes}`);
    a.send({ t: 'create_invite' });
    await a.expectError('invite_quota', 'create_invite');
    a.send({ t: 'list_invites' });
    const list = await a.expect('invites');
    assert.equal(list.remaining, 0, `remaining after 3 invites: ${JSON.stringify(list)}`);
    assert.deepEqual(list.items.map((i) => i.code).sort(), [...codes].sort());
    ctx.a = a;
    ctx.aUser = s.user;
    ctx.invites = codes;

    const w = await connect('watcher');
    await w.hello();
    await w.signIn({ t: 'signup', invite: codes[0], handle: 'watcher', name: 'Wanda Watcher', password: PASSWORD });
    ctx.watcher = w;
  });

  it('malformed frames: bad_json, bad_message naming the field, unknown_type; connection survives', async () => {
    const c = await connect('malformed');
    await c.hello();
    c.send('{"t": "ping", oops');
    await c.expectError('bad_json', '');
    c.send('[1, 2, 3]');
    await c.expectError('bad_json', '');
    c.send({ t: 'signup', invite: 'whatever', name: 'No Handle', password: PASSWORD });
    await c.expectError('bad_message', 'signup', { messageIncludes: 'handle' });
    c.send({ t: 'login', handle: 'ada', password: 12345678 });
    await c.expectError('bad_message', 'login', { messageIncludes: 'password' });
    c.send({ t: 'fly', to: 'the moon' });
    // An unknown type is not an intent the server could read: the doc allows "" or "fly".
    await c.expectError('unknown_type', 'fly', { messageIncludes: 'fly' });
    await c.alive();
  });

  it('an anonymous unknown type whose 40-byte echo would cut a character: answered, the server serves on', async () => {
    const c = await connect('utf8-cut');
    await c.hello();
    // 39 ASCII bytes, then "é" (2 bytes) straddling the 40-byte echo limit: the cut
    // once produced malformed UTF-8, the reply threw, and the server exited.
    const type = 'x'.repeat(39) + 'é' + 'tail';
    c.send({ t: type });
    await c.expectError('unknown_type', 'x'.repeat(39));
    await c.alive();
    const health = await fetch(server.httpUrl + 'healthz');
    assert.equal(health.status, 200);
    assert.equal(await health.text(), 'ok');
  });

  it('binary frames before sign-in: binary_unsupported; connection survives', async () => {
    const c = await connect('frames');
    await c.hello();
    c.sendBinary(Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05]));
    await c.expectError('binary_unsupported', '');
    await c.alive();
  });

  it('a frame over 16 KiB closes that connection with 1009 and says why; others are unaffected', async () => {
    const c = await connect('oversized');
    await c.hello();
    c.send({ t: 'ping', pad: 'x'.repeat(20 * 1024) });
    await assert.rejects(c.take(() => false, 'the close'), /connection closed \(1009 message over 16384 bytes\)/);
    if (ctx.watcher) await ctx.watcher.alive();
  });

  it('sign-up errors: invite_invalid, invite_used, password_invalid, handle_invalid, name_invalid, handle_taken; failures do not use up the invite', async () => {
    need('a', 'invites', 'watcher');
    const c = await connect('signup-errors');
    await c.hello();
    const signup = (over) => ({ t: 'signup', invite: ctx.invites[1], handle: 'bob', name: 'Bob Builder', password: PASSWORD, ...over });
    c.send(signup({ invite: '' }));
    await c.expectError('invite_invalid', 'signup');
    c.send(signup({ invite: 'NOT-A-REAL-INVITE' }));
    await c.expectError('invite_invalid', 'signup');
    c.send(signup({ invite: server.invite }));           // the bootstrap invite, used by A
    await c.expectError('invite_used', 'signup');
    c.send(signup({ invite: ctx.invites[0] }));          // used by the watcher
    await c.expectError('invite_used', 'signup');
    c.send(signup({ password: 'short' }));
    await c.expectError('password_invalid', 'signup');
    c.send(signup({ handle: '9lives' }));
    await c.expectError('handle_invalid', 'signup');
    c.send(signup({ name: 'Bad\u0007Name' }));
    await c.expectError('name_invalid', 'signup');
    c.send(signup({ handle: 'ada' }));
    await c.expectError('handle_taken', 'signup');
    await c.alive();

    // The same invite still works after all those failed attempts.
    const b = await connect('B');
    await b.hello();
    const s = await b.signIn(signup({}));
    assert.equal(s.user.handle, 'bob');
    ctx.b = b;
    ctx.bUser = s.user;

    // A's invite list shows who used what.
    ctx.a.send({ t: 'list_invites' });
    const list = await ctx.a.expect('invites');
    const usedBy = Object.fromEntries(list.items.map((i) => [i.code, i.used_by && i.used_by.handle]));
    assert.deepEqual(usedBy, { [ctx.invites[0]]: 'watcher', [ctx.invites[1]]: 'bob', [ctx.invites[2]]: null },
      `invites after two sign-ups: ${JSON.stringify(list)}`);
  });

  it('log-in and session errors: login_failed, session_invalid (garbage and revoked tokens), already_signed_in', async () => {
    need('a');
    const c = await connect('login-errors');
    await c.hello();
    c.send({ t: 'login', handle: 'ada', password: 'wrong-password' });
    await c.expectError('login_failed', 'login');
    c.send({ t: 'login', handle: 'nobody_here', password: PASSWORD });
    await c.expectError('login_failed', 'login');
    c.send({ t: 'resume', token: 'garbage-token-0000' });
    await c.expectError('session_invalid', 'resume');
    await c.alive();

    // A real login works on the same connection; a token revoked by logout is refused.
    const s = await c.signIn({ t: 'login', handle: 'ada', password: PASSWORD });
    assert.equal(typeof s.token, 'string');
    c.send({ t: 'login', handle: 'ada', password: PASSWORD });
    await c.expectError('already_signed_in', 'login');
    c.send({ t: 'logout' });
    await c.expect('logged_out');
    const r = await connect('resume-revoked');
    await r.hello();
    r.send({ t: 'resume', token: s.token });
    await r.expectError('session_invalid', 'resume');
    await r.alive();

    ctx.a.send({ t: 'signup', invite: 'x', handle: 'again', name: 'Again', password: PASSWORD });
    await ctx.a.expectError('already_signed_in', 'signup');
    await ctx.a.alive();
  });

  it('intents while signed out: not_signed_in', async () => {
    const c = await connect('signed-out');
    await c.hello();
    const intents = [
      { t: 'create_room', title: 'Abusive' },
      { t: 'create_invite' },
      { t: 'list_invites' },
      { t: 'join_room', room: 'abcdefghij' },
      { t: 'get_profile', handle: 'ada' },
      { t: 'raise_hand' },
      { t: 'logout' },
    ];
    for (const m of intents) {
      c.send(m);
      await c.expectError('not_signed_in', m.t);
    }
    await c.alive();
  });

  it('room rules: forbidden for a listener, not_in_audience on stage, room_not_found, title_invalid, not_in_room; the watcher sees the hallway change', async () => {
    need('a', 'b', 'watcher');
    const { a, b, watcher, aUser, bUser } = ctx;

    a.send({ t: 'create_room', title: '' });
    await a.expectError('title_invalid', 'create_room');
    a.send({ t: 'create_room', title: 'Stanza di prova' });
    const rs = await a.expect('room_state');
    const roomId = rs.room.id;
    assert.equal(typeof roomId, 'string');
    const meA = rs.room.members.find((m) => m.id === aUser.id);
    assert.equal(meA && meA.role, 'moderator', `creator must be moderator: ${JSON.stringify(rs.room)}`);

    const hw = await watcher.take((m) => m.t === 'hallway_room' && m.room && m.room.id === roomId, 'hallway_room for the new room');
    assert.equal(hw.room.title, 'Stanza di prova');

    b.send({ t: 'join_room', room: roomId });
    const bs = await b.expect('room_state');
    const meB = bs.room.members.find((m) => m.id === bUser.id);
    assert.equal(meB && meB.role, 'audience', `joiner must be audience: ${JSON.stringify(bs.room)}`);
    await a.take((m) => m.t === 'members_changed' && m.members.some((x) => x.id === bUser.id),
      'members_changed listing B');
    await watcher.take((m) => hallwayUpdates(m).some((r) => r.id === roomId && r.listeners === 1),
      'hallway_room with 1 listener');

    // A listener may not moderate.
    b.send({ t: 'invite_speaker', user: bUser.id });
    await b.expectError('forbidden', 'invite_speaker');
    b.send({ t: 'move_to_audience', user: aUser.id });
    await b.expectError('forbidden', 'move_to_audience');
    b.send({ t: 'make_moderator', user: aUser.id });
    await b.expectError('forbidden', 'make_moderator');
    b.send({ t: 'end_room' });
    await b.expectError('forbidden', 'end_room');
    await b.alive();

    // Only the audience raises hands.
    a.send({ t: 'raise_hand' });
    await a.expectError('not_in_audience', 'raise_hand');
    a.send({ t: 'invite_speaker', user: 'bob' });
    await a.expectError('bad_message', 'invite_speaker', { messageIncludes: 'user' });
    await a.alive();

    // The room still works: B raises a hand, A brings B up; on stage B cannot raise it.
    b.send({ t: 'raise_hand' });
    const up = await a.take((m) => m.t === 'member_updated' && m.member.id === bUser.id, 'member_updated (hand up)');
    assert.equal(up.member.hand, true, JSON.stringify(up));
    a.send({ t: 'invite_speaker', user: bUser.id });
    const sp = await b.take((m) => m.t === 'member_updated' && m.member.id === bUser.id && m.member.role === 'speaker',
      'member_updated (B speaker)');
    assert.equal(sp.member.hand, false, `invite_speaker lowers the hand: ${JSON.stringify(sp)}`);
    await watcher.take((m) => hallwayUpdates(m).some((r) => r.id === roomId && r.listeners === 0 &&
      r.speakers.some((u) => u.id === bUser.id)), 'hallway_room with B among the speakers');
    b.send({ t: 'raise_hand' });
    await b.expectError('not_in_audience', 'raise_hand');

    // Nonexistent room; mistyped field.
    watcher.send({ t: 'join_room', room: 'no-such-room' });
    await watcher.expectError('room_not_found', 'join_room');
    watcher.send({ t: 'join_room', room: 42 });
    await watcher.expectError('bad_message', 'join_room', { messageIncludes: 'room' });

    b.send({ t: 'leave_room' });
    const left = await b.expect('left_room');
    assert.equal(left.room, roomId);
    await a.take((m) => m.t === 'members_changed' && m.left.includes(bUser.id), 'members_changed with B gone');
    b.send({ t: 'leave_room' });
    await b.expectError('not_in_room', 'leave_room');

    a.send({ t: 'end_room' });
    await a.take((m) => m.t === 'room_ended' && m.room === roomId, 'room_ended');
    await watcher.take((m) => m.t === 'hallway_room_gone' && m.room === roomId, 'hallway_room_gone');
    await a.alive();
    await b.alive();
  });

  it('rate limiting: a burst past 40 intents gets rate_limited, and the connection recovers', async () => {
    need('invites', 'watcher');
    const c = await connect('flood');
    await c.hello();
    await c.signIn({ t: 'signup', invite: ctx.invites[2], handle: 'carol', name: 'Carol Flood', password: PASSWORD });
    // Past the 40-intent burst, but short of the 30 refusals that cut a connection off.
    const N = 60;
    for (let i = 0; i < N; i++) c.send({ t: 'get_profile', handle: 'ada' });
    // Meanwhile the other client is served.
    await ctx.watcher.alive();
    let profiles = 0;
    const limited = [];
    for (let i = 0; i < N; i++) {
      const m = await c.answer(`answer ${i + 1} of ${N} to the burst`);
      if (m.t === 'profile') profiles++;
      else if (m.t === 'error' && m.code === 'rate_limited') limited.push(m);
      else assert.fail(`unexpected answer during the burst: ${JSON.stringify(m)}\n${c.transcript()}`);
    }
    assert.ok(limited.length > 0, `no rate_limited among ${N} get_profile intents sent at once (${profiles} profiles)`);
    assert.ok(profiles > 0, `every intent of the burst was rate limited (the burst allowance is 40)`);
    for (const m of limited) {
      assert.equal(m.in, 'get_profile', JSON.stringify(m));
      assert.ok(typeof m.message === 'string' && m.message.length > 0, JSON.stringify(m));
    }
    // The connection recovers once the bucket refills (bounded wait, no timing asserted).
    const deadline = Date.now() + 15000;
    for (;;) {
      c.send({ t: 'ping' });
      const m = await c.answer('answer to a ping after the burst');
      if (m.t === 'pong') break;
      assert.equal(m.code, 'rate_limited', `unexpected answer: ${JSON.stringify(m)}`);
      assert.ok(Date.now() < deadline, 'still rate limited 15 s after the burst');
      await sleep(250);
    }
  });

  it('a connection that never says hello is closed after 10 s with hello_required', async () => {
    const c = await connect('silent');
    const deadline = Date.now() + 20000;
    while (!c.closed && Date.now() < deadline) await sleep(100);
    assert.ok(c.closed, `still open 20 s after connecting without hello\n${c.transcript()}`);
    const errors = c.inbox.filter((m) => m.t === 'error');
    assert.equal(errors.length, 1, c.transcript());
    assert.equal(errors[0].code, 'hello_required');
    assert.match(errors[0].message, /disconnected/);
  });

  it('a connection that keeps flooding is cut off with a last rate_limited error; others are served', async () => {
    need('watcher');
    const c = await connect('cut-off');
    await c.hello();
    for (let i = 0; i < 300; i++) c.send({ t: 'ping' });
    const deadline = Date.now() + 10000;
    while (!c.closed && Date.now() < deadline) await sleep(50);
    assert.ok(c.closed, `still open after 300 pings at once\n${c.transcript()}`);
    assert.equal(c.closed.code, 1008, `close code: ${JSON.stringify(c.closed)}`);
    const pongs = c.inbox.filter((m) => m.t === 'pong').length;
    const errors = c.inbox.filter((m) => m.t === 'error');
    assert.ok(pongs > 0 && pongs <= 40, `${pongs} pongs`);
    assert.ok(errors.length > 0 && errors.every((m) => m.code === 'rate_limited'), c.transcript());
    assert.match(errors[errors.length - 1].message, /disconnected/);
    await ctx.watcher.alive();
  });
});
