// The server's plain HTTP side against the real binary: the page and its deep links,
// the health check, brotli and gzip for clients that accept them (the same bytes once
// unpacked, nothing compressed for those that do not), HEAD, caching (content-hashed
// files kept for a year, the page revalidated by its entity tag), and the errors for a
// traversal attempt, an unknown file and a method other than GET/HEAD.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const zlib = require('node:zlib');
const { startServer } = require('./lib/server');

// One raw request; the body comes back as sent (no decompression).
function request(server, target, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: server.host, port: server.port, path: target, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP: page, deep links, compression, caching, errors', { timeout: 60000 }, () => {
  let server;

  before(async () => {
    server = await startServer('http');
  });

  after(async () => {
    if (server) await server.stop();
  });

  it('/ and the deep links serve the page; /healthz answers ok', async () => {
    const page = await request(server, '/');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /^text\/html/);
    assert.match(page.body.toString(), /<canvas/);
    for (const link of ['/r/k3v9x2mq7b', '/embed/k3v9x2mq7b?x=1']) {
      const res = await request(server, link);
      assert.equal(res.status, 200, link);
      assert.deepEqual(res.body, page.body, `${link} serves the same page`);
    }
    const health = await request(server, '/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.body.toString(), 'ok');
  });

  it('the client wasm goes in brotli or gzip to clients that accept them, plain to others', async () => {
    const plain = await request(server, '/salotto.wasm', { headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-type'], 'application/wasm');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.equal(plain.body.subarray(0, 4).toString('latin1'), '\0asm', 'a WebAssembly module');

    const br = await request(server, '/salotto.wasm', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-type'], 'application/wasm');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(Number(br.headers['content-length']), br.body.length);
    assert.deepEqual(zlib.brotliDecompressSync(br.body), plain.body, 'the same module once unpacked');

    const gzip = await request(server, '/salotto.wasm', { headers: { 'accept-encoding': 'gzip, deflate' } });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(Number(gzip.headers['content-length']), gzip.body.length);
    assert.deepEqual(zlib.gunzipSync(gzip.body), plain.body, 'the same module once unpacked');
    assert.ok(br.body.length < gzip.body.length && gzip.body.length < plain.body.length * 0.6,
      `brotli ${br.body.length} bytes, gzip ${gzip.body.length}, plain ${plain.body.length}`);

    const refused = await request(server, '/salotto.wasm', { headers: { 'accept-encoding': 'gzip;q=0, br;q=0' } });
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.deepEqual(refused.body, plain.body);

    const head = await request(server, '/salotto.wasm', { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-encoding'], 'gzip');
    assert.equal(Number(head.headers['content-length']), gzip.body.length);
    assert.equal(head.body.length, 0);
    console.log(`# http: salotto.wasm ${plain.body.length} bytes, ${gzip.body.length} gzipped, ` +
      `${br.body.length} in brotli`);
  });

  it('the page points at content-hashed files kept for a year; the page itself revalidates', async () => {
    const page = await request(server, '/');
    assert.equal(page.headers['cache-control'], 'no-cache');
    const tag = page.headers.etag;
    assert.ok(tag, 'the page carries an entity tag');
    const again = await request(server, '/', { headers: { 'if-none-match': tag } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const changedTag = await request(server, '/', { headers: { 'if-none-match': '"something-else"' } });
    assert.equal(changedTag.status, 200);

    const html = page.body.toString();
    const assets = JSON.parse(html.match(/<script id="salotto-assets" type="application\/json">(.*?)<\/script>/)[1]).urls;
    for (const name of ['salotto.js', 'salotto.wasm', 'shell.js', 'shell.css', 'audio-engine.js',
      'salotto-audio.wasm', 'playback-worklet.js', 'capture-worklet.js', 'track-capture.js',
      'audio-net-worker.js']) {
      const url = assets[name];
      assert.match(url || '', /^\/[a-z-]+\.[0-9a-f]{10}\.[a-z]+$/, `${name} has a content-hashed copy: ${url}`);
      const hashed = await request(server, url, { headers: { 'accept-encoding': 'identity' } });
      const plain = await request(server, `/${name}`, { headers: { 'accept-encoding': 'identity' } });
      assert.equal(hashed.status, 200, url);
      assert.equal(hashed.headers['cache-control'], 'public, max-age=31536000, immutable', url);
      assert.equal(plain.headers['cache-control'], 'no-cache', name);
      // Modules that import others point at those modules' hashed copies.
      const imports = name.endsWith('-worklet.js') || name === 'track-capture.js' || name === 'audio-net-worker.js';
      if (!imports) assert.deepEqual(hashed.body, plain.body, `${url} is ${name}`);
    }
    for (const name of ['shell.js', 'shell.css', 'audio-engine.js']) {
      assert.ok(html.includes(`"${assets[name]}"`), `the page loads ${name} by its hashed name`);
    }
    // The worklets import the codec module by its hashed name too.
    const worklet = await request(server, assets['playback-worklet.js'], { headers: { 'accept-encoding': 'identity' } });
    assert.ok(worklet.body.toString().includes(`'.${assets['worklet-codec.js']}'`),
      'the hashed playback worklet imports the hashed codec module');
    const audioWorker = await request(server, assets['audio-net-worker.js'], { headers: { 'accept-encoding': 'identity' } });
    assert.ok(audioWorker.body.toString().includes(`'.${assets['track-capture.js']}'`),
      'the hashed audio worker imports the hashed track capture');
  });

  it('traversal, unknown files and other methods get their errors', async () => {
    assert.equal((await request(server, '/../etc/passwd')).status, 400);
    assert.equal((await request(server, '/%2e%2e/etc/passwd')).status, 400);
    assert.equal((await request(server, '/no-such-file.js')).status, 404);
    const post = await request(server, '/', { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    server.assertAlive();
  });
});
