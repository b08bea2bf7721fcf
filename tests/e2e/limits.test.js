// Connection limits and running out of file descriptors, against the real binary.
//
// - Per address: with --limit-loopback (loopback is exempt by default) and 4 per
//   address, a fifth WebSocket gets HTTP 503 with Retry-After; closing one frees a
//   place.
// - The open-file limit: the server raises its soft limit to the hard one at start.
// - Back-off: under `prlimit --nofile=64:64` a flood of idle TCP connections runs the
//   server out of descriptors. Accepting must pause instead of spinning: the log
//   stays a few lines long (before the back-off it grew by thousands of lines a
//   second), a WebSocket opened before the flood is still answered, and once the
//   flood goes away new connections are accepted again.
'use strict';
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const net = require('node:net');
const WebSocket = require('ws');
const { startServer, sleep } = require('./lib/server');
const { RawClient } = require('./lib/wsclient');

function openWs(server) {
  return new Promise((resolve) => {
    const ws = new WebSocket(server.wsUrl);
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (req, res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    ws.once('error', (err) => resolve({ error: err.message }));
  });
}

function health(server) {
  return new Promise((resolve) => {
    const req = http.get({ host: server.host, port: server.port, path: '/healthz', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => { req.destroy(); resolve('timeout'); });
    req.on('error', (err) => resolve(err.code || err.message));
  });
}

describe('connection limits and the accept back-off', { timeout: 120000 }, () => {
  const servers = [];
  after(async () => {
    for (const s of servers) await s.stop();
  });

  it('over the per-address limit a connection gets 503 with Retry-After', async () => {
    const server = await startServer('limits-per-address', {
      extraArgs: ['--limit-loopback', '--max-connections-per-address', '4'],
    });
    servers.push(server);
    const open = [];
    for (let i = 0; i < 4; i++) {
      const r = await openWs(server);
      assert.ok(r.ws, `connection ${i + 1} of 4 was refused: ${JSON.stringify(r)}`);
      open.push(r.ws);
    }
    const refused = await openWs(server);
    assert.equal(refused.status, 503, JSON.stringify(refused));
    assert.equal(refused.headers['retry-after'], '10');
    assert.match(refused.body, /too many connections from your address/);
    // The log line comes through the server's stdout, which may arrive after the 503.
    await server.waitForOutput(/refused 1 connection\(s\).*--max-connections-per-address/,
      'the refusal in its log', 5000);

    await new Promise((resolve) => { open[0].once('close', resolve); open[0].close(); });
    let again;
    for (let attempt = 0; attempt < 50; attempt++) {
      again = await openWs(server);
      if (again.ws) break;
      await sleep(50);
    }
    assert.ok(again.ws, `a freed place was not given back: ${JSON.stringify(again)}`);
    again.ws.close();
    for (const ws of open.slice(1)) ws.close();
  });

  it('raises the soft open-file limit to the hard limit at start and fits --max-connections under it', async () => {
    const server = await startServer('limits-nofile', { prefix: ['prlimit', '--nofile=256:4096', '--'] });
    servers.push(server);
    assert.match(server.output, /open-file limit: 4096 \(was 256\)/);
    assert.match(server.output, /--max-connections 20000 lowered to 4032 to fit the open-file limit 4096/);
  });

  it('out of file descriptors, accepting pauses: small log, open connections served, recovery', async () => {
    // --max-connections 0: the server would otherwise fit its cap under the
    // open-file limit and refuse with 503 before running out.
    const server = await startServer('limits-emfile', {
      extraArgs: ['--max-connections', '0'],
      prefix: ['prlimit', '--nofile=64:64', '--'],
    });
    servers.push(server);
    assert.match(server.output, /open-file limit: 64 \(was 64\)/);
    const client = await RawClient.connect(server.wsUrl, 'before-flood');
    client.send({ t: 'hello', v: 1, client: 'limits test' });
    await client.take((m) => m.t === 'welcome', 'welcome');

    const logBefore = server.output.length;
    const flood = [];
    for (let i = 0; i < 120; i++) {
      const socket = net.connect(server.port, server.host);
      socket.on('error', () => {});
      flood.push(socket);
    }
    await sleep(3000);
    assert.equal(server.exit, null, `the server died: ${server.tail()}`);
    const floodLog = server.output.slice(logBefore);
    const acceptLines = floodLog.split('\n').filter((l) => /accept failed/.test(l));
    assert.ok(acceptLines.length >= 1, `no accept failure was logged; did the flood reach the limit?\n${floodLog}`);
    assert.match(acceptLines[0], /Too many open files/);
    // One line per second at most: about 3 here, whatever the number of attempts.
    assert.ok(acceptLines.length <= 6, `${acceptLines.length} accept failure lines in 3 s:\n${acceptLines.slice(0, 10).join('\n')}`);
    assert.ok(floodLog.length < 4096, `${floodLog.length} bytes of log in 3 s`);

    // The connection from before the flood is still served.
    client.send({ t: 'ping' });
    await client.take((m) => m.t === 'pong', 'pong during the flood');

    for (const socket of flood) socket.destroy();
    let status;
    for (let attempt = 0; attempt < 50; attempt++) {
      status = await health(server);
      if (status === 200) break;
      await sleep(100);
    }
    assert.equal(status, 200, 'the server did not accept again after the flood');
    await server.waitForOutput(/accepting again after \d+ failed attempt\(s\)/, 'the back-off ending', 5000);
    client.ws.close();
  });
});
