// A tiny PNG decoder (8-bit greyscale/RGB/RGBA, non-interlaced: what Chromium's
// screenshots produce) and a "this picture is not blank" check.
'use strict';
const zlib = require('node:zlib');

function decodePng(buf) {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(sig)) throw new Error('not a PNG');
  let off = 8;
  let width = 0, height = 0, bitDepth = 0, colorType = 0, interlace = 0;
  const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    off += 12 + len;
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8];
      colorType = data[9];
      interlace = data[12];
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType];
  if (bitDepth !== 8 || !channels || interlace !== 0) {
    throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}`);
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = out.subarray(y * stride, (y + 1) * stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels] : 0;
      const b = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      let v = line[i];
      switch (filter) {
        case 0: break;
        case 1: v += a; break;
        case 2: v += b; break;
        case 3: v += (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter ${filter}`);
      }
      cur[i] = v & 0xff;
    }
    prev = cur;
  }
  return { width, height, channels, pixels: out };
}

// Colour statistics of a PNG: number of distinct RGB colours and the share of the
// most common one.
function pngStats(buf) {
  const { width, height, channels, pixels } = decodePng(buf);
  const counts = new Map();
  for (let i = 0; i < pixels.length; i += channels) {
    const key = channels >= 3 ? (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2] : pixels[i];
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  let top = 0;
  for (const n of counts.values()) if (n > top) top = n;
  return { width, height, distinct: counts.size, dominantShare: top / (width * height) };
}

// Throws unless the picture shows something: more than `minColours` distinct colours
// (anti-aliased text alone gives dozens) and no single colour covering more than
// `maxDominant` of the pixels.
function assertNotBlank(buf, label, { minColours = 12, maxDominant = 0.995 } = {}) {
  const s = pngStats(buf);
  if (s.distinct <= minColours || s.dominantShare > maxDominant) {
    throw new Error(`screenshot "${label}" looks blank: ${s.width}x${s.height}, ${s.distinct} distinct colours, ` +
      `most common colour covers ${(s.dominantShare * 100).toFixed(2)}% (need > ${minColours} colours and <= ${maxDominant * 100}%)`);
  }
  return s;
}

module.exports = { decodePng, pngStats, assertNotBlank };
