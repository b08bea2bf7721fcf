// The page's audio engine (main thread; docs/audio.md). It only sets audio up and
// relays figures: an AudioContext with the playback worklet, the capture worklet on
// the microphone while the user is on stage, and the audio network worker that owns
// the audio WebSocket. Audio itself flows worklet <-> worker over MessagePorts and
// never waits for this thread.
//
// The C++ client drives it declaratively with window.salottoAudio.update(wanted)
// (web/audio bridge in src/client/web/audio_bridge.cpp) and hears back through the
// exported salotto_audio_report(json).
'use strict';
(function () {
  const FRAME_MS = 10;       // people on stage send 10 ms frames (docs/protocol.md)
  const BITRATE = 32000;
  const MAX_DELAY_MS = 300;  // ceiling of each speaker's jitter buffer

  let wanted = { join: false, token: '', onStage: false, muted: true, gesture: 0 };
  let ctx = null;
  let codec = null;          // salotto-audio.wasm bytes, fetched once
  let playback = null;       // AudioWorkletNode
  let worker = null;
  let mic = null;            // {stream, source, node}
  let micState = 'off';      // off | pending | ready | denied | unavailable
  let micMessage = '';
  let micTried = false;      // asked once per stage visit; the user retries by unmuting
  let joining = null;        // the promise of the join in progress
  let seenGesture = 0;
  let failedAtGesture = null; // a failed join is retried only after another tap
  const taps = {};           // pending test taps by path: resolve functions

  function report(message) {
    if (window.Module && Module.ccall && window.salotto) {
      Module.ccall('salotto_audio_report', null, ['string'], [JSON.stringify(message)]);
    }
  }

  function reportState() {
    report({ kind: 'state', joined: !!(ctx && playback), running: !!ctx && ctx.state === 'running',
      needs_gesture: !!ctx && ctx.state !== 'running' && ctx.state !== 'closed',
      mic: micState, mic_message: micMessage });
  }

  function onWorkletMessage(path, m) {
    if (m.type === 'tap') {
      const resolve = taps[path];
      delete taps[path];
      if (resolve) resolve(toTap(m));
    } else if (m.type === 'error') {
      report({ kind: 'error', code: 'audio', message: m.message });
    } else {
      report(Object.assign({ kind: m.type }, m));
    }
  }

  // A tap's first sample as wall-clock milliseconds, so two pages can be compared.
  function toTap(m) {
    const ts = ctx.getOutputTimestamp();
    const perf = ts.performanceTime + (m.start - ts.contextTime) * 1000;
    return { samples: m.samples, startMs: performance.timeOrigin + perf, sampleRate: ctx.sampleRate };
  }

  async function join() {
    if (!codec) {
      const response = await fetch(window.salottoAsset('salotto-audio.wasm'));
      if (!response.ok) throw new Error(`salotto-audio.wasm: HTTP ${response.status}`);
      codec = await response.arrayBuffer();
    }
    ctx = new AudioContext({ latencyHint: 'interactive', sampleRate: 48000 });
    ctx.onstatechange = reportState;
    await ctx.audioWorklet.addModule(window.salottoAsset('playback-worklet.js'));
    await ctx.audioWorklet.addModule(window.salottoAsset('capture-worklet.js'));
    playback = new AudioWorkletNode(ctx, 'salotto-playback', {
      numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1],
      processorOptions: { codec, maxDelayMs: MAX_DELAY_MS },
    });
    playback.port.onmessage = (e) => onWorkletMessage('playback', e.data);
    playback.connect(ctx.destination);

    const down = new MessageChannel();
    playback.port.postMessage({ net: down.port1 }, [down.port1]);
    worker = new Worker(window.salottoAsset('audio-net-worker.js'));
    worker.onmessage = (e) => onWorkerMessage(e.data);
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    worker.postMessage({ type: 'start', url, token: wanted.token, client: 'salotto-web-audio/0.1',
      playback: down.port2 }, [down.port2]);
    reportState();
  }

  function onWorkerMessage(m) {
    if (m.type === 'error') report({ kind: 'error', code: m.code, message: m.message });
    else report(Object.assign({ kind: 'net' }, m));
  }

  async function startMic() {
    micState = 'pending';
    micMessage = '';
    reportState();
    let stream;
    try {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        throw Object.assign(new Error('This browser offers no microphone here (it needs HTTPS).'),
          { name: 'NotSupportedError' });
      }
      stream = await navigator.mediaDevices.getUserMedia({ audio: {
        echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 } });
    } catch (err) {
      const denied = err.name === 'NotAllowedError' || err.name === 'SecurityError';
      micState = denied ? 'denied' : 'unavailable';
      micMessage = denied
        ? 'Microphone access is blocked. Allow it in the browser\'s site settings, then tap unmute.'
        : `No microphone is available (${err.message || err.name}).`;
      reportState();
      return;
    }
    if (!ctx || !wanted.onStage) { stream.getTracks().forEach((t) => t.stop()); micState = 'off'; return; }
    const source = ctx.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(ctx, 'salotto-capture', {
      numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit',
      processorOptions: { codec, frameMs: FRAME_MS, bitrate: BITRATE },
    });
    node.port.onmessage = (e) => onWorkletMessage('capture', e.data);
    const up = new MessageChannel();
    node.port.postMessage({ net: up.port1 }, [up.port1]);
    worker.postMessage({ type: 'capture', port: up.port2 }, [up.port2]);
    source.connect(node);
    mic = { stream, source, node };
    micState = 'ready';
    applyMute();
    reportState();
  }

  function stopMic() {
    if (mic) {
      mic.source.disconnect();
      mic.node.port.postMessage({ stop: true });
      mic.stream.getTracks().forEach((t) => t.stop());
      mic = null;
    }
    micState = 'off';
    micMessage = '';
    micTried = false;
  }

  function applyMute() {
    if (!mic) return;
    mic.node.port.postMessage({ muted: wanted.muted });
    mic.stream.getAudioTracks().forEach((t) => { t.enabled = !wanted.muted; });
  }

  function leave() {
    stopMic();
    if (worker) worker.postMessage({ type: 'stop' });
    if (ctx) ctx.close();
    worker = null;
    playback = null;
    ctx = null;
    reportState();
  }

  // Brings the audio set-up in line with what the client wants.
  async function reconcile() {
    if (!wanted.join) { if (ctx) leave(); return; }
    if (!ctx) {
      if (!joining && failedAtGesture !== wanted.gesture) {
        joining = join().catch((err) => {
          report({ kind: 'error', code: 'audio', message: `Audio could not start: ${err.message}` });
          failedAtGesture = wanted.gesture;
          leave();
        }).finally(() => { joining = null; reconcile(); });
      }
      return;
    }
    if (joining) return;
    if (wanted.gesture !== seenGesture) {
      seenGesture = wanted.gesture;
      // The user tapped "Join audio" (or unmute): both may unlock what needs a gesture.
      if (ctx.state !== 'running') ctx.resume().then(reportState);
      if (micState === 'denied' || micState === 'unavailable') micTried = false;
    }
    if (wanted.onStage && !mic && !micTried && micState !== 'pending') {
      micTried = true;
      startMic();
    } else if (!wanted.onStage && (mic || micState !== 'off')) {
      stopMic();
      reportState();
    }
    applyMute();
  }

  window.salottoAudio = {
    // wanted: {join, token, onStage, muted, gesture}; gesture counts the user's taps
    // on "Join audio" and unmute.
    update(next) {
      wanted = Object.assign({}, wanted, next);
      reconcile();
    },
    // Test tap: records `seconds` of what the playback worklet plays ("playback") or
    // of what the capture worklet encodes ("capture"); resolves to
    // {samples: Float32Array, startMs, sampleRate}.
    tap(seconds, path) {
      const node = path === 'capture' ? (mic && mic.node) : playback;
      if (!node) return Promise.reject(new Error(`no ${path || 'playback'} path to tap`));
      return new Promise((resolve) => {
        taps[path || 'playback'] = resolve;
        node.port.postMessage({ tap: seconds });
      });
    },
    context() { return ctx; },
  };
})();
