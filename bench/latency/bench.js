// The latency bench page's script (bench.html): sets up both ends on one AudioContext
// and keeps the logs run.js collects. See bench/latency/README.md.
'use strict';
let ctx = null;
const log = { emitted: [], detected: [], depth: [], target: [], jitter: [], rtt: [], concealed: 0 };

async function setUp(tokenA, tokenB) {
  const codec = await (await fetch('/salotto-audio.wasm')).arrayBuffer();
  ctx = new AudioContext({ latencyHint: 'interactive', sampleRate: 48000 });
  for (const m of ['/capture-worklet.js', '/playback-worklet.js', '/bench-worklets.js']) await ctx.audioWorklet.addModule(m);
  const source = new AudioWorkletNode(ctx, 'bench-source', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1] });
  const capture = new AudioWorkletNode(ctx, 'salotto-capture', { numberOfInputs: 1, numberOfOutputs: 0,
    channelCount: 1, channelCountMode: 'explicit', processorOptions: { codec, frameMs: 10, bitrate: 32000 } });
  const playback = new AudioWorkletNode(ctx, 'salotto-playback', { numberOfInputs: 0, numberOfOutputs: 1,
    outputChannelCount: [1], processorOptions: { codec, maxDelayMs: 300 } });
  const probe = new AudioWorkletNode(ctx, 'bench-probe', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
  source.connect(capture);
  playback.connect(probe).connect(ctx.destination);
  source.port.onmessage = (e) => log.emitted.push(e.data.emitted);
  probe.port.onmessage = (e) => log.detected.push(e.data.detected);
  playback.port.onmessage = (e) => {
    const s = e.data.speakers && e.data.speakers[0];
    if (!s || !s.playing) return;
    log.depth.push(s.depth_ms); log.target.push(s.target_ms); log.jitter.push(s.jitter_ms);
    log.concealed = s.concealed;
  };
  const url = `ws://${location.host}/ws`;
  const worker = (token, playbackPort, name) => {
    const w = new Worker('/audio-net-worker.js', { type: 'module' });
    w.onmessage = (e) => { if (e.data.rtt_ms >= 0 && name === 'B') log.rtt.push(e.data.rtt_ms); };
    w.postMessage({ type: 'start', url, token, client: `latency-bench-${name}`, playback: playbackPort }, [playbackPort]);
    return w;
  };
  const unused = new MessageChannel(); // A listens to nobody here
  const wa = worker(tokenA, unused.port2, 'A');
  const up = new MessageChannel();
  capture.port.postMessage({ net: up.port1 }, [up.port1]);
  wa.postMessage({ type: 'capture', port: up.port2 }, [up.port2]);
  const down = new MessageChannel();
  playback.port.postMessage({ net: down.port1 }, [down.port1]);
  worker(tokenB, down.port2, 'B');
  return { sampleRate: ctx.sampleRate, baseLatency: ctx.baseLatency, outputLatency: ctx.outputLatency };
}

// Clears the logs; call, wait, then collect().
function reset() {
  for (const k of ['emitted', 'detected', 'depth', 'target', 'jitter', 'rtt']) log[k] = [];
}

function collect() {
  return JSON.parse(JSON.stringify(log));
}
