// The audio network worker: owns a second WebSocket to /ws used only for audio
// (docs/audio.md). It signs in with the session token (hello -> resume ->
// start_audio), sends upstream frames, hands downstream batches to the playback
// worklet, and measures the round trip with ping/pong. Where the browser has
// MediaStreamTrackProcessor, the microphone's chunks come here straight from the
// capture thread and are encoded here (web/track-capture.js); elsewhere the capture
// worklet encodes and posts its frames. Being a worker, it keeps going while the
// page's main thread is busy or hidden.
import { TrackCapture } from './track-capture.js';

const PING_EVERY_MS = 2000;
const REPORT_EVERY_MS = 1000;
// Frames queue in the socket when the network stalls; past this, newer audio is
// worth more than older, so upstream frames are dropped instead.
const MAX_BUFFERED_BYTES = 32 * 1024;
const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 10000;

let config = null;     // {url, token, client}
let socket = null;
let started = false;   // the server answered start_audio
let stopping = false;
let retryMs = FIRST_RETRY_MS;
let pingSentAt = 0;
let rttMs = -1;
const counts = { sent: 0, dropped: 0, refused: 0, received: 0, bytesUp: 0, bytesDown: 0 };
const AUDIO_REFUSALS = new Set(['muted', 'not_on_stage']);
let capturePort = null;   // the capture worklet's frames, where it encodes
let trackCapture = null;  // the microphone's chunks encoded here, where the browser allows
let playbackPort = null;

function post(message, transfer = []) { self.postMessage(message, transfer); }

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function connect() {
  socket = new WebSocket(config.url);
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    retryMs = FIRST_RETRY_MS;
    send({ t: 'hello', v: 1, client: config.client });
  };
  socket.onmessage = (e) => {
    if (typeof e.data !== 'string') {
      counts.received++;
      counts.bytesDown += e.data.byteLength;
      if (playbackPort) playbackPort.postMessage(e.data, [e.data]);
      return;
    }
    onText(JSON.parse(e.data));
  };
  socket.onclose = () => {
    socket = null;
    if (started) post({ type: 'net', state: 'reconnecting' });
    started = false;
    if (stopping) return;
    setTimeout(connect, retryMs * (0.75 + 0.5 * Math.random()));
    retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
  };
}

function onText(m) {
  switch (m.t) {
    case 'welcome': send({ t: 'resume', token: config.token }); break;
    case 'session': send({ t: 'start_audio' }); break;
    case 'audio_started': started = true; post({ type: 'net', state: 'started' }); break;
    case 'audio_stopped': started = false; post({ type: 'net', state: 'stopped' }); break;
    case 'pong': if (pingSentAt) { rttMs = performance.now() - pingSentAt; pingSentAt = 0; } break;
    case 'error':
      // Frames already on their way when the user muted or left the stage are
      // refused; that is expected, not news for the user.
      if (AUDIO_REFUSALS.has(m.code)) counts.refused++;
      else post({ type: 'error', code: m.code, message: m.message, in: m.in });
      break;
    default: break; // room and hallway events belong to the main connection
  }
}

function sendUpstream(frame) {
  if (!started || !socket || socket.readyState !== WebSocket.OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) { counts.dropped++; return; }
  socket.send(frame);
  counts.sent++;
  counts.bytesUp += frame.byteLength;
}

setInterval(() => {
  if (!started) return;
  // One ping in flight at a time, so each pong answers the ping it timed.
  if (!pingSentAt) { pingSentAt = performance.now(); send({ t: 'ping' }); }
}, PING_EVERY_MS);

setInterval(() => {
  post({ type: 'net', state: started ? 'started' : 'connecting', rtt_ms: Math.round(rttMs),
    buffered: socket ? socket.bufferedAmount : 0, ...counts });
}, REPORT_EVERY_MS);

self.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'start') {
    config = m;
    playbackPort = m.playback;
    connect();
  } else if (m.type === 'capture') {
    if (capturePort) capturePort.close(); // the previous stage visit's capture
    capturePort = m.port;
    capturePort.onmessage = (e) => sendUpstream(e.data);
  } else if (m.type === 'track') {
    // A microphone track's chunks; a new track (another device) keeps the encoder.
    if (!trackCapture) trackCapture = new TrackCapture(config.codec, m.frameMs, m.bitrate, sendUpstream, post);
    trackCapture.read(m.readable);
  } else if (m.type === 'track_stop') {
    if (trackCapture) trackCapture.stop();
    trackCapture = null;
  } else if (m.type === 'track_control') {
    if (trackCapture) trackCapture.control(m);
  } else if (m.type === 'stop') {
    stopping = true;
    if (trackCapture) trackCapture.stop();
    send({ t: 'stop_audio' });
    if (socket) socket.close(1000, 'bye');
    self.close();
  }
};
