// Starts the real salotto-server on a fresh SQLite database in a temporary folder
// (or on a given one), waits for it to listen, reads the bootstrap invite, and stops
// it again (SIGTERM) or kills it (SIGKILL, for the crash-safety test).
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { paths, artifactPath } = require('./paths');

const START_TIMEOUT_MS = 15000;
const STOP_TIMEOUT_MS = 10000;

const LISTENING_RE = /Salotto is listening on (http:\/\/([^\s/]+):(\d+)\/)/;
// The contract: "First invite code: CODE" on its own line.
const INVITE_RE = /(?:^|\n)[ \t]*First invite code: (\S+)[ \t]*\r?\n/;

class ServerProcess {
  constructor(name, proc, dir) {
    this.name = name;
    this.proc = proc;
    this.dir = dir;
    this.output = '';
    this.exit = null; // {code, signal} once exited
    this.stopping = false;
    this.logPath = artifactPath(`server-${name}.log`);
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    const append = (chunk) => {
      this.output += chunk.toString('utf8');
    };
    proc.stdout.on('data', append);
    proc.stderr.on('data', append);
  }

  get httpUrl() { return this.url; }
  get wsUrl() { return this.url.replace(/^http/, 'ws') + 'ws'; }

  // Tail of the server's output for failure messages.
  tail(lines = 40) {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  // Throws when the server died while a test was still using it.
  assertAlive() {
    if (this.exit && !this.stopping) {
      throw new Error(`salotto-server exited unexpectedly (${describeExit(this.exit)}). Output:\n${this.tail()}`);
    }
  }

  async waitForOutput(re, what, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.output);
      if (m) return m;
      if (this.exit) {
        throw new Error(`salotto-server exited (${describeExit(this.exit)}) before printing ${what}. Output:\n${this.tail()}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`salotto-server did not print ${what} within ${timeoutMs} ms. Output so far:\n${this.tail()}`);
      }
      await sleep(50);
    }
  }

  // SIGKILL, as a crash would; the database stays where it is.
  async kill() {
    try {
      if (!this.exit) {
        this.stopping = true;
        this.proc.kill('SIGKILL');
        await this.exited;
      }
      return this.exit;
    } finally {
      try { fs.writeFileSync(this.logPath, this.output); } catch { /* best effort */ }
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  // SIGTERM, then check it exits cleanly (exit code 0, or terminated by SIGTERM itself).
  async stop() {
    try {
      if (this.exit) {
        if (!this.stopping) {
          throw new Error(`salotto-server had already exited (${describeExit(this.exit)}) before stop(). Output:\n${this.tail()}`);
        }
        return this.exit;
      }
      this.stopping = true;
      this.proc.kill('SIGTERM');
      let timer;
      const result = await Promise.race([
        this.exited,
        new Promise((resolve) => { timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS); }),
      ]);
      clearTimeout(timer);
      if (!result) {
        this.proc.kill('SIGKILL');
        await this.exited;
        throw new Error(`salotto-server did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM (killed). Output:\n${this.tail()}`);
      }
      const clean = result.code === 0 || (result.code === null && result.signal === 'SIGTERM');
      if (!clean) {
        throw new Error(`salotto-server did not stop cleanly on SIGTERM (${describeExit(result)}). Output:\n${this.tail()}`);
      }
      return result;
    } finally {
      try { fs.writeFileSync(this.logPath, this.output); } catch { /* best effort */ }
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

function describeExit(exit) {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// Starts a server. `name` labels its log in artifacts/. Resolves to a ServerProcess
// with .url (http://host:port/), .wsUrl, .invite (bootstrap invite code), .dir.
// `db`: an existing database file to use (no bootstrap invite is then expected).
// `www`: another web root. `prefix`: a command the server runs under, e.g. ['prlimit', '--nofile=64:64', '--'].
async function startServer(name = 'server', { extraArgs = [], env = {}, db: givenDb = null, prefix = [], www = paths.www, port = 0 } = {}) {
  if (!fs.existsSync(paths.server)) {
    throw new Error(`salotto-server binary not found at ${paths.server} (build it with scripts/build, or set SALOTTO_SERVER)`);
  }
  if (!fs.existsSync(path.join(www, 'index.html'))) {
    // Not fatal for protocol-only tests, but worth saying.
    process.stderr.write(`warning: ${www}/index.html does not exist (set SALOTTO_WWW?)\n`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salotto-e2e-'));
  const db = givenDb || path.join(dir, 'salotto.db');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--db', db, '--www', www, ...extraArgs];
  const command = prefix.length ? prefix[0] : paths.server;
  const commandArgs = prefix.length ? [...prefix.slice(1), paths.server, ...args] : args;
  const proc = spawn(command, commandArgs, {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = new ServerProcess(name, proc, dir);
  proc.on('error', (err) => { server.output += `\n[spawn error] ${err.message}\n`; });
  try {
    const m = await server.waitForOutput(LISTENING_RE, '"Salotto is listening on http://HOST:PORT/"', START_TIMEOUT_MS);
    server.url = m[1];
    server.host = m[2];
    server.port = Number(m[3]);
    if (!(server.port > 0)) throw new Error(`server printed a bad port: ${m[0]}`);
    if (!givenDb) {
      const inv = await server.waitForOutput(INVITE_RE, '"First invite code: CODE" on its own line', 5000);
      server.invite = inv[1];
    }
    server.args = args;
    return server;
  } catch (err) {
    if (!server.exit) {
      server.stopping = true;
      proc.kill('SIGKILL');
      await server.exited;
    }
    try { fs.writeFileSync(server.logPath, server.output); } catch { /* best effort */ }
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

module.exports = { startServer, sleep };
