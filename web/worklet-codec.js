// Shared by the capture and playback worklets and the audio worker's capture
// (track-capture.js): instantiates the standalone salotto-audio.wasm codec module
// (its only imports are four WASI functions, which the module never needs to succeed,
// so they are stubs), and fills test taps.
export function instantiateCodec(bytes) {
  const stub = () => 0;
  const wasi = { proc_exit: stub, fd_close: stub, fd_write: stub, fd_seek: stub };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes),
    { wasi_snapshot_preview1: wasi });
  instance.exports._initialize();
  return instance.exports;
}

// A test tap for `seconds` of audio at `rate`: filled by fillTap, then handed over.
export function newTap(seconds, rate) {
  return { samples: new Float32Array(Math.round(seconds * rate)), filled: 0, start: -1 };
}

// Appends what fits of one block to a tap; true once the tap is full.
export function fillTap(tap, block) {
  const n = Math.min(block.length, tap.samples.length - tap.filled);
  tap.samples.set(block.subarray(0, n), tap.filled);
  tap.filled += n;
  return tap.filled === tap.samples.length;
}

// Appends one block to processor.tap and, once full, transfers the samples to the
// page with the audio clock time of the first one.
export function recordTap(processor, block) {
  const t = processor.tap;
  if (t.start < 0) t.start = currentTime;
  if (fillTap(t, block)) {
    processor.port.postMessage({ type: 'tap', samples: t.samples, start: t.start }, [t.samples.buffer]);
    processor.tap = null;
  }
}
