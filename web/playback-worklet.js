// AudioWorkletProcessor "salotto-playback": takes downstream batches from the audio
// network worker's port, feeds them to one jitter buffer per speaker in the
// salotto-audio.wasm codec module (docs/audio.md), and plays the mix. Arrival times
// come from this audio thread's clock, so a stalled main thread changes nothing here.
// The page sets a volume per speaker ({volumes: {id: percent}}); during the
// microphone test the capture worklet's own frames arrive on a second port (`loop`)
// and play as speaker 0, who is left out of the reports.
import { instantiateCodec, newTap, recordTap } from './worklet-codec.js';

const QUANTUM = 128;
const REPORT_QUANTA = 37; // levels and jitter stats to the page about 10 times a second

// The per-speaker stats table's field names, as the codec module exports them
// (SALOTTO_PLAYBACK_STATS in worklet_module.cpp): ASCII, comma-separated, NUL-ended.
// (AudioWorkletGlobalScope has no TextDecoder.)
function statNames(codec) {
  const bytes = new Uint8Array(codec.memory.buffer, codec.playback_stat_names());
  let text = '';
  for (let i = 0; bytes[i] !== 0; i++) text += String.fromCharCode(bytes[i]);
  return text.split(',').filter((name) => name !== '');
}


class PlaybackProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = options.processorOptions;
    this.codec = instantiateCodec(o.codec);
    this.codec.playback_init(o.maxDelayMs || 300);
    const memory = this.codec.memory.buffer;
    this.input = new Uint8Array(memory, this.codec.playback_input(), this.codec.playback_input_size());
    this.statNames = statNames(this.codec);
    this.statFields = this.codec.playback_stat_fields();
    if (this.statNames.length !== this.statFields) throw new Error('salotto-audio: stat names and fields disagree');
    this.table = new Int32Array(memory, this.codec.playback_stats_table(),
      this.codec.playback_stat_rows() * this.statFields);
    this.memory = memory;
    this.output = null;
    this.quanta = 0;
    this.batches = 0;
    this.malformed = 0;
    this.tap = null;
    this.port.onmessage = (e) => {
      const m = e.data;
      if (m.net) m.net.onmessage = (n) => this.onBatch(n.data);
      if (m.loop) m.loop.onmessage = (n) => this.onOwn(n.data);
      if (m.volumes) this.setVolumes(m.volumes);
      if (m.tap) this.tap = newTap(m.tap, sampleRate);
    };
  }

  onBatch(data) {
    const bytes = new Uint8Array(data);
    if (bytes.length > this.input.length) { this.malformed++; return; }
    this.input.set(bytes);
    if (this.codec.playback_push(bytes.length, currentTime * 1000) < 0) this.malformed++;
    else this.batches++;
  }

  onOwn(data) {
    const bytes = new Uint8Array(data);
    if (bytes.length > this.input.length) return;
    this.input.set(bytes);
    this.codec.playback_push_own(bytes.length, currentTime * 1000);
  }

  // volumes: {id: percent} for every speaker whose volume is not 100; a speaker left
  // out since the last call goes back to 100.
  setVolumes(volumes) {
    for (const id of Object.keys(this.volumes || {})) {
      if (!(id in volumes)) this.codec.playback_set_volume(Number(id), 100);
    }
    for (const [id, percent] of Object.entries(volumes)) {
      this.codec.playback_set_volume(Number(id), percent);
    }
    this.volumes = volumes;
  }

  process(inputs, outputs) {
    const out = outputs[0][0];
    const mixed = this.codec.playback_pull();
    if (!this.output) this.output = new Float32Array(this.memory, mixed, QUANTUM); // fixed memory
    out.set(this.output);
    for (let c = 1; c < outputs[0].length; c++) outputs[0][c].set(out);
    if (this.tap) recordTap(this, out);  // test tap: what was played
    if (++this.quanta % REPORT_QUANTA === 0) this.report();
    return true;
  }

  report() {
    const n = this.codec.playback_stats();
    const speakers = [];
    for (let i = 0; i < n; i++) {
      const s = {};
      this.statNames.forEach((name, k) => { s[name] = this.table[i * this.statFields + k]; });
      s.playing = s.playing === 1;
      if (s.id !== 0) speakers.push(s);  // 0: our own voice in the microphone test
    }
    this.port.postMessage({ type: 'playback', speakers, batches: this.batches, malformed: this.malformed });
  }
}

registerProcessor('salotto-playback', PlaybackProcessor);
