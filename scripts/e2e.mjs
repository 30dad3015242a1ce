#!/usr/bin/env node
// End-to-end tests: build the site (unless E2E_SKIP_BUILD=1), serve it with `astro preview` under BASE_PATH,
// and run tests/e2e/*.test.mjs with Node's test runner against it in headless Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const port = Number(process.env.E2E_PORT ?? 4329);
const base = process.env.BASE_PATH || '/';
const env = { ...process.env, BASE_PATH: base };

if (process.env.E2E_SKIP_BUILD !== '1') {
  const build = spawnSync('npx', ['astro', 'build'], { stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn('npx', ['astro', 'preview', '--port', String(port), '--host', '127.0.0.1'], {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
});
server.stdout.on('data', () => {}); // drain
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));

const url = `http://127.0.0.1:${port}${base}`;
let up = false;
for (let i = 0; i < 120 && !up; i++) {
  try {
    up = (await fetch(url)).ok;
  } catch {
    await sleep(500);
  }
}
if (!up) {
  console.error(`e2e: the preview server did not answer at ${url}`);
  process.exit(1);
}

const only = process.argv.slice(2);
const files = (only.length ? only : readdirSync('tests/e2e').filter((f) => f.endsWith('.test.mjs')).map((f) => `tests/e2e/${f}`)).sort();
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...env, E2E_URL: url },
});
stop();
process.exit(run.status ?? 1);
