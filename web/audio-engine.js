// The page's audio engine (main thread; docs/audio.md). It only sets audio up and
// relays figures: an AudioContext with the playback worklet, the audio network
// worker that owns the audio WebSocket, and while the user is on stage the
// microphone, which the worker reads itself (MediaStreamTrackProcessor) or, in
// browsers without that, the capture worklet encodes. Audio itself flows worklet <->
// worker over MessagePorts and never waits for this thread.
//
// The C++ client drives it declaratively with window.salottoAudio.update(wanted)
// (web/audio bridge in src/client/web/audio_bridge.cpp) and hears back through the
// exported salotto_audio_report(json). The wanted state includes the user's device
// choices (docs/audio.md, "Devices and controls"): microphone, output, the browser's
// voice processing, volumes per speaker and the microphone test.
'use strict';
(function () {
  const FRAME_MS = 10;       // people on stage send 10 ms frames (docs/protocol.md)
  const BITRATE = 32000;
  const MAX_DELAY_MS = 300;  // ceiling of each speaker's jitter buffer
  // latencyHint 0: the smallest output buffer the platform offers (Chromium on Linux:
  // 128 frames, against about 512 for 'interactive'); the acoustic bench measured what
  // it saves (docs/benchmarks.md).
  const CONTEXT_OPTIONS = { latencyHint: 0, sampleRate: 48000 };

  let wanted = { join: false, token: '', onStage: false, muted: true, gesture: 0,
    mic: '', output: '', echoCancellation: true, noiseSuppression: true, autoGainControl: true,
    volumes: {}, test: false };
  let ctx = null;
  let codec = null;          // salotto-audio.wasm bytes, fetched once
  let playback = null;       // AudioWorkletNode
  let worker = null;
  let mic = null;            // {stream, source, node, key}: key = the constraints it was opened
                             // with; node (and source) only where the capture worklet encodes
  let swapping = null;       // the promise of a microphone swap in progress
  let loop = false;          // the microphone test plays our own frames back
  let sentVolumes = '';      // the volumes last given to the playback worklet (JSON)
  let outputEl = null;       // the <audio> element playing, where only it can choose the output
  let sinkApplied = null;    // the output device last applied
  let listed = false;        // the devices were listed once
  // How the output can be chosen, by feature detection: AudioContext.setSinkId, else
  // an <audio> element's setSinkId fed by a MediaStreamDestination, else not at all.
  const outputChoice = typeof AudioContext !== 'undefined' && 'setSinkId' in AudioContext.prototype
    ? 'context'
    : typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype ? 'element' : 'none';
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
    let track = null;
    const t = mic && mic.stream.getAudioTracks()[0];
    if (t && t.getSettings) {
      const g = t.getSettings();
      track = { device: g.deviceId || '', label: t.label || '', echo_cancellation: !!g.echoCancellation,
        noise_suppression: !!g.noiseSuppression, auto_gain: !!g.autoGainControl };
    }
    report({ kind: 'state', joined: !!(ctx && playback), running: !!ctx && ctx.state === 'running',
      needs_gesture: !!ctx && ctx.state !== 'running' && ctx.state !== 'closed',
      mic: micState, mic_message: micMessage, testing: loop, track });
  }

  // The browser's microphones and outputs. Labels (and, in some browsers, ids) stay
  // empty until the page has had the microphone once; the list is read again then and
  // on every devicechange.
  async function listDevices() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices) {
      report({ kind: 'devices', inputs: [], outputs: [], output_choice: 'none' });
      return;
    }
    try {
      const all = await navigator.mediaDevices.enumerateDevices();
      const pick = (kind) => all.filter((d) => d.kind === kind && d.deviceId)
        .map((d) => ({ id: d.deviceId, label: d.label || '' }));
      report({ kind: 'devices', inputs: pick('audioinput'), outputs: pick('audiooutput'),
        output_choice: outputChoice });
    } catch (err) {
      report({ kind: 'devices', inputs: [], outputs: [], output_choice: outputChoice });
    }
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
    ctx = new AudioContext(CONTEXT_OPTIONS);
    ctx.onstatechange = reportState;
    await ctx.audioWorklet.addModule(window.salottoAsset('playback-worklet.js'));
    await ctx.audioWorklet.addModule(window.salottoAsset('capture-worklet.js'));
    playback = new AudioWorkletNode(ctx, 'salotto-playback', {
      numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1],
      processorOptions: { codec, maxDelayMs: MAX_DELAY_MS },
    });
    playback.port.onmessage = (e) => onWorkletMessage('playback', e.data);
    if (outputChoice === 'element') {
      // Only a media element can choose the output here: play through one.
      const sink = ctx.createMediaStreamDestination();
      playback.connect(sink);
      outputEl = new Audio();
      outputEl.srcObject = sink.stream;
      outputEl.play().catch(() => {});  // needs the same gesture as the context
    } else {
      playback.connect(ctx.destination);
    }
    sinkApplied = null;
    sentVolumes = '';

    const down = new MessageChannel();
    playback.port.postMessage({ net: down.port1 }, [down.port1]);
    worker = new Worker(window.salottoAsset('audio-net-worker.js'), { type: 'module' });
    worker.onmessage = (e) => onWorkerMessage(e.data);
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    worker.postMessage({ type: 'start', url, token: wanted.token, client: 'salotto-web-audio/0.1',
      playback: down.port2, codec }, [down.port2]);
    reportState();
  }

  function onWorkerMessage(m) {
    if (m.type === 'tap') {
      const resolve = taps.capture;
      delete taps.capture;
      if (resolve) resolve({ samples: m.samples, startMs: m.startMs, sampleRate: m.sampleRate });
    } else if (m.type === 'error') {
      report({ kind: 'error', code: m.code, message: m.message });
    } else {
      report(Object.assign({ kind: m.type }, m));
    }
  }

  // The microphone as the user chose it: device and voice processing. The key tells
  // when an open microphone no longer matches the choice.
  function micKey() {
    return JSON.stringify([wanted.mic, wanted.echoCancellation, wanted.noiseSuppression,
      wanted.autoGainControl]);
  }

  // getUserMedia for the chosen microphone; one that is gone (unplugged, or ids reset
  // with the site's data) falls back to the browser's default rather than failing.
  async function openStream() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw Object.assign(new Error('This browser offers no microphone here (it needs HTTPS).'),
        { name: 'NotSupportedError' });
    }
    const audio = { echoCancellation: wanted.echoCancellation, noiseSuppression: wanted.noiseSuppression,
      autoGainControl: wanted.autoGainControl, channelCount: 1 };
    if (wanted.mic) {
      try {
        return await navigator.mediaDevices.getUserMedia({ audio: Object.assign({ deviceId: { exact: wanted.mic } }, audio) });
      } catch (err) {
        if (err.name !== 'OverconstrainedError' && err.name !== 'NotFoundError') throw err;
      }
    }
    return navigator.mediaDevices.getUserMedia({ audio });
  }

  async function startMic() {
    micState = 'pending';
    micMessage = '';
    reportState();
    let stream;
    const key = micKey();
    try {
      stream = await openStream();
    } catch (err) {
      const denied = err.name === 'NotAllowedError' || err.name === 'SecurityError';
      micState = denied ? 'denied' : 'unavailable';
      micMessage = denied
        ? 'Microphone access is blocked. Allow it in the browser\'s site settings, then tap unmute.'
        : `No microphone is available (${err.message || err.name}).`;
      reportState();
      return;
    }
    if (!ctx || !wantsMic()) { stream.getTracks().forEach((t) => t.stop()); micState = 'off'; return; }
    mic = { stream, source: null, node: null, key };
    attachCapture(stream);
    micState = 'ready';
    applyMute();
    reportState();
    listDevices();  // labels are readable now
    reconcile();    // the choice may have changed while the browser was asking
  }

  // Another microphone or other voice processing while the microphone is open: a new
  // track replaces the old one in front of the same capture (attachCapture), so the
  // stage, the audio connection and the encoder's clock carry on. The track is re-acquired
  // rather than changed with applyConstraints: Chromium 156 resolves applyConstraints
  // for the processing switches but leaves them as they were (docs/audio.md), and a
  // device change needs a new track anyway.
  async function swapMic() {
    const key = micKey();
    let stream;
    try {
      stream = await openStream();
    } catch (err) {
      report({ kind: 'error', code: 'audio', message: `The microphone could not be switched (${err.message || err.name}).` });
      if (mic) mic.key = key;  // keep the working one; do not retry in a loop
      return;
    }
    if (!mic || !ctx) { stream.getTracks().forEach((t) => t.stop()); return; }
    attachCapture(stream);
    mic.stream.getTracks().forEach((t) => t.stop());
    mic.stream = stream;
    mic.key = key;
    applyMute();
    reportState();
  }

  // Where the browser has MediaStreamTrackProcessor and the track runs at the codec's
  // rate, the network worker reads the track's chunks and encodes them: they come
  // straight from the capture thread, where through an AudioContext they would wait
  // for its render callbacks, in bursts where the output device's buffer is large
  // (docs/audio.md, "Capture").
  function workerReads(stream) {
    const track = stream.getAudioTracks()[0];
    const rate = track && track.getSettings ? track.getSettings().sampleRate : 0;
    return typeof MediaStreamTrackProcessor === 'function' && !!track && (!rate || rate === 48000);
  }

  // Connects a new microphone stream to the capture: the worker keeps its encoder
  // and the worklet its node, so the sample clock carries on across a device change.
  function attachCapture(stream) {
    if (!mic.node && workerReads(stream)) {
      try {
        const processor = new MediaStreamTrackProcessor({ track: stream.getAudioTracks()[0] });
        worker.postMessage({ type: 'track', readable: processor.readable, frameMs: FRAME_MS, bitrate: BITRATE },
          [processor.readable]);
        return;
      } catch (err) {
        // A browser that has the processor but cannot hand its stream to a worker:
        // the capture worklet encodes instead.
      }
    }
    if (!mic.node) {
      worker.postMessage({ type: 'track_stop' });
      mic.node = new AudioWorkletNode(ctx, 'salotto-capture', {
        numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit',
        processorOptions: { codec, frameMs: FRAME_MS, bitrate: BITRATE },
      });
      mic.node.port.onmessage = (e) => onWorkletMessage('capture', e.data);
      const up = new MessageChannel();
      mic.node.port.postMessage({ net: up.port1 }, [up.port1]);
      worker.postMessage({ type: 'capture', port: up.port2 }, [up.port2]);
    }
    const source = ctx.createMediaStreamSource(stream);
    source.connect(mic.node);
    if (mic.source) mic.source.disconnect();
    mic.source = source;
  }

  // Settings for whichever encodes the microphone: {muted}, {loop}, {tap}.
  function toCapture(message, transfer = []) {
    if (mic.node) mic.node.port.postMessage(message, transfer);
    else worker.postMessage(Object.assign({ type: 'track_control' }, message), transfer);
  }

  function wantsMic() {
    return wanted.onStage || wanted.test;
  }

  function stopMic() {
    loop = false;
    if (mic) {
      if (mic.node) {
        mic.source.disconnect();
        mic.node.port.postMessage({ stop: true });
      } else if (worker) {
        worker.postMessage({ type: 'track_stop' });
      }
      mic.stream.getTracks().forEach((t) => t.stop());
      mic = null;
    }
    micState = 'off';
    micMessage = '';
    micTried = false;
  }

  // The network hears the microphone only while unmuted; the test hears it always.
  function applyMute() {
    if (!mic) return;
    toCapture({ muted: wanted.muted });
    mic.stream.getAudioTracks().forEach((t) => { t.enabled = !wanted.muted || loop; });
  }

  // "Test my microphone": the capture's frames also go to the playback
  // worklet, encoded, and play back through a jitter buffer and decoder like anyone's.
  function applyTest() {
    const on = !!(wanted.test && mic && playback);
    if (on === loop) return;
    loop = on;
    if (on) {
      const channel = new MessageChannel();
      toCapture({ loop: channel.port1 }, [channel.port1]);
      playback.port.postMessage({ loop: channel.port2 }, [channel.port2]);
    } else if (mic) {
      toCapture({ loop: null });
    }
    applyMute();
    reportState();
  }

  function applyVolumes() {
    const text = JSON.stringify(wanted.volumes || {});
    if (!playback || text === sentVolumes) return;
    sentVolumes = text;
    playback.port.postMessage({ volumes: wanted.volumes || {} });
  }

  function applyOutput() {
    const id = wanted.output || '';
    if (!ctx || outputChoice === 'none' || id === sinkApplied) return;
    sinkApplied = id;
    const target = outputChoice === 'context' ? ctx : outputEl;
    if (!target) return;
    target.setSinkId(id).catch((err) => {
      report({ kind: 'error', code: 'audio', message: `The output could not be switched (${err.message || err.name}).` });
    });
  }

  function leave() {
    stopMic();
    if (worker) worker.postMessage({ type: 'stop' });
    if (ctx) ctx.close();
    if (outputEl) { outputEl.srcObject = null; outputEl = null; }
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
    if (wantsMic() && !mic && !micTried && micState !== 'pending') {
      micTried = true;
      startMic();
    } else if (!wantsMic() && (mic || micState !== 'off')) {
      stopMic();
      reportState();
    } else if (mic && !swapping && mic.key !== micKey()) {
      swapping = swapMic().finally(() => { swapping = null; reconcile(); });
    }
    applyMute();
    applyTest();
    applyVolumes();
    applyOutput();
  }

  window.salottoAudio = {
    // wanted: {join, token, onStage, muted, gesture, mic, output, echoCancellation,
    // noiseSuppression, autoGainControl, volumes: {id: percent}, test}; gesture counts
    // the user's taps on "Join audio" and unmute.
    update(next) {
      // The first update comes once the C++ side can hear reports: list the devices.
      if (!listed) { listed = true; listDevices(); }
      wanted = Object.assign({}, wanted, next);
      reconcile();
    },
    // Test tap: records `seconds` of what the playback worklet plays ("playback") or
    // of what the capture encodes ("capture"); resolves to
    // {samples: Float32Array, startMs, sampleRate}.
    tap(seconds, path) {
      if (path === 'capture') {
        if (!mic) return Promise.reject(new Error('no capture path to tap'));
        return new Promise((resolve) => {
          taps.capture = resolve;
          toCapture({ tap: seconds });
        });
      }
      if (!playback) return Promise.reject(new Error('no playback path to tap'));
      return new Promise((resolve) => {
        taps.playback = resolve;
        playback.port.postMessage({ tap: seconds });
      });
    },
    context() { return ctx; },
    // The options the engine's AudioContext is made with (the acoustic bench's floor
    // uses them too).
    contextOptions: CONTEXT_OPTIONS,
  };

  if (navigator.mediaDevices && navigator.mediaDevices.addEventListener) {
    navigator.mediaDevices.addEventListener('devicechange', listDevices);
  }
})();
