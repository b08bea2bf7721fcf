// Shared by the capture and playback worklets: instantiates the standalone
// salotto-audio.wasm codec module inside the audio thread. Its only imports are four
// WASI functions, which the module never needs to succeed, so they are stubs.
export function instantiateCodec(bytes) {
  const stub = () => 0;
  const wasi = { proc_exit: stub, fd_close: stub, fd_write: stub, fd_seek: stub };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes),
    { wasi_snapshot_preview1: wasi });
  instance.exports._initialize();
  return instance.exports;
}
