// The acoustic bench's reference pages (bench/acoustic/README.md): the page floor and a
// plain WebRTC call, called by run.js through page.evaluate. A separate file because
// the server's Content-Security-Policy allows no inline script.
'use strict';
let ctx = null;
let pc = null;
let player = null;

// The browser's default microphone processing (echo cancellation, noise
// suppression, gain control), as a page that asks for `audio: true` gets.
async function microphone() {
  return navigator.mediaDevices.getUserMedia({ audio: true });
}

// `audio`: the getUserMedia audio constraints; true for the browser's defaults.
// `salottoContext`: the AudioContext options Salotto's engine uses, else the defaults.
async function floor(audio, salottoContext) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio });
  ctx = new AudioContext(salottoContext ? window.salottoAudio.contextOptions : {});
  ctx.createMediaStreamSource(stream).connect(ctx.destination);
  await ctx.resume();
  return { sampleRate: ctx.sampleRate, baseLatency: ctx.baseLatency, outputLatency: ctx.outputLatency,
    options: salottoContext ? window.salottoAudio.contextOptions : {} };
}

// Both ends send their microphone, as in a call; the remote track plays through an
// <audio> element, which is how a WebRTC page makes it heard.
async function callSetUp() {
  const stream = await microphone();
  pc = new RTCPeerConnection();
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  pc.ontrack = (e) => {
    player = new Audio();
    player.srcObject = e.streams[0];
    player.play();
  };
}

// Descriptions go whole (no trickle): wait for candidate gathering to finish.
function gathered() {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') resolve();
    });
  });
}

async function callOffer() {
  await callSetUp();
  await pc.setLocalDescription(await pc.createOffer());
  await gathered();
  return { type: pc.localDescription.type, sdp: pc.localDescription.sdp };
}

async function callAnswer(offer) {
  await callSetUp();
  await pc.setRemoteDescription(offer);
  await pc.setLocalDescription(await pc.createAnswer());
  await gathered();
  return { type: pc.localDescription.type, sdp: pc.localDescription.sdp };
}

async function callAccept(answer) {
  await pc.setRemoteDescription(answer);
}

// Connected and the remote audio playing.
function callState() {
  return { connection: pc && pc.connectionState, playing: !!player && !player.paused };
}

// The price of a frame in this browser: a WebGL2 canvas the size of the page, cleared
// `fps` times a second and nothing else (the Salotto client draws into the same kind
// of canvas). Returns the frame counter's getter.
function clearFrames(fps) {
  const canvas = document.createElement('canvas');
  canvas.width = innerWidth;
  canvas.height = innerHeight;
  canvas.style = 'position:fixed;inset:0';
  document.body.append(canvas);
  const gl = canvas.getContext('webgl2', { alpha: false, antialias: false });
  window.framesCleared = 0;
  setInterval(() => requestAnimationFrame(() => {
    gl.clearColor((window.framesCleared % 10) / 10, 0.5, 0.5, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    window.framesCleared++;
  }), 1000 / fps);
}
