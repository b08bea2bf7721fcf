// Encodes the microphone inside the audio network worker, where the browser has
// MediaStreamTrackProcessor (Chromium). The page hands the processor's readable
// stream over, and the track's AudioData chunks (10 ms at 48 kHz in Chromium) come
// here from the capture thread instead of through an AudioContext: capture no longer
// waits for the render callbacks of the page's output device, which come in bursts
// where that device's buffer is large, nor passes the MediaStreamSource's queue. The
// listener's jitter buffer then sees the microphone's own pace (docs/audio.md).
// The chain is the capture worklet's (salotto-audio.wasm: level, voice detector, Opus,
// packetiser), fed in the same pieces of up to 128 samples; levels, the microphone
// test's loop and the test tap work as they do there.
import { fillTap, instantiateCodec, newTap } from './worklet-codec.js';

const SAMPLE_RATE = 48000;    // the chain's rate; the page sends only tracks at this rate
const REPORT_SAMPLES = 4800;  // levels to the page about 10 times a second

export class TrackCapture {
  // send(view): an upstream message for the network; post(message, transfer): to the page.
  constructor(codecBytes, frameMs, bitrate, send, post) {
    this.codec = instantiateCodec(codecBytes);
    const status = this.codec.capture_init(frameMs, bitrate);
    const memory = this.codec.memory.buffer;
    this.piece = this.codec.capture_input_size();
    this.input = new Float32Array(memory, this.codec.capture_input(), this.piece);
    this.output = new Uint8Array(memory, this.codec.capture_output(), this.codec.capture_output_size());
    this.send = send;
    this.post = post;
    this.muted = true;
    this.loop = null;        // the playback worklet, during the microphone test
    this.tap = null;
    this.chunk = new Float32Array(0);
    this.reader = null;
    this.pending = 0;        // samples since the last level report
    this.peak = 0;
    this.sent = 0;
    this.wrongRate = false;  // told the page once
    if (status !== 0) post({ type: 'error', code: 'audio', message: `Opus encoder: ${status}` });
  }

  // Reads a track's chunks until it ends or another track takes its place.
  async read(readable) {
    if (this.reader) this.reader.cancel().catch(() => {});
    const reader = readable.getReader();
    this.reader = reader;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (this.reader === reader) this.take(value);
        value.close();
        if (this.reader !== reader) break;
      }
    } catch (err) {
      if (this.reader === reader) {
        this.post({ type: 'error', code: 'audio', message: `The microphone stopped (${err.message || err.name}).` });
      }
    }
  }

  take(data) {
    if (data.sampleRate !== SAMPLE_RATE) {
      if (!this.wrongRate) {
        this.post({ type: 'error', code: 'audio', message: `The microphone runs at ${data.sampleRate} Hz, not ${SAMPLE_RATE}.` });
      }
      this.wrongRate = true;
      return;
    }
    const n = data.numberOfFrames;
    if (this.chunk.length < n) this.chunk = new Float32Array(n);
    const chunk = this.chunk.subarray(0, n);
    data.copyTo(chunk, { planeIndex: 0, format: 'f32-planar' });
    if (this.tap) this.record(chunk);
    for (let i = 0; i < n; i += this.piece) {
      const piece = chunk.subarray(i, Math.min(i + this.piece, n));
      this.input.set(piece);
      const size = this.codec.capture_push(piece.length);
      if (size > 0) this.emit(size);
      this.peak = Math.max(this.peak, this.codec.capture_level());
    }
    this.pending += n;
    if (this.pending >= REPORT_SAMPLES) {
      this.post({ type: 'capture', level: this.peak, speaking: this.codec.capture_speaking() === 1, sent: this.sent });
      this.pending = 0;
      this.peak = 0;
    }
  }

  emit(size) {
    if (this.loop) {
      const own = this.output.slice(0, size).buffer;
      this.loop.postMessage(own, [own]);
    }
    if (!this.muted) {
      this.send(this.output.subarray(0, size));
      this.sent++;
    }
  }

  // {muted}, {loop: port or null}, {tap: seconds}: as the capture worklet takes them.
  control(m) {
    if ('muted' in m) this.muted = m.muted;
    if ('loop' in m) {
      if (this.loop) this.loop.close();
      this.loop = m.loop;
    }
    this.codec.capture_set_muted(this.muted && !this.loop ? 1 : 0);
    if (m.tap) this.tap = newTap(m.tap, SAMPLE_RATE);
  }

  // The test tap: its start is when the first chunk reached this worker, less the
  // chunk's length (the capture worklet's tap uses its AudioContext's clock instead).
  record(chunk) {
    const t = this.tap;
    if (t.start < 0) t.start = performance.timeOrigin + performance.now() - (chunk.length * 1000) / SAMPLE_RATE;
    if (fillTap(t, chunk)) {
      this.post({ type: 'tap', samples: t.samples, startMs: t.start, sampleRate: SAMPLE_RATE }, [t.samples.buffer]);
      this.tap = null;
    }
  }

  stop() {
    if (this.reader) this.reader.cancel().catch(() => {});
    this.reader = null;
    if (this.loop) this.loop.close();
    this.loop = null;
  }
}
