// Shared by the capture and playback worklets: instantiates the standalone
// salotto-audio.wasm codec module inside the audio thread (its only imports are four
// WASI functions, which the module never needs to succeed, so they are stubs), and
// fills a processor's test tap.
export function instantiateCodec(bytes) {
  const stub = () => 0;
  const wasi = { proc_exit: stub, fd_close: stub, fd_write: stub, fd_seek: stub };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes),
    { wasi_snapshot_preview1: wasi });
  instance.exports._initialize();
  return instance.exports;
}

// Appends one block to processor.tap ({samples, filled, start}) and, once full,
// transfers the samples to the page with the audio clock time of the first one.
export function recordTap(processor, block) {
  const t = processor.tap;
  if (t.start < 0) t.start = currentTime;
  const n = Math.min(block.length, t.samples.length - t.filled);
  t.samples.set(block.subarray(0, n), t.filled);
  t.filled += n;
  if (t.filled === t.samples.length) {
    processor.port.postMessage({ type: 'tap', samples: t.samples, start: t.start }, [t.samples.buffer]);
    processor.tap = null;
  }
}
