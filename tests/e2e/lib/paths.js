// Where things are. Every path can be overridden by an environment variable.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const repoRoot = path.resolve(__dirname, '..', '..', '..');

const paths = {
  repoRoot,
  server: process.env.SALOTTO_SERVER || path.join(repoRoot, 'build/native/src/server/salotto-server'),
  bot: process.env.SALOTTO_BOT || path.join(repoRoot, 'build/native/src/tools/salotto-bot'),
  www: process.env.SALOTTO_WWW || path.join(repoRoot, 'build/www'),
  chromium: process.env.SALOTTO_CHROMIUM || '/usr/bin/chromium',
  artifacts: process.env.SALOTTO_ARTIFACTS || path.join(repoRoot, 'tests/e2e/artifacts'),
};

function artifactPath(name) {
  fs.mkdirSync(paths.artifacts, { recursive: true });
  return path.join(paths.artifacts, name);
}

module.exports = { paths, artifactPath };
