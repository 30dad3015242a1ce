// Shared by the end-to-end tests: one headless Chromium, pages that record console errors and foreign requests.
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.E2E_URL ?? 'http://127.0.0.1:4329/';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium's built-in test camera (a moving pattern), permission granted without asking. */
const FAKE_CAMERA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/**
 * Launch Chromium; `webgpu: true` adds the flag that gives a (SwiftShader) WebGPU adapter, `fakeCamera: true` a
 * camera that getUserMedia may use.
 */
export function launch({ webgpu = false, fakeCamera = false } = {}) {
  const args = [...CHROMIUM_ARGS, ...(webgpu ? ['--enable-unsafe-webgpu'] : []), ...(fakeCamera ? FAKE_CAMERA_ARGS : [])];
  return chromium.launch({ executablePath, headless: true, args });
}

/** Absolute URL of a site path ('lessons/resnet-50/'), under the base path. */
export function siteUrl(path = '') {
  return new URL(path.replace(/^\//, ''), BASE_URL).href;
}

/**
 * A new page that records console errors, uncaught exceptions and requests to any other origin.
 * `page.problems()` lists them; tests assert it is empty. `prepare(context)` runs before the page opens.
 */
export async function openPage(browser, path, { viewport, prepare } = {}) {
  const context = await browser.newContext({ viewport: viewport ?? { width: 1280, height: 900 } });
  await prepare?.(context); // e.g. routes and init scripts that must be in place before the page loads
  const page = await context.newPage();
  const origin = new URL(BASE_URL).origin;
  const errors = [];
  const foreign = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`exception: ${err.message}`));
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  await page.goto(siteUrl(path), { waitUntil: 'load' });
  page.problems = () => [...errors, ...foreign.map((u) => `request to another origin: ${u}`)];
  page.closeAll = () => context.close();
  return page;
}
