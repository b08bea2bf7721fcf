// The acoustic bench's signal side (bench/acoustic/README.md): the click train played
// into A's virtual microphone, and the analysis of the stereo recording (left: the
// clicks as they entered A's microphone, right: B's speaker) into one mouth-to-ear
// delay per click.
'use strict';

const RATE = 48000;
const CLICK_MS = 10; // long enough to survive Opus and the noise suppressor, short next to the gaps
const QUIET_MS = 150; // an onset needs this much quiet before it (the gaps are 250-400 ms)

// A deterministic pseudo-random generator, so every run plays the same train.
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// `seconds` of mono s16le at 48 kHz: clicks at gaps drawn uniformly from 250-400 ms,
// after 500 ms of silence. A click is 10 ms of white noise, a fresh draw each time,
// rising in 0.5 ms and decaying over the rest, at most half scale. The gaps are
// irregular so that an onset on B's side matches one click only, even when the delay
// is longer than a gap; the noise differs from click to click so that an echo
// canceller that hears its own output (the page floor) cannot take one click for the
// echo of the one before, as it does with identical tone bursts.
function clickTrain(seconds, seed = 11) {
  const n = Math.round(seconds * RATE);
  const pcm = Buffer.alloc(n * 2);
  const rand = lcg(seed);
  const len = Math.round((CLICK_MS / 1000) * RATE);
  const rise = Math.round(0.0005 * RATE);
  let clicks = 0;
  for (let at = Math.round(0.5 * RATE); at + len < n; at += Math.round((0.25 + 0.15 * rand()) * RATE)) {
    for (let i = 0; i < len; i++) {
      const envelope = i < rise ? i / rise : Math.exp((-5 * (i - rise)) / len);
      const v = 0.5 * envelope * (2 * rand() - 1);
      pcm.writeInt16LE(Math.round(v * 32767), (at + i) * 2);
    }
    clicks++;
  }
  return { pcm, clicks };
}

// Splits interleaved stereo s16le into two Float32Arrays.
function deinterleave(buf) {
  const frames = Math.floor(buf.length / 4);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = buf.readInt16LE(i * 4) / 32768;
    right[i] = buf.readInt16LE(i * 4 + 2) / 32768;
  }
  return { left, right };
}

// Sample indices where |x| first exceeds a threshold after QUIET_MS below it. The
// threshold is a quarter of the channel's loudest sample, so a listener's level
// (gain control, noise suppression, the mixer) does not matter; never below 0.01
// so that codec noise in a silent channel finds nothing.
function onsets(x) {
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  const threshold = Math.max(0.01, peak / 4);
  const quiet = Math.round((QUIET_MS / 1000) * RATE);
  const out = [];
  let last = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]) > threshold) {
      if (i - last > quiet) out.push(i);
      last = i;
    }
  }
  return out;
}

// Pairs B's onsets with A's clicks. Delays can exceed a gap, so "the latest click
// before" is not enough. Audio comes out in order, so the pairs form one increasing
// alignment of clicks to onsets; the chosen one minimises the change of delay from
// pair to pair plus SKIP_MS for every click not heard and every onset that is no
// click (a spurious one). The gaps are irregular, so an alignment shifted by a click
// changes its delay by the difference of two gaps at every step and loses to the true
// one, whose delay changes only as fast as the path's buffers do. Returns delays in ms.
const SKIP_MS = 100;
const MAX_DELAY_MS = 1000;
const MAX_STEP = 8; // clicks or onsets skipped between two pairs, at most

function pairDelays(clicks, heard) {
  const ms = (samples) => (samples / RATE) * 1000;
  const pairs = []; // candidate pairs in (onset, click) order
  for (let j = 0; j < heard.length; j++) {
    for (let i = 0; i < clicks.length; i++) {
      const d = ms(heard[j] - clicks[i]);
      if (d >= 0 && d < MAX_DELAY_MS) pairs.push({ i, j, d, cost: 0, prev: -1 });
    }
  }
  if (pairs.length === 0) return [];
  for (let k = 0; k < pairs.length; k++) {
    const p = pairs[k];
    p.cost = SKIP_MS * (p.i + p.j); // everything before it skipped
    for (let q = k - 1; q >= 0; q--) {
      const o = pairs[q];
      if (p.j - o.j > MAX_STEP) break;
      if (o.j >= p.j || o.i >= p.i || p.i - o.i > MAX_STEP) continue;
      const c = o.cost + Math.abs(p.d - o.d) + SKIP_MS * (p.i - o.i - 1 + p.j - o.j - 1);
      if (c < p.cost) {
        p.cost = c;
        p.prev = q;
      }
    }
  }
  let best = -1;
  let bestCost = Infinity;
  for (let k = 0; k < pairs.length; k++) {
    const p = pairs[k];
    const c = p.cost + SKIP_MS * (clicks.length - 1 - p.i + heard.length - 1 - p.j);
    if (c < bestCost) {
      bestCost = c;
      best = k;
    }
  }
  const delays = [];
  for (let k = best; k >= 0; k = pairs[k].prev) delays.push(pairs[k].d);
  return delays.reverse();
}

// The delays of one recording, sorted, with how many clicks were played and heard.
function analyse(recording) {
  const { left, right } = deinterleave(recording);
  const clicks = onsets(left);
  const heard = onsets(right);
  const delays = pairDelays(clicks, heard).sort((a, b) => a - b);
  return { clicks: clicks.length, heard: heard.length, delays };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

module.exports = { RATE, clickTrain, analyse, percentile };
