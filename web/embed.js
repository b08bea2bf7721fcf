// Salotto's embedding API (docs/embedding.md), both ends of it in one file so the
// message schema lives in one place:
//   - on a host page (any site): Salotto.mount(element, {server, room, lang, theme})
//     creates the iframe of /embed/<room> and returns a handle with join(), leave(),
//     mute(), unmute(), raiseHand(), lowerHand(), on(name, fn), off(name, fn) and
//     destroy();
//   - inside that iframe (shell.js loads this file on /embed/ pages): the frame side,
//     which passes the host's commands to the WASM client and the client's events to
//     the host.
// Messages are plain objects {schema: "salotto-embed", version: 1, type, ...}:
//   host -> frame  {type: "hello"}                 "send your events to me"
//                  {type: "command", command: C}   C in COMMANDS
//   frame -> host  {type: "event", event: E, data} E in EVENTS
// Both ends check who is talking: the frame takes messages only from its parent
// window, and only when the parent's origin is one the server lets frame the embed
// (/api/embed-policy); the host takes messages only from its own iframe's window and
// the server's origin. Events go only to the parent's origin, never to "*".
'use strict';

(function () {
  var SCHEMA = 'salotto-embed';
  var VERSION = 1;
  var COMMANDS = ['join', 'leave', 'mute', 'unmute', 'raiseHand', 'lowerHand'];
  var EVENTS = ['ready', 'joined', 'left', 'speaking', 'participants', 'error'];
  // How often the host says hello until the frame answers: the frame's script loads
  // after the iframe's document, so one hello at "load" could arrive before it listens.
  var HELLO_MS = 200;

  function message(type, fields) {
    var m = { schema: SCHEMA, version: VERSION, type: type };
    Object.keys(fields || {}).forEach(function (k) { m[k] = fields[k]; });
    return m;
  }
  function ours(data) {
    return data !== null && typeof data === 'object' && data.schema === SCHEMA &&
        data.version === VERSION && typeof data.type === 'string';
  }

  // ---- host side

  // Where this script came from: the Salotto server, unless mount() names another.
  var scriptOrigin = (function () {
    try {
      return new URL(document.currentScript.src, location.href).origin;
    } catch (e) {
      return location.origin;
    }
  })();

  function mount(element, options) {
    options = options || {};
    if (!element || typeof element.appendChild !== 'function') {
      throw new TypeError('Salotto.mount: the first argument must be an element');
    }
    if (typeof options.room !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(options.room)) {
      throw new TypeError('Salotto.mount: options.room must be a room id');
    }
    var server = new URL(options.server || scriptOrigin, location.href).origin;
    var url = new URL('/embed/' + options.room, server);
    if (options.theme) url.searchParams.set('theme', String(options.theme));
    if (options.lang) url.searchParams.set('lang', String(options.lang));

    var frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = options.title || 'Salotto audio room';
    // The room needs the microphone (on stage) and sound without a second tap.
    frame.allow = 'microphone; autoplay';
    frame.style.cssText = 'display:block;border:0;width:100%;height:100%;' +
        'min-width:320px;min-height:400px;';
    element.appendChild(frame);

    var listeners = {};
    var ready = false;
    var waiting = [];  // commands sent before "ready"
    var handle;

    function emit(name, data) {
      (listeners[name] || []).slice().forEach(function (fn) {
        try {
          fn(data);
        } catch (e) {
          setTimeout(function () { throw e; });  // a listener's bug must not stop the others
        }
      });
    }
    function post(m) {
      if (frame.contentWindow) frame.contentWindow.postMessage(m, server);
    }
    function onMessage(event) {
      // Only our own iframe, showing the server's page: not another embed on this
      // page, nor any other window that can reach this one.
      if (event.source !== frame.contentWindow || event.origin !== server) return;
      var data = event.data;
      if (!ours(data) || data.type !== 'event' || EVENTS.indexOf(data.event) < 0) return;
      if (data.event === 'ready' && !ready) {
        ready = true;
        clearInterval(hello);
        waiting.splice(0).forEach(post);
      }
      emit(data.event, data.data);
    }
    window.addEventListener('message', onMessage);
    var hello = setInterval(function () { post(message('hello')); }, HELLO_MS);

    function command(name) {
      return function () {
        var m = message('command', { command: name });
        if (ready) post(m); else waiting.push(m);
        return handle;
      };
    }
    handle = {
      iframe: frame,
      join: command('join'),
      leave: command('leave'),
      mute: command('mute'),
      unmute: command('unmute'),
      raiseHand: command('raiseHand'),
      lowerHand: command('lowerHand'),
      on: function (name, fn) {
        if (EVENTS.indexOf(name) < 0) throw new TypeError('Salotto: no event "' + name + '"');
        (listeners[name] = listeners[name] || []).push(fn);
        return handle;
      },
      off: function (name, fn) {
        listeners[name] = (listeners[name] || []).filter(function (f) { return f !== fn; });
        return handle;
      },
      destroy: function () {
        clearInterval(hello);
        window.removeEventListener('message', onMessage);
        listeners = {};
        if (frame.parentNode) frame.parentNode.removeChild(frame);
      },
    };
    return handle;
  }

  window.Salotto = { mount: mount, version: VERSION };

  // ---- frame side: only inside the embed page, inside a frame

  if (!/^\/embed\//.test(location.pathname) || window.parent === window) return;

  var policy = null;        // the origins that may frame us (CSP source expressions)
  var parentOrigin = null;  // learnt from the parent's first accepted message
  var clientReady = false;  // the WASM client posted "ready": commands can run
  var early = [];           // messages that came before the policy

  // Whether `origin` matches a frame-ancestors source expression as the server
  // validated it (web_security.cpp): *, 'self', scheme://host[:port], scheme://*.host.
  function matches(source, origin) {
    if (source === '*') return origin !== 'null';
    if (source === "'self'") return origin === location.origin;
    var m = /^(https?):\/\/(\*\.)?([^/:]+)(?::(\d+))?\/?$/i.exec(source);
    if (!m) return false;
    var u;
    try { u = new URL(origin); } catch (e) { return false; }
    var scheme = m[1].toLowerCase();
    // As in CSP, an http: source also allows the same host over https:.
    if (u.protocol !== scheme + ':' && !(scheme === 'http' && u.protocol === 'https:')) return false;
    // A source without a port means the scheme's default port (URL.port is then "").
    var defaults = { 'http:': '80', 'https:': '443' };
    if (m[4] ? (u.port || defaults[u.protocol]) !== m[4] : u.port !== '') return false;
    var host = m[3].toLowerCase();
    return m[2] ? u.hostname.endsWith('.' + host) : u.hostname === host;
  }
  function allowed(origin) {
    return policy !== null && policy.some(function (s) { return matches(s, origin); });
  }

  function flush() {
    var box = window.salottoEmbedOutbox || [];
    box.forEach(function (text) { if (JSON.parse(text).event === 'ready') clientReady = true; });
    if (parentOrigin === null) return;
    box.splice(0).forEach(function (text) {
      var e = JSON.parse(text);
      window.parent.postMessage(message('event', { event: e.event, data: e.data }), parentOrigin);
    });
  }
  function refuse(code, text) {
    (window.salottoEmbedOutbox = window.salottoEmbedOutbox || []).push(JSON.stringify(
        { event: 'error', data: { code: code, message: text } }));
    flush();
  }

  function receive(event) {
    if (event.source !== window.parent || !ours(event.data)) return;
    if (policy === null) {
      early.push(event);
      return;
    }
    if (!allowed(event.origin)) return;
    if (parentOrigin === null) parentOrigin = event.origin;
    if (event.origin !== parentOrigin) return;
    var data = event.data;
    if (data.type === 'hello') {
      flush();
    } else if (data.type === 'command') {
      if (COMMANDS.indexOf(data.command) < 0) {
        refuse('unknown_command', 'The embed has no command "' + String(data.command) + '".');
      } else if (!clientReady) {
        refuse('not_ready', 'The embed is still starting; wait for "ready".');
      } else {
        window.Module.ccall('salotto_embed_command', null, ['string'], [data.command]);
      }
    }
  }
  window.addEventListener('message', receive);
  window.salottoEmbedFrame = { flush: flush };

  fetch('/api/embed-policy', { credentials: 'omit', cache: 'no-store' })
    .then(function (response) { return response.json(); })
    .then(function (answer) {
      policy = Array.isArray(answer.frameAncestors) ? answer.frameAncestors : [];
    })
    .catch(function () { policy = []; })  // unknown: accept nobody
    .then(function () { early.splice(0).forEach(receive); flush(); });
})();
