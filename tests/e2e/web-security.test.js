// The server's web security against the real binary: the security headers on the
// page, a .wasm and error pages; framing allowed only on /embed/...; the WebSocket
// refused (403) to a page from another origin and accepted from its own origin, an
// --allowed-origin one and programs that send no Origin; /metrics refused without
// the token and served with it or on --metrics-bind; dotfiles 404; and the real
// client running in headless Chromium under the Content-Security-Policy without a
// single violation, while the policy does block an injected inline script.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const WebSocket = require('ws');
const { startServer } = require('./lib/server');
const { Client } = require('./lib/browser');

const METRICS_TOKEN = 'e2e-metrics-token-4f1c';
const METRICS_RE = /Metrics on http:\/\/([^\s/]+):(\d+)\/metrics/;

function request(host, port, target, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, path: target, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

// Opens a WebSocket with the given Origin (none when undefined); resolves to
// {opened: true} or {status, body} of the refusal.
function upgrade(server, origin) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(server.wsUrl, origin === undefined ? {} : { origin });
    ws.once('open', () => { ws.close(); resolve({ opened: true }); });
    ws.once('unexpected-response', (req, res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ opened: false, status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    ws.once('error', (err) => reject(err));
  });
}

function assertSecurityHeaders(res, what, { framed = false } = {}) {
  assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', what);
  const csp = res.headers['content-security-policy'];
  assert.ok(csp, `${what}: a Content-Security-Policy`);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/, what);
  assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+(;|$)/, what);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/, what);
  if (framed) {
    assert.match(csp, /frame-ancestors \*(;|$)/, what);
    assert.equal(res.headers['x-frame-options'], undefined, what);
  } else {
    assert.match(csp, /frame-ancestors 'none'(;|$)/, what);
    assert.equal(res.headers['x-frame-options'], 'DENY', what);
  }
}

describe('web security: headers, Origin, metrics, dotfiles, CSP in the browser', { timeout: 120000 }, () => {
  let server;    // the real web root, a metrics token, a metrics listener, one allowed origin
  let plain;     // defaults, on a web root holding dotfiles
  let www;
  let metrics;   // {host, port} of --metrics-bind

  before(async () => {
    server = await startServer('web-security', {
      extraArgs: ['--metrics-bind', '127.0.0.1:0', '--allowed-origin', 'https://app.example.org'],
      env: { SALOTTO_METRICS_TOKEN: METRICS_TOKEN },
    });
    const m = await server.waitForOutput(METRICS_RE, '"Metrics on http://HOST:PORT/metrics"', 5000);
    metrics = { host: m[1], port: Number(m[2]) };

    www = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-e2e-dotfiles-'));
    fs.writeFileSync(path.join(www, 'index.html'), '<!doctype html><title>x</title>');
    fs.writeFileSync(path.join(www, '.env'), 'SECRET=1\n');
    fs.mkdirSync(path.join(www, '.git'));
    fs.writeFileSync(path.join(www, '.git', 'config'), '[core]\n');
    fs.mkdirSync(path.join(www, 'sub'));
    fs.writeFileSync(path.join(www, 'sub', '.htpasswd'), 'x:y\n');
    plain = await startServer('web-security-plain', { www });
  });

  after(async () => {
    if (server) await server.stop();
    if (plain) await plain.stop();
    if (www) fs.rmSync(www, { recursive: true, force: true });
  });

  it('security headers on the page, a .wasm, error pages; framing only on /embed/', async () => {
    const get = (target) => request(server.host, server.port, target);
    const page = await get('/');
    assert.equal(page.status, 200);
    assertSecurityHeaders(page, '/');
    const wasm = await get('/salotto.wasm');
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers['content-type'], 'application/wasm');
    assertSecurityHeaders(wasm, '/salotto.wasm');
    const missing = await get('/missing.js');
    assert.equal(missing.status, 404);
    assertSecurityHeaders(missing, '404');
    const bad = await get('/%2e%2e/etc/passwd');
    assert.equal(bad.status, 400);
    assertSecurityHeaders(bad, '400');
    const embed = await get('/embed/k3v9x2mq7b');
    assert.equal(embed.status, 200);
    assertSecurityHeaders(embed, '/embed/', { framed: true });
  });

  it('the WebSocket refuses other origins with 403 and accepts its own, listed ones and programs', async () => {
    const foreign = await upgrade(server, 'https://evil.example');
    assert.equal(foreign.opened, false, 'a foreign origin was let in');
    assert.equal(foreign.status, 403);
    assert.match(foreign.body, /origin/i);
    const nullOrigin = await upgrade(server, 'null');
    assert.equal(nullOrigin.status, 403, 'the "null" origin of sandboxed frames');
    const otherPort = await upgrade(server, `http://127.0.0.1:${server.port + 1}`);
    assert.equal(otherPort.status, 403, 'another port of the same host');

    assert.deepEqual(await upgrade(server, `http://127.0.0.1:${server.port}`), { opened: true });
    assert.deepEqual(await upgrade(server, 'https://app.example.org'), { opened: true });
    assert.deepEqual(await upgrade(server, undefined), { opened: true });
    // Through the server's stdout, which may arrive after the answers.
    await server.waitForOutput(/refused 1 WebSocket upgrade\(s\).*evil\.example/, 'the refusal in its log', 5000);
  });

  it('/metrics: refused without the token, served with it and on --metrics-bind; 404 by default', async () => {
    const none = await request(server.host, server.port, '/metrics');
    assert.equal(none.status, 401);
    assert.doesNotMatch(none.body, /salotto_/);
    const wrong = await request(server.host, server.port, '/metrics', { authorization: 'Bearer nope' });
    assert.equal(wrong.status, 401);
    const right = await request(server.host, server.port, '/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    assert.equal(right.status, 200);
    assert.match(right.body, /^salotto_connections \d+$/m);

    const listener = await request(metrics.host, metrics.port, '/metrics');
    assert.equal(listener.status, 200);
    assert.match(listener.body, /^salotto_rooms_live \d+$/m);
    assert.equal((await request(metrics.host, metrics.port, '/healthz')).status, 200);
    assert.equal((await request(metrics.host, metrics.port, '/')).status, 404, 'the metrics address serves no page');

    const byDefault = await request(plain.host, plain.port, '/metrics');
    assert.equal(byDefault.status, 404);
    assert.doesNotMatch(byDefault.body, /salotto_/);
  });

  it('dotfiles and dot-folders are never served', async () => {
    for (const target of ['/.env', '/.git/config', '/sub/.htpasswd', '/%2eenv']) {
      const res = await request(plain.host, plain.port, target);
      assert.equal(res.status, 404, target);
      assert.doesNotMatch(res.body, /SECRET|core|x:y/, target);
    }
    assert.equal((await request(plain.host, plain.port, '/')).status, 200);
  });

  it('the real client runs under the CSP without a violation; an injected inline script is blocked', async () => {
    const browser = await Client.launch('csp', { args: ['--autoplay-policy=no-user-gesture-required'] });
    try {
      const violations = [];
      await browser.page.exposeFunction('__reportViolation', (v) => violations.push(v));
      await browser.page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
        });
      });
      await browser.open(server.httpUrl);
      // The audio engine's pieces, as "Join audio" loads them: the codec module,
      // both worklets compiling WebAssembly, and the network worker's WebSocket.
      const audio = await browser.page.evaluate(async () => {
        const ctx = new AudioContext({ sampleRate: 48000 });
        const codec = await (await fetch('/salotto-audio.wasm')).arrayBuffer();
        await ctx.audioWorklet.addModule('/playback-worklet.js');
        await ctx.audioWorklet.addModule('/capture-worklet.js');
        const node = new AudioWorkletNode(ctx, 'salotto-playback', {
          numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1],
          processorOptions: { codec, maxDelayMs: 300 },
        });
        const errors = [];
        node.onprocessorerror = (e) => errors.push(String(e.message || e));
        // Its stats arrive once the processor runs, with its codec instantiated.
        const reported = new Promise((resolve) => {
          node.port.onmessage = (e) => resolve(e.data && e.data.type);
          setTimeout(() => resolve('no report within 5 s'), 5000);
        });
        node.connect(ctx.destination);
        const worker = new Worker('/audio-net-worker.js', { type: 'module' });
        const opened = await new Promise((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/ws`);
          ws.onopen = () => { ws.close(); resolve(true); };
          ws.onerror = () => resolve(false);
        });
        const report = await reported;
        worker.terminate();
        await ctx.close();
        return { opened, errors, report };
      });
      assert.equal(audio.opened, true, 'the page could not open its WebSocket');
      assert.deepEqual(audio.errors, [], 'the playback worklet failed');
      assert.equal(audio.report, 'playback', 'the playback worklet never ran');
      assert.deepEqual(violations, [], `CSP violations:\n${violations.join('\n')}`);
      const cspConsole = browser.console.filter((line) => /Content Security Policy/i.test(line));
      assert.deepEqual(cspConsole, []);

      // The policy is really in force: an inline script is refused and reported.
      const ran = await browser.page.evaluate(async () => {
        window.__inlineRan = false;
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true;';
        document.body.appendChild(s);
        await new Promise((r) => setTimeout(r, 200));
        return window.__inlineRan;
      });
      assert.equal(ran, false, 'an inline script ran despite the CSP');
      assert.ok(violations.some((v) => v.startsWith('script-src')), `no violation reported: ${violations}`);
    } finally {
      await browser.close();
    }
  });
});
