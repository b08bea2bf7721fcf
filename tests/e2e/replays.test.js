// Recording and replays end to end (docs/protocol.md, "Recording and replays"): the
// bot speaks a known signal on stage, its moderator (the same account, over a raw
// socket) records the room, the server is restarted, the replay is still listed,
// its link serves the Ogg Opus file with byte ranges, and headless Chromium decodes
// it: the decoded audio must correlate with what the bot said.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startServer, sleep } = require('./lib/server');
const { stepper } = require('./lib/steps');
const { RawClient } = require('./lib/wsclient');
const { Client } = require('./lib/browser');
const { startRoom, member } = require('./lib/ui');
const { paths, artifactPath } = require('./lib/paths');
const { RATE, makeSignal, writeWav, correlateWithSource } = require('./lib/audio');

const SPEAK_LOOPS = 4;        // 16 s of signal; the recording takes about 8 s of it
const RECORD_MS = 8000;

describe('replays: a recorded room plays back the speaker', { timeout: 120000 }, () => {
  const step = stepper(it);
  let dir, db, server, bot, source, token, roomId, replay, link, client, guest;
  const raws = [];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-replays-'));
    db = path.join(dir, 'salotto.db');
    source = makeSignal();
    const speech = new Float32Array(source.length * SPEAK_LOOPS);
    for (let i = 0; i < SPEAK_LOOPS; i++) speech.set(source, i * source.length);
    writeWav(path.join(dir, 'speech.wav'), speech);
  });

  after(async () => {
    if (client) await client.close().catch(() => {});
    if (guest) await guest.close().catch(() => {});
    for (const r of raws) r.close();
    if (bot && bot.exitCode === null) bot.kill('SIGTERM');
    if (server) await server.stop().catch(() => {});
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // Polls the page with `fn(arg)` until it returns something truthy.
  async function poll(fn, arg, what, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await client.page.evaluate(fn, arg);
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  async function connect(name) {
    const c = await RawClient.connect(server.wsUrl, name);
    raws.push(c);
    await c.hello();
    return c;
  }

  step('a moderator records the room while the bot speaks; the room is told', async () => {
    const made = spawnSync(paths.server, ['--db', db, '--new-invite'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    server = await startServer('replays-1', { db });
    const a = await connect('ada');
    a.send({ t: 'signup', invite: made.stdout.trim(), handle: 'ada', name: 'Ada Registra', password: 'registra-bene-1' });
    token = (await a.take((m) => m.t === 'session', 'a session')).token;

    let out = '';
    bot = spawn(paths.bot, ['--host', server.host, '--port', String(server.port), '--token', token,
      '--create-room', 'Registrata', '--speak', path.join(dir, 'speech.wav'), '--no-vad'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    bot.stdout.on('data', (d) => { out += d.toString('utf8'); });
    bot.stderr.on('data', (d) => { fs.appendFileSync(artifactPath('bot-replays.log'), d); });
    for (let i = 0; i < 300 && !/^room (\S+)$/m.test(out); i++) await sleep(50);
    roomId = (/^room (\S+)$/m.exec(out) || [])[1];
    assert.ok(roomId, `the bot prints its room id; stdout: ${out}`);
    await sleep(500);  // the bot's first frames are on their way

    a.send({ t: 'start_recording' });
    const on = await a.take((m) => m.t === 'room_recording', 'room_recording');
    assert.deepEqual({ room: on.room, recording: on.recording }, { room: roomId, recording: true });
    await sleep(RECORD_MS);
    a.send({ t: 'stop_recording' });
    const off = await a.take((m) => m.t === 'room_recording', 'room_recording off');
    assert.equal(off.recording, false);
    replay = (await a.take((m) => m.t === 'replay_ready', 'replay_ready', 15000)).replay;
    assert.equal(replay.room, roomId);
    assert.ok(Math.abs(replay.duration_ms - RECORD_MS) < 1000, `the replay lasts about ${RECORD_MS} ms: ${replay.duration_ms}`);
    assert.deepEqual(replay.hosts.map((h) => h.handle), ['ada']);
    bot.kill('SIGTERM');
  });

  step('after a restart the replay is listed and its link serves byte ranges', async () => {
    await server.stop();
    server = await startServer('replays-2', { db });
    const a = await connect('ada-again');
    await a.signIn({ t: 'resume', token });
    a.send({ t: 'list_replays', user: replay.hosts[0].id });
    const listed = await a.take((m) => m.t === 'replays', 'replays');
    assert.deepEqual(listed.items.map((r) => r.id), [replay.id]);
    a.send({ t: 'get_replay_link', id: replay.id });
    link = await a.take((m) => m.t === 'replay_link', 'replay_link');
    assert.match(link.url, new RegExp(`^/replays/${replay.id}\\.ogg\\?key=[0-9a-f]{32}$`));

    const base = server.url.replace(/\/$/, '');
    const part = await fetch(base + link.url, { headers: { Range: 'bytes=0-99' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 0-99/${replay.bytes}`);
    assert.equal(part.headers.get('content-type'), 'audio/ogg');
    const head = Buffer.from(await part.arrayBuffer());
    assert.equal(head.length, 100);
    assert.equal(head.subarray(0, 4).toString('latin1'), 'OggS');
    const whole = await fetch(base + link.url);
    assert.equal(whole.status, 200);
    assert.equal(Number(whole.headers.get('content-length')), replay.bytes);
    await whole.arrayBuffer();
    const wrong = await fetch(`${base}/replays/${replay.id}.ogg?key=${'0'.repeat(32)}`);
    assert.equal(wrong.status, 404);
    await wrong.text();
    const past = await fetch(base + link.url, { headers: { Range: `bytes=${replay.bytes}-` } });
    assert.equal(past.status, 416);
    await past.text();
  });

  step('Chromium decodes the replay and it carries the speaker\'s voice', async () => {
    const browser = await chromium.launch({ executablePath: paths.chromium, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(server.url + 'healthz');
      const samples = await page.evaluate(async (url) => {
        const bytes = await (await fetch(url)).arrayBuffer();
        const context = new OfflineAudioContext(1, 48000, 48000);
        const audio = await context.decodeAudioData(bytes);
        return { rate: audio.sampleRate, data: Array.from(audio.getChannelData(0)) };
      }, link.url);
      assert.equal(samples.rate, RATE);
      const played = Float32Array.from(samples.data);
      assert.ok(Math.abs(played.length / RATE * 1000 - replay.duration_ms) < 100,
        `decoded ${played.length} samples for ${replay.duration_ms} ms`);
      // Leave out the first second (the bot's start and the recording's edge).
      const out = correlateWithSource(source, played.subarray(RATE));
      process.stdout.write(`# replay correlation with the source: r=${out.r.toFixed(3)} (one lag ${out.global.toFixed(3)})\n`);
      assert.ok(out.r >= 0.8, `the replay must correlate with the bot's source (r=${out.r.toFixed(3)})`);
    } finally {
      await browser.close();
    }
  });

  step('in the client, the host\'s profile lists the replay; Play plays it and it seeks', async () => {
    client = await Client.launchSignedIn('replays-ada', token);
    await client.open(server.url + 'u/ada');
    await client.click(`replay.play.${replay.id}`);
    const audio = await poll(() => {
      const a = document.getElementById('salotto-replay');
      return a && !a.paused && a.currentTime > 0.3 ? { src: a.src, duration: a.duration } : null;
    }, null, 'the replay playing in the page\'s audio element');
    assert.match(audio.src, new RegExp(`/replays/${replay.id}\\.ogg\\?key=`));
    assert.ok(Math.abs(audio.duration * 1000 - replay.duration_ms) < 200, `duration ${audio.duration} s`);
    // Seeking near the end asks the server for a byte range and goes on playing there.
    const target = audio.duration - 2;
    await client.page.evaluate((t) => { document.getElementById('salotto-replay').currentTime = t; }, target);
    await poll((t) => {
      const a = document.getElementById('salotto-replay');
      return a.currentTime > t + 0.2 && !a.seeking;
    }, target, 'playing on after the seek');
    await client.click('replay.close');
    await poll(() => !document.getElementById('salotto-replay'), null, 'the player closed');
  });

  step('in the client, a moderator records a room: a listener sees REC, people on stage are told', async () => {
    const a = await connect('ada-invites');
    await a.signIn({ t: 'resume', token });
    a.send({ t: 'create_invite' });
    const invite = (await a.take((m) => m.t === 'invite', 'an invite')).code;
    const b = await connect('bea');
    b.send({ t: 'signup', invite, handle: 'bea', name: 'Bea Ascolta', password: 'ascolta-bene-1' });
    const bea = await b.take((m) => m.t === 'session', 'a session');
    b.close();

    await client.open(server.url);
    // The bot's room came back with the restart (its stage was saved), and Ada with it;
    // otherwise she starts one.
    await client.waitFor((s) => s.user && (s.screen === 'room' || s.screen === 'hallway'), 'signed in');
    // The restored seat's room_state follows the session: give it a moment to arrive.
    const back = await client.waitFor((s) => s.screen === 'room' && s.room, 'back in the restored room', 5000)
      .catch(() => null);
    const inRoom = back || await startRoom(client, 'Registriamo');
    await client.click('room.record');
    await client.waitFor((s) => s.room && s.room.recording === true, 'the moderator sees the room recorded');
    guest = await Client.launchSignedIn('replays-bea', bea.token);
    await guest.open(server.url + 'r/' + inRoom.room.id);
    await guest.waitFor((s) => s.room && s.room.id === inRoom.room.id && s.room.recording === true,
      'the listener sees the room recorded');
    await guest.page.locator('#salotto-a11y p[data-widget="room.recording"]')
      .waitFor({ state: 'attached', timeout: 10000 });
    // Brought on stage, she is told before she speaks (the strip's notice).
    await guest.click('room.raise_hand');
    await client.waitFor((s) => { const m = member(s, bea.user.id); return m && m.hand; }, 'Bea\'s raised hand');
    // (Ada's raw connection invites her: the moderator's invite button is other tests' subject.)
    a.send({ t: 'invite_speaker', user: bea.user.id });
    await guest.waitFor((s) => { const m = member(s, bea.user.id); return m && m.role === 'speaker' && m.muted; },
      'Bea on stage, muted');
    // The notice is in the page's accessible copy of the canvas (docs/client.md).
    await guest.page.locator('#salotto-a11y p[data-widget="room.recording_notice"]')
      .waitFor({ state: 'attached', timeout: 10000 });
    await guest.screenshot('replays-stage-notice');
    await client.click('room.stop_recording');
    await guest.waitFor((s) => s.room && s.room.recording === false, 'the listener sees the recording stop');
  });
});
