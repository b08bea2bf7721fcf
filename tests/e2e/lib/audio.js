// Shared audio test helpers: the chirp-burst test signal, WAV writing and reading
// (48 kHz mono), and the analysis (decimation, FFT cross-correlation, per-block
// normalised correlation with a looping source, capture-to-playback delay), and
// the judging of a measured window.
'use strict';
const fs = require('node:fs');

const RATE = 48000;
const LOOP_SECONDS = 4;   // the fake microphone loops the file
const DECIMATE = 6;       // analyse at 8 kHz: the chirps stay below 2.5 kHz

// ---- the test signal ----------------------------------------------------------------

// Chirp bursts of varied pitch, length and gap, so no part of the loop looks like
// another (the correlation peak is unique), with gaps longer than the voice
// detector's hangover so the path also starts and ends talk spurts. Options give a
// second, different voice: another seed and another band (start pitch in
// fLow .. fLow + f0Span, end pitch in fLow .. fLow + f1Span); the defaults are the
// audio test's signal.
function makeSignal({ seed: seed0 = 12345, fLow = 250, f0Span = 900, f1Span = 1500 } = {}) {
  const x = new Float32Array(LOOP_SECONDS * RATE);
  let seed = seed0;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  let t = 0.2;
  while (t < LOOP_SECONDS - 0.6) {
    const len = 0.25 + 0.35 * rand();
    const f0 = fLow + f0Span * rand();
    const f1 = fLow + f1Span * rand();
    const start = Math.round(t * RATE);
    const n = Math.round(len * RATE);
    let phase = 0;
    for (let i = 0; i < n && start + i < x.length; i++) {
      const f = f0 + (f1 - f0) * (i / n);
      phase += 2 * Math.PI * f / RATE;
      const fade = Math.min(1, i / 480, (n - i) / 480);
      x[start + i] = 0.4 * fade * (Math.sin(phase) + 0.3 * Math.sin(2.03 * phase));
    }
    t += len + (rand() < 0.3 ? 0.45 : 0.08 + 0.1 * rand());
  }
  return x;
}

function writeWav(file, samples) {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), i * 2));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + data.length, 4); h.write('WAVE', 8);
  h.write('fmt ', 12); h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22);
  h.writeUInt32LE(RATE, 24); h.writeUInt32LE(RATE * 2, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34);
  h.write('data', 36); h.writeUInt32LE(data.length, 40);
  fs.writeFileSync(file, Buffer.concat([h, data]));
}

// ---- analysis -------------------------------------------------------------------------

function decimate(x) {
  const y = new Float64Array(Math.floor(x.length / DECIMATE));
  for (let i = 0; i < y.length; i++) {
    let s = 0;
    for (let k = 0; k < DECIMATE; k++) s += x[i * DECIMATE + k];
    y[i] = s / DECIMATE;
  }
  return y;
}

// In-place radix-2 FFT of (re, im); inverse when `inv`.
function fft(re, im, inv) {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) { [re[i], re[j]] = [re[j], re[i]]; [im[i], im[j]] = [im[j], im[i]]; }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (inv ? 2 : -2) * Math.PI / len;
    const wr = Math.cos(ang), wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0;
      for (let j = 0; j < len / 2; j++) {
        const ar = re[i + j], ai = im[i + j];
        const br = re[i + j + len / 2] * cr - im[i + j + len / 2] * ci;
        const bi = re[i + j + len / 2] * ci + im[i + j + len / 2] * cr;
        re[i + j] = ar + br; im[i + j] = ai + bi;
        re[i + j + len / 2] = ar - br; im[i + j + len / 2] = ai - bi;
        const t = cr * wr - ci * wi; ci = cr * wi + ci * wr; cr = t;
      }
    }
  }
  if (inv) for (let i = 0; i < n; i++) { re[i] /= n; im[i] /= n; }
}

// xc[k] = sum_i a[i] * b[i + k] for k = 0 .. maxLag.
function crossCorrelate(a, b, maxLag) {
  let n = 1;
  while (n < a.length + b.length) n <<= 1;
  const ar = new Float64Array(n), ai = new Float64Array(n), br = new Float64Array(n), bi = new Float64Array(n);
  ar.set(a); br.set(b);
  fft(ar, ai, false); fft(br, bi, false);
  for (let i = 0; i < n; i++) {
    // conj(A) * B
    const r = ar[i] * br[i] + ai[i] * bi[i];
    const im = ar[i] * bi[i] - ai[i] * br[i];
    ar[i] = r; ai[i] = im;
  }
  fft(ar, ai, true);
  return ar.subarray(0, maxLag + 1);
}

const norm = (x, from = 0, to = x.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s);
};

// How well `played` reproduces the looping source. The jitter buffer legitimately
// moves the timeline (it conceals a late frame, skips a quiet one to shrink its
// delay), and one lag for a whole recording would count each move as a mismatch;
// so each 400 ms block of the recording is matched with the source at its own best
// circular lag, and the blocks' normalised correlations are averaged, weighted by
// their energy. `global` is the single best lag over the last loop-long window.
function correlateWithSource(source, played) {
  const src = decimate(source), rec = decimate(played);
  const period = src.length;
  const twice = new Float64Array(2 * period);
  twice.set(src); twice.set(src, period);
  const srcNorm = norm(src);
  const window = rec.subarray(rec.length - period);
  const xg = crossCorrelate(window, twice, period - 1);
  const global = Math.max(...xg) / (norm(window) * srcNorm);

  const block = Math.round(0.4 * RATE / DECIMATE);
  let weighted = 0, energy = 0;
  const lags = [];  // {from, lag, r} per loud block, in decimated samples
  for (let from = 0; from + block <= rec.length; from += block) {
    const b = rec.subarray(from, from + block);
    const e = norm(b) ** 2;
    if (e < 1e-6 * block) continue; // silence between bursts says nothing
    const xc = crossCorrelate(b, twice, period - 1);
    let best = 0, lag = 0;
    for (let k = 0; k < xc.length; k++) if (xc[k] > best) { best = xc[k]; lag = k; }
    const r = best / (norm(b) * norm(twice, lag, lag + block));
    weighted += r * e;
    energy += e;
    lags.push({ from, lag, r });
  }
  return { r: energy ? weighted / energy : 0, global, lags };
}

// Delay from A's capture tap to a listener's playback tap (both carry wall-clock
// start times): each loud 400 ms block of the capture is found in the playback
// within 0-1000 ms, and the median of those delays is the delay (blocks rather than
// one lag, for the same reason as in correlateWithSource).
function measureDelay(captured, played) {
  const a = decimate(captured.samples), b = decimate(played.samples);
  const rate = RATE / DECIMATE;
  const offsetMs = played.startMs - captured.startMs;  // b[0] was played this much after a[0]
  const block = Math.round(0.4 * rate);
  const delays = [];
  const rs = [];
  for (let from = 0; from + block <= a.length; from += block) {
    const x = a.subarray(from, from + block);
    if (norm(x) ** 2 < 1e-3 * block) continue;
    // Sample i of a reappears at b[i + lag], and delay = offsetMs + lag / rate.
    const xc = crossCorrelate(x, b.subarray(Math.max(0, from)), b.length - from - 1);
    let best = -Infinity, bestLag = -1;
    for (let lag = 0; lag + block <= b.length - from; lag++) {
      const delay = offsetMs + (lag / rate) * 1000;
      if (delay < 0 || delay > 1000) continue;
      if (xc[lag] > best) { best = xc[lag]; bestLag = lag; }
    }
    if (bestLag < 0) continue;
    delays.push(offsetMs + (bestLag / rate) * 1000);
    rs.push(best / (norm(x) * norm(b, from + bestLag, from + bestLag + block)));
  }
  const median = (v) => v.slice().sort((p, q) => p - q)[v.length >> 1];
  return { delayMs: delays.length ? median(delays) : NaN, r: rs.length ? median(rs) : 0,
    spreadMs: delays.length ? Math.max(...delays) - Math.min(...delays) : NaN, blocks: delays.length };
}

// Keeps the band lowHz .. highHz of x (zero-padded FFT, raised-cosine edges `edgeHz`
// wide so the filter does not ring). Used to pick one voice out of a mix when the
// voices live in different bands.
function bandPass(x, lowHz, highHz, edgeHz = 60) {
  let n = 1;
  while (n < x.length) n <<= 1;
  const re = new Float64Array(n), im = new Float64Array(n);
  re.set(x);
  fft(re, im, false);
  const gain = (hz) => {
    if (hz < lowHz - edgeHz || hz > highHz + edgeHz) return 0;
    if (hz < lowHz) return 0.5 - 0.5 * Math.cos(Math.PI * (hz - lowHz + edgeHz) / edgeHz);
    if (hz > highHz) return 0.5 - 0.5 * Math.cos(Math.PI * (highHz + edgeHz - hz) / edgeHz);
    return 1;
  };
  for (let k = 0; k <= n / 2; k++) {
    const g = gain((k * RATE) / n);
    re[k] *= g; im[k] *= g;
    if (k > 0 && k < n / 2) { re[n - k] *= g; im[n - k] *= g; }
  }
  fft(re, im, true);
  return Float32Array.from(re.subarray(0, x.length));
}

function rms(x) {
  return norm(x) / Math.sqrt(Math.max(1, x.length));
}

// Reads a PCM WAV (16-bit integer or 32-bit float, any chunk layout) into
// {sampleRate, channels, samples: Float32Array of the first channel}.
function readWav(file) {
  const buf = fs.readFileSync(file);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${file} is not a RIFF/WAVE file`);
  }
  let fmt = null;
  let data = null;
  for (let off = 12; off + 8 <= buf.length;) {
    const id = buf.toString('ascii', off, off + 4);
    let size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'data' && (size === 0xffffffff || body + size > buf.length)) size = buf.length - body;
    if (id === 'fmt ') {
      fmt = { format: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
      if (fmt.format === 0xfffe && size >= 26) fmt.format = buf.readUInt16LE(body + 24);  // extensible
    } else if (id === 'data') {
      data = buf.subarray(body, body + size);
    }
    off = body + size + (size & 1);
  }
  if (!fmt || !data) throw new Error(`${file}: no fmt or data chunk`);
  const bytes = fmt.bits / 8;
  const frames = Math.floor(data.length / (bytes * fmt.channels));
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    const at = i * bytes * fmt.channels;
    if (fmt.format === 1 && fmt.bits === 16) samples[i] = data.readInt16LE(at) / 32768;
    else if (fmt.format === 3 && fmt.bits === 32) samples[i] = data.readFloatLE(at);
    else throw new Error(`${file}: unsupported WAV format ${fmt.format}, ${fmt.bits} bits`);
  }
  return { sampleRate: fmt.sampleRate, channels: fmt.channels, bits: fmt.bits, format: fmt.format, samples };
}

// ---- clicks -------------------------------------------------------------------------

// A click is a step in the waveform. The second difference x[n] - 2x[n-1] + x[n-2]
// passes a step whole (its height, once) but little of a voice: a sine of amplitude a
// at f comes through as a * (2 sin(pi f / RATE))^2, under 0.22 a below 3.6 kHz. So the
// measure is the largest second difference relative to the loudest sample within 5 ms
// around it: under 0.2 for smooth sound at any level (the test signal: 0.09), near 1 or
// more for a click.
// Returns the largest relative step in x[from, to).
function largestStep(x, from = 0, to = x.length) {
  const half = RATE / 200;
  let most = 0;
  for (let i = Math.max(2, from); i < Math.min(to, x.length); i++) {
    const step = Math.abs(x[i] - 2 * x[i - 1] + x[i - 2]);
    if (step < 1e-3) continue;
    let peak = 0;
    for (let k = Math.max(0, i - half); k < Math.min(x.length, i + half); k++) peak = Math.max(peak, Math.abs(x[k]));
    most = Math.max(most, step / peak);
  }
  return most;
}

// ---- judging a window -------------------------------------------------------------

// Three software-rendered browsers on a 2-core test machine: one moment when the
// machine is starved makes every jitter buffer conceal frames for a stretch, and a
// 6 s window then correlates worse than the product does. `measure(window)` records
// one window and returns its checks as [ok, message] pairs; a window with a failed
// check is printed and measured again, up to `windows` in all. The last window's
// checks come back for the caller to assert, so audio that is missing, from the
// wrong speaker or mangled fails every window and the test.
async function judgeWindows(label, windows, measure) {
  for (let w = 1; ; w++) {
    const checks = await measure(w);
    const failed = checks.filter(([ok]) => !ok).map(([, message]) => message);
    if (!failed.length || w === windows) return checks;
    console.log(`# ${label}: window ${w} of ${windows} failed (${failed.join('; ')}); measuring another`);
  }
}

module.exports = { RATE, LOOP_SECONDS, DECIMATE, makeSignal, writeWav, readWav, decimate, fft,
  crossCorrelate, norm, correlateWithSource, measureDelay, rms, bandPass, judgeWindows,
  largestStep };
