// The shell page's start-up (shell.html): checks for WebAssembly and WebGL 2, downloads
// the client with a progress bar, and shows a plain message when anything fails. A file
// of its own because the Content-Security-Policy allows no inline script.
'use strict';

// The client's files by their plain names (the page's salotto-assets block, written
// by scripts/assemble-www.py): salottoAsset(name) is the URL of its content-hashed copy
// (cached for a year), or the plain name when the page lists none; salottoAssetBytes
// (name) its size once unpacked, or 0 when unknown.
(function () {
  var block = document.getElementById('salotto-assets');
  var assets = {};
  try { assets = JSON.parse((block && block.textContent) || '{}'); } catch (e) { assets = {}; }
  var urls = assets.urls || {};
  var bytes = assets.bytes || {};
  window.salottoAsset = function (name) { return urls[name] || '/' + name; };
  window.salottoAssetBytes = function (name) { return bytes[name] || 0; };
})();

(function () {
  document.getElementById('canvas').addEventListener('contextmenu', function (event) {
    event.preventDefault();
  });
  var splash = document.getElementById('splash');
  var bar = document.querySelector('#progress div');
  var status = document.getElementById('status');

  function fail(message) {
    splash.className = 'failed';
    splash.style.display = '';
    status.textContent = message;
  }
  function progress(fraction) {
    bar.style.width = Math.max(4, Math.min(100, fraction * 100)).toFixed(1) + '%';
  }

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    fail('Salotto needs WebAssembly, which this browser does not support. ' +
         'Please use an up-to-date Chrome, Firefox, Safari or Edge.');
    return;
  }
  var probe = document.createElement('canvas').getContext('webgl2');
  if (!probe) {
    fail('Salotto needs WebGL 2, which this browser has turned off or does not support. ' +
         'Try an up-to-date browser, or enable hardware acceleration in its settings.');
    return;
  }
  var lose = probe.getExtension('WEBGL_lose_context');
  if (lose) lose.loseContext();

  // Downloads a file with progress. The bar counts the bytes the browser hands over,
  // which are unpacked: it needs the unpacked size (from the page's asset list, or
  // Content-Length when the response is not compressed); without one the bar creeps.
  function fetchWithProgress(name) {
    var url = window.salottoAsset(name);
    return fetch(url, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + url);
      var total = window.salottoAssetBytes(name) ||
          (response.headers.get('Content-Encoding') ? 0 : Number(response.headers.get('Content-Length')) || 0);
      if (!response.body || !response.body.getReader) return response.arrayBuffer();
      var reader = response.body.getReader();
      var chunks = [];
      var received = 0;
      function pump() {
        return reader.read().then(function (step) {
          if (step.done) {
            var bytes = new Uint8Array(received);
            var offset = 0;
            chunks.forEach(function (chunk) { bytes.set(chunk, offset); offset += chunk.length; });
            return bytes.buffer;
          }
          chunks.push(step.value);
          received += step.value.length;
          progress(total ? received / total : 1 - 1 / (1 + received / 300000));
          return pump();
        });
      }
      return pump();
    });
  }

  // Compiles the client's WebAssembly while it downloads, with progress. Streaming
  // compilation straight from the response also lets the browser keep the compiled
  // code with the cached file, so a returning visitor skips compiling; the bar reads a
  // copy of the stream. Without streaming (old browsers, a wrong MIME type from a
  // proxy), the bytes are compiled once they are all in.
  function instantiateWithProgress(name, imports) {
    var url = window.salottoAsset(name);
    var streams = WebAssembly.instantiateStreaming && window.Response && Response.prototype.clone;
    if (!streams) {
      return fetchWithProgress(name).then(function (bytes) {
        status.textContent = 'Starting...';
        return WebAssembly.instantiate(bytes, imports);
      });
    }
    return fetch(url, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + url);
      var wasm = (response.headers.get('Content-Type') || '').indexOf('application/wasm') === 0;
      if (!wasm || !response.body || !response.body.getReader) {
        return response.arrayBuffer().then(function (bytes) {
          return WebAssembly.instantiate(bytes, imports);
        });
      }
      var total = window.salottoAssetBytes(name);
      var reader = response.clone().body.getReader();
      var received = 0;
      (function count() {
        reader.read().then(function (step) {
          if (step.done) {
            status.textContent = 'Starting...';
            return;
          }
          received += step.value.length;
          progress(total ? received / total : 1 - 1 / (1 + received / 300000));
          count();
        }, function () {});
      })();
      return WebAssembly.instantiateStreaming(response, imports);
    });
  }

  window.Module = {
    canvas: document.getElementById('canvas'),
    locateFile: function (path) { return window.salottoAsset(path); },
    instantiateWasm: function (imports, done) {
      instantiateWithProgress('salotto.wasm', imports)
        .then(function (result) { done(result.instance, result.module); })
        .catch(function (error) {
          fail('Salotto could not be loaded (' + error.message + '). ' +
               'Check your connection and reload the page.');
        });
      return {};
    },
    onRuntimeInitialized: function () { splash.style.display = 'none'; },
    // Called by the client for problems it cannot recover from.
    showError: fail,
    onAbort: function (what) {
      fail('Salotto stopped because of an internal error (' + what + '). Reloading may help.');
    },
  };

  // An embed talks to its host page through web/embed.js (docs/embedding.md). Its
  // plain, revalidated URL: host pages load the same file.
  if (location.pathname.indexOf('/embed/') === 0) {
    var bridge = document.createElement('script');
    bridge.src = '/embed.js';
    document.body.appendChild(bridge);
  }

  var script = document.createElement('script');
  script.src = window.salottoAsset('salotto.js');
  script.async = true;
  script.onerror = function () {
    fail('Salotto could not be downloaded. Check your connection and reload the page.');
  };
  document.body.appendChild(script);
})();
