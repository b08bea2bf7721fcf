// Worklet processors for the latency bench (bench/latency/README.md):
// "bench-source" emits a 10 ms 1 kHz burst every 287 ms (a spacing that is no
// multiple of the 10 ms frame, so bursts start at every phase of a frame, and shorter
// than the voice detector's 300 ms hangover, so the stream never pauses) and reports
// the sample clock of each burst's first sample; "bench-probe" passes its input
// through and reports the sample clock at which each burst comes out again.
'use strict';

const BURST = 480;
const PERIOD = 13776;          // 287 ms at 48 kHz
const THRESHOLD = 0.1;         // the burst peaks at 0.5
const QUIET_BEFORE = 4800;     // an onset needs 100 ms of quiet before it

class BenchSource extends AudioWorkletProcessor {
  constructor() {
    super();
    this.next = Math.ceil((currentFrame + 4800) / PERIOD) * PERIOD;
    this.k = -1; // sample index inside the current burst; -1 before the first
  }
  process(inputs, outputs) {
    const out = outputs[0][0];
    for (let i = 0; i < out.length; i++) {
      const frame = currentFrame + i;
      if (frame === this.next) {
        this.port.postMessage({ emitted: frame });
        this.k = 0;
        this.next += PERIOD;
      }
      out[i] = this.k >= 0 && this.k < BURST ? 0.5 * Math.sin(2 * Math.PI * 1000 * this.k / sampleRate) : 0;
      if (this.k >= 0) this.k++;
    }
    return true;
  }
}

class BenchProbe extends AudioWorkletProcessor {
  constructor() {
    super();
    this.quiet = 0;
  }
  process(inputs, outputs) {
    const input = inputs[0][0];
    const out = outputs[0][0];
    if (!input) { out.fill(0); this.quiet += out.length; return true; }
    out.set(input);
    for (let i = 0; i < input.length; i++) {
      if (Math.abs(input[i]) > THRESHOLD) {
        if (this.quiet >= QUIET_BEFORE) this.port.postMessage({ detected: currentFrame + i });
        this.quiet = 0;
      } else {
        this.quiet++;
      }
    }
    return true;
  }
}

registerProcessor('bench-source', BenchSource);
registerProcessor('bench-probe', BenchProbe);
