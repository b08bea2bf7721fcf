// web/embed.js's frame side on its own, in a Node vm with a stand-in window: which
// parents it takes commands from under an allow-list (/api/embed-policy), and where
// its events go. The browser test (embed.test.js) runs the default policy ("*") for
// real; this one covers the allow-list's matching, which a browser on loopback
// cannot reach (https origins, wildcard subdomains).
'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { paths } = require('./lib/paths');

const SOURCE = fs.readFileSync(path.join(paths.repoRoot, 'web/embed.js'), 'utf8');
const msg = (fields) => Object.assign({ schema: 'salotto-embed', version: 1 }, fields);

// Loads embed.js as the page https://salotto.example/embed/room1 inside a frame, with
// the server answering /api/embed-policy with `frameAncestors`. Returns what the test
// drives and observes.
async function frameWith(frameAncestors) {
  const listeners = [];
  const posted = [];   // what the frame posted to its parent: {message, targetOrigin}
  const commands = []; // what reached the WASM client
  const parent = { postMessage: (message, targetOrigin) => posted.push({ message, targetOrigin }) };
  const window = {
    addEventListener: (type, fn) => { if (type === 'message') listeners.push(fn); },
    parent,
    Module: { ccall: (name, ret, types, args) => commands.push([name, ...args]) },
  };
  const context = {
    window,
    location: { pathname: '/embed/room1', origin: 'https://salotto.example', href: 'https://salotto.example/embed/room1' },
    document: { currentScript: { src: 'https://salotto.example/embed.js' } },
    URL,
    JSON,
    setTimeout,
    setInterval,
    clearInterval,
    fetch: async (url) => {
      assert.equal(url, '/api/embed-policy');
      return { json: async () => ({ version: 1, frameAncestors }) };
    },
  };
  vm.createContext(context);
  vm.runInContext(SOURCE, context);
  await new Promise((resolve) => setTimeout(resolve, 10));  // the policy's fetch
  const deliver = (data, origin, source = parent) => listeners.forEach((fn) => fn({ data, origin, source }));
  // The WASM client says it is ready (web/embed_bridge.cpp's js_embed_post).
  const clientReady = () => {
    (window.salottoEmbedOutbox = window.salottoEmbedOutbox || []).push(JSON.stringify({ event: 'ready', data: { room: 'room1', signedIn: true } }));
    window.salottoEmbedFrame.flush();
  };
  return { deliver, clientReady, posted, commands, window };
}

describe('web/embed.js frame side: who may command it', () => {
  const list = ['https://blog.example', 'https://*.example.org', "'self'", 'http://localhost:8080'];

  for (const origin of ['https://blog.example', 'https://news.example.org', 'https://a.b.example.org',
    'https://salotto.example', 'http://localhost:8080']) {
    it(`takes commands from an allowed parent: ${origin}`, async () => {
      const f = await frameWith(list);
      f.clientReady();
      f.deliver(msg({ type: 'hello' }), origin);
      f.deliver(msg({ type: 'command', command: 'raiseHand' }), origin);
      assert.deepEqual(f.commands, [['salotto_embed_command', 'raiseHand']]);
      assert.equal(f.posted.length, 1, 'the ready event, once hello came');
      assert.equal(f.posted[0].targetOrigin, origin, 'events go to the parent origin only');
      assert.deepEqual(JSON.parse(JSON.stringify(f.posted[0].message)), msg({ type: 'event', event: 'ready', data: { room: 'room1', signedIn: true } }));
    });
  }

  for (const origin of ['https://evil.example', 'http://blog.example', 'https://blog.example:8443',
    'https://example.org', 'https://notexample.org', 'http://localhost:8081', 'null']) {
    it(`ignores a parent that is not on the list: ${origin}`, async () => {
      const f = await frameWith(list);
      f.clientReady();
      f.deliver(msg({ type: 'hello' }), origin);
      f.deliver(msg({ type: 'command', command: 'leave' }), origin);
      assert.deepEqual(f.commands, []);
      assert.deepEqual(f.posted, [], 'nothing is told to a parent not on the list');
    });
  }

  it('ignores windows other than its parent, even from an allowed origin', async () => {
    const f = await frameWith(['*']);
    f.clientReady();
    const stranger = { postMessage() {} };
    f.deliver(msg({ type: 'hello' }), 'https://blog.example', stranger);
    f.deliver(msg({ type: 'command', command: 'leave' }), 'https://blog.example', stranger);
    assert.deepEqual(f.commands, []);
    assert.deepEqual(f.posted, []);
  });

  it('answers only the first accepted origin, and ignores other schemas and versions', async () => {
    const f = await frameWith(['*']);
    f.clientReady();
    f.deliver(msg({ type: 'hello' }), 'https://one.example');
    f.deliver(msg({ type: 'command', command: 'mute' }), 'https://two.example');
    f.deliver({ schema: 'salotto-embed', version: 2, type: 'command', command: 'mute' }, 'https://one.example');
    f.deliver({ type: 'command', command: 'mute' }, 'https://one.example');
    assert.deepEqual(f.commands, []);
    f.deliver(msg({ type: 'command', command: 'mute' }), 'https://one.example');
    assert.deepEqual(f.commands, [['salotto_embed_command', 'mute']]);
  });

  it('refuses unknown commands and commands before the client is ready, saying so', async () => {
    const f = await frameWith(['*']);
    f.deliver(msg({ type: 'hello' }), 'https://one.example');
    f.deliver(msg({ type: 'command', command: 'join' }), 'https://one.example');
    f.clientReady();
    f.deliver(msg({ type: 'command', command: 'formatDisk' }), 'https://one.example');
    assert.deepEqual(f.commands, []);
    const codes = f.posted.filter((p) => p.message.event === 'error').map((p) => p.message.data.code);
    assert.deepEqual(codes, ['not_ready', 'unknown_command']);
  });

  it('trusts nobody when the policy cannot be read', async () => {
    const f = await frameWith(undefined);
    f.clientReady();
    f.deliver(msg({ type: 'hello' }), 'https://blog.example');
    f.deliver(msg({ type: 'command', command: 'leave' }), 'https://blog.example');
    assert.deepEqual(f.commands, []);
    assert.deepEqual(f.posted, []);
  });
});
