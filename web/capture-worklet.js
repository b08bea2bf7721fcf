// AudioWorkletProcessor "salotto-capture": encodes the microphone inside the audio
// thread with the salotto-audio.wasm codec module (docs/audio.md) and posts each
// finished upstream frame, transferred, to the audio network worker's port. Runs on
// when the main thread stalls or the tab is hidden: nothing here needs the page.
// During "Test my microphone" the frames also go, encoded, to the playback worklet's
// port (`loop`), which plays them back as speaker 0; frames reach the network only
// while the user is not muted, test or no test.
import { instantiateCodec, newTap, recordTap } from './worklet-codec.js';

const QUANTUM = 128;
const REPORT_QUANTA = 37; // levels to the page about 10 times a second


class CaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = options.processorOptions;
    this.codec = instantiateCodec(o.codec);
    const status = this.codec.capture_init(o.frameMs, o.bitrate);
    const memory = this.codec.memory.buffer;
    this.input = new Float32Array(memory, this.codec.capture_input(), QUANTUM);
    this.output = new Uint8Array(memory, this.codec.capture_output(), this.codec.capture_output_size());
    this.net = null;
    this.loop = null;      // the playback worklet, during the microphone test
    this.muted = true;
    this.quanta = 0;
    this.peak = 0;
    this.sent = 0;
    this.tap = null;
    this.stopped = false;
    this.port.onmessage = (e) => this.onMessage(e.data);
    if (status !== 0) this.port.postMessage({ type: 'error', message: `Opus encoder: ${status}` });
  }

  onMessage(m) {
    if (m.net) this.net = m.net;
    if ('loop' in m) {
      if (this.loop) this.loop.close();
      this.loop = m.loop;
    }
    if ('muted' in m) this.muted = m.muted;
    if ('muted' in m || 'loop' in m) this.codec.capture_set_muted(this.muted && !this.loop ? 1 : 0);
    if (m.stop) {
      // Off the stage: the node is dropped; returning false lets the browser free it.
      this.stopped = true;
      if (this.net) this.net.close();
      if (this.loop) this.loop.close();
      this.net = null;
      this.loop = null;
    }
    if (m.tap) this.tap = newTap(m.tap, sampleRate);
  }

  process(inputs) {
    if (this.stopped) return false;
    const channel = inputs[0] && inputs[0][0];
    if (channel && channel.length === QUANTUM) this.input.set(channel);
    else this.input.fill(0);
    if (this.tap) recordTap(this, this.input);  // test tap: what went into the encoder

    const size = this.codec.capture_push(QUANTUM);
    if (size > 0 && this.loop) {
      const own = this.output.slice(0, size).buffer;
      this.loop.postMessage(own, [own]);
    }
    if (size > 0 && this.net && !this.muted) {
      const frame = this.output.slice(0, size).buffer;
      this.net.postMessage(frame, [frame]);
      this.sent++;
    }
    this.peak = Math.max(this.peak, this.codec.capture_level());
    if (++this.quanta % REPORT_QUANTA === 0) {
      this.port.postMessage({ type: 'capture', level: this.peak,
        speaking: this.codec.capture_speaking() === 1, sent: this.sent });
      this.peak = 0;
    }
    return true;
  }
}

registerProcessor('salotto-capture', CaptureProcessor);
