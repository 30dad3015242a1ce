// Faults injected from the test, into the real production worker: the GPU goes away as a reset or a driver crash
// would make it, through the browser's own APIs (WEBGL_lose_context, GPUDevice.destroy()). Nothing in the site
// knows about it. The worker scripts are served with a prelude (page.route), because init scripts do not run in
// workers; the page's Worker constructor is wrapped so the test can reach the workers it started.

/** Runs first in every worker script: records WebGL contexts and WebGPU devices, and loses them when told. */
const prelude = ({ loseDeviceAtStart }) => `;(() => {
  const contexts = [];
  const devices = [];
  let loseAtStart = ${JSON.stringify(loseDeviceAtStart)};
  const lose = () => {
    for (const gl of contexts) if (!gl.isContextLost()) gl.getExtension('WEBGL_lose_context')?.loseContext();
    for (const device of devices.splice(0)) device.destroy();
  };
  if (typeof OffscreenCanvas !== 'undefined') {
    const getContext = OffscreenCanvas.prototype.getContext;
    OffscreenCanvas.prototype.getContext = function (type, ...rest) {
      const ctx = getContext.call(this, type, ...rest);
      if (ctx && String(type).startsWith('webgl')) contexts.push(ctx);
      return ctx;
    };
  }
  const gpu = self.navigator.gpu;
  if (gpu) {
    const requestAdapter = gpu.requestAdapter.bind(gpu);
    gpu.requestAdapter = async (...args) => {
      const adapter = await requestAdapter(...args);
      if (adapter) {
        const requestDevice = adapter.requestDevice.bind(adapter);
        adapter.requestDevice = async (...a) => {
          const device = await requestDevice(...a);
          devices.push(device);
          return device;
        };
      }
      return adapter;
    };
  }
  // "At start": the device is lost right after the backend was chosen, when the worker first fetches (its data),
  // before any training step: a step on a software WebGPU can hold the worker for minutes, deaf to messages.
  const realFetch = self.fetch.bind(self);
  self.fetch = (...args) => {
    if (loseAtStart && devices.length) {
      loseAtStart = false;
      lose();
    }
    return realFetch(...args);
  };
  self.addEventListener('message', (e) => {
    if (e.data && e.data.fault === 'lose-gpu') lose();
  });
})();
`;

/**
 * Prepares a browser context (before its page loads): worker scripts get the prelude, and `loseGpu(page)` makes every
 * worker of the page lose its GPU now. `loseDeviceAtStart`: a WebGPU device is destroyed as soon as it is chosen.
 */
export async function injectGpuFaults(context, { loseDeviceAtStart = false } = {}) {
  await context.addInitScript(() => {
    // The site's service worker would answer worker scripts from its precache, which routes never see: this page
    // runs as in a browser without service workers (the site registers none then).
    delete Navigator.prototype.serviceWorker;
    const Native = window.Worker;
    window.__workers = [];
    window.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        window.__workers.push(this);
      }
    };
  });
  await context.route(/\/worker[-.][\w-]*\.js(\?.*)?$/, async (route) => {
    const response = await route.fetch();
    const body = prelude({ loseDeviceAtStart }) + (await response.text());
    await route.fulfill({ response, body });
  });
}

/** Every worker of the page loses its WebGL context or WebGPU device now (see injectGpuFaults). */
export const loseGpu = (page) => page.evaluate(() => window.__workers.forEach((w) => w.postMessage({ fault: 'lose-gpu' })));
