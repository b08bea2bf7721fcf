// The server's plain HTTP side against the real binary: the page and its deep links,
// the health check, gzip for clients that accept it (the same bytes once unpacked,
// nothing compressed for those that do not), HEAD, and the errors for a traversal
// attempt, an unknown file and a method other than GET/HEAD.
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

describe('HTTP: page, deep links, gzip, errors', { timeout: 60000 }, () => {
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

  it('the client wasm goes gzipped to a client that accepts gzip, plain to one that does not', async () => {
    const plain = await request(server, '/salotto.wasm', { headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-type'], 'application/wasm');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.equal(plain.body.subarray(0, 4).toString('latin1'), '\0asm', 'a WebAssembly module');

    const packed = await request(server, '/salotto.wasm', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(packed.status, 200);
    assert.equal(packed.headers['content-type'], 'application/wasm');
    assert.equal(packed.headers['content-encoding'], 'gzip');
    assert.equal(Number(packed.headers['content-length']), packed.body.length);
    assert.ok(packed.body.length < plain.body.length * 0.6,
      `gzip sends ${packed.body.length} bytes for ${plain.body.length}`);
    assert.deepEqual(zlib.gunzipSync(packed.body), plain.body, 'the same module once unpacked');

    const refused = await request(server, '/salotto.wasm', { headers: { 'accept-encoding': 'gzip;q=0, br' } });
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.deepEqual(refused.body, plain.body);

    const head = await request(server, '/salotto.wasm', { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-encoding'], 'gzip');
    assert.equal(Number(head.headers['content-length']), packed.body.length);
    assert.equal(head.body.length, 0);
    console.log(`# http: salotto.wasm ${plain.body.length} bytes, ${packed.body.length} gzipped`);
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
