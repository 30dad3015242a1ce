import * as tf from '@tensorflow/tfjs-core';
import { registerWasmGradientKernels } from './wasm-kernels';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** The order we try backends in: fastest first where they exist. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * The order to try for the reader's request (`?backend=wasm`): the backend asked for first, the others after it as
 * fallbacks, and GPU emulation allowed for that one only (see `allowSoftware`). Anything not a backend name is ignored.
 */
export function backendPlan(requested: string | null | undefined): { order: BackendName[]; allowSoftware: BackendName[] } {
  const chosen = BACKEND_ORDER.find((name) => name === requested);
  if (!chosen) return { order: [...BACKEND_ORDER], allowSoftware: [] };
  return { order: [chosen, ...BACKEND_ORDER.filter((name) => name !== chosen)], allowSoftware: [chosen] };
}

export interface BackendAttempt {
  name: BackendName;
  outcome: 'chosen' | 'skipped' | 'failed' | 'not tried';
  /** One sentence a reader can understand, shown by the UI. */
  reason: string;
}

export interface BackendReport {
  chosen: BackendName;
  attempts: BackendAttempt[];
  /** wasm only: worker threads in use (1 unless the page is cross-origin isolated). */
  threads?: number;
}

export interface SelectOptions {
  /** Try only these, in this order (default: all, WebGPU → WebGL → wasm → cpu). */
  order?: readonly BackendName[];
  /**
   * GPU backends to use even when the "GPU" is emulated on the CPU (SwiftShader, llvmpipe), as on machines without
   * a graphics card. By default those are skipped: wasm is several times faster there. Pass the reader's own
   * choice (`?backend=webgl`) here, so an explicit request is honoured.
   */
  allowSoftware?: readonly BackendName[];
  /** Browser only: where the three .wasm binaries are served (Vite `?url` imports), keyed by file name. */
  wasmPaths?: Record<string, string>;
  /** wasm worker threads (default: every logical core, where the page is cross-origin isolated). */
  wasmThreads?: number;
}

let gradientsRegistered = false;

/** tfjs-core ships its gradient functions separately; training needs them. Idempotent. */
export async function registerGradients(): Promise<void> {
  if (gradientsRegistered) return;
  await import('@tensorflow/tfjs-core/dist/register_all_gradients');
  gradientsRegistered = true;
}

type Probe = () => Promise<string | null>;

function hasNavigatorGpu(): boolean {
  return typeof navigator !== 'undefined' && 'gpu' in navigator && Boolean((navigator as { gpu?: unknown }).gpu);
}

/** Each probe loads a backend's code and returns null when it can run, or why it cannot. */
const PROBES: Record<BackendName, (opts: SelectOptions) => Probe> = {
  webgpu: (opts) => async () => {
    if (!hasNavigatorGpu()) return 'this browser has no WebGPU (navigator.gpu is missing)';
    const gpu = (navigator as unknown as { gpu: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'WebGPU is present but offered no adapter (disabled or unsupported GPU)';
    const emulated = softwareWebGpu(adapter);
    if (emulated && !opts.allowSoftware?.includes('webgpu')) return softwareReason('WebGPU', emulated);
    await import('@tensorflow/tfjs-backend-webgpu');
    return null;
  },
  webgl: (opts) => async () => {
    if (typeof document === 'undefined' && typeof OffscreenCanvas === 'undefined') return 'no canvas here (not a browser)';
    const emulated = softwareWebGl();
    if (emulated && !opts.allowSoftware?.includes('webgl')) return softwareReason('WebGL', emulated);
    await import('@tensorflow/tfjs-backend-webgl');
    return null;
  },
  wasm: (opts) => async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (opts.wasmPaths) wasm.setWasmPaths(opts.wasmPaths);
    const threads = wantedWasmThreads(opts);
    if (threads > 1) wasm.setThreadsCount(threads);
    return null;
  },
  cpu: () => async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    return null;
  },
};

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

const softwareReason = (api: string, renderer: string) =>
  `${api} here is emulated on the CPU (${renderer}), which is slower than WebAssembly; choose it explicitly to use it anyway`;

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** The adapter's name when WebGPU runs in software (Chrome's SwiftShader fallback), else null. */
function softwareWebGpu(adapter: GpuAdapterLike): string | null {
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
  if (SOFTWARE_RENDERER.test(name)) return name;
  return info.isFallbackAdapter || adapter.isFallbackAdapter ? name || 'a fallback adapter' : null;
}

/** The renderer's name when WebGL draws in software, else null (also null when WebGL is missing: tfjs says why). */
function softwareWebGl(): string | null {
  try {
    const canvas: HTMLCanvasElement | OffscreenCanvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext(); // give the context back; tfjs makes its own
    return SOFTWARE_RENDERER.test(renderer) ? renderer : null;
  } catch {
    return null;
  }
}

/** Runs a tiny matrix product and checks the answer: some drivers initialise but compute garbage. */
async function sanityCheck(): Promise<string | null> {
  const y = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])));
  const got = Array.from(await y.data());
  y.dispose();
  const want = [19, 22, 43, 50];
  return got.every((v, i) => Math.abs(v - want[i]!) < 1e-3) ? null : `a test product gave ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
}

/**
 * Picks the first backend that loads, initialises and computes correctly, recording why each other one was skipped
 * or failed. Also registers gradients and, for wasm, the project's own Conv2D gradient kernels.
 */
export async function selectBackend(opts: SelectOptions = {}): Promise<BackendReport> {
  await registerGradients();
  const order = opts.order ?? BACKEND_ORDER;
  if (order.length === 0) throw new Error('selectBackend: the backend order is empty');
  const attempts: BackendAttempt[] = [];
  for (const name of BACKEND_ORDER) {
    if (!order.includes(name)) attempts.push({ name, outcome: 'not tried', reason: 'excluded by the requested backend order' });
  }
  for (const name of order) {
    if (attempts.some((a) => a.outcome === 'chosen')) {
      attempts.push({ name, outcome: 'not tried', reason: 'an earlier backend was chosen' });
      continue;
    }
    try {
      const why = await PROBES[name](opts)();
      if (why) {
        attempts.push({ name, outcome: 'skipped', reason: why });
        continue;
      }
      const ok = name === 'wasm' ? await withWasmThreadCap(wantedWasmThreads(opts), () => tf.setBackend(name)) : await tf.setBackend(name);
      if (!ok) {
        attempts.push({ name, outcome: 'failed', reason: 'tfjs could not initialise it' });
        continue;
      }
      await tf.ready();
      const wrong = await sanityCheck();
      if (wrong) {
        attempts.push({ name, outcome: 'failed', reason: wrong });
        continue;
      }
      if (name === 'wasm') registerWasmGradientKernels();
      attempts.push({ name, outcome: 'chosen', reason: reasonChosen(name) });
    } catch (err) {
      attempts.push({ name, outcome: 'failed', reason: err instanceof Error ? err.message : String(err) });
    }
  }
  const chosen = attempts.find((a) => a.outcome === 'chosen');
  if (!chosen) throw new Error(`No TensorFlow.js backend works here: ${attempts.map((a) => `${a.name}: ${a.reason}`).join('; ')}`);
  attempts.sort((a, b) => BACKEND_ORDER.indexOf(a.name) - BACKEND_ORDER.indexOf(b.name));
  const report: BackendReport = { chosen: chosen.name, attempts };
  if (chosen.name === 'wasm') report.threads = await wasmThreads();
  return report;
}

function reasonChosen(name: BackendName): string {
  switch (name) {
    case 'webgpu':
      return 'WebGPU is available and computes correctly';
    case 'webgl':
      return 'WebGL is available and computes correctly';
    case 'wasm':
      return 'WebAssembly runs on the CPU with SIMD';
    case 'cpu':
      return 'plain JavaScript, the slowest but always available';
  }
}

/** Threads worth asking for: every logical core, but only where threads can exist (a cross-origin isolated page). */
function wantedWasmThreads(opts: SelectOptions): number {
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  const cores = typeof navigator !== 'undefined' ? (navigator.hardwareConcurrency ?? 1) : 1;
  return isolated ? Math.max(1, opts.wasmThreads ?? cores) : 1;
}

/**
 * tfjs-backend-wasm 4.22's C++ caps its thread pool at navigator.hardwareConcurrency / 2 (it assumes two hardware
 * threads per core), so a 2-core machine gets 1 thread whatever setThreadsCount asks. The cap is read once, while
 * the wasm module starts inside setBackend; we report `threads` cores for that moment only, then restore the real
 * value. Without this, `getThreadsCount()` stays 1 on 2 cores (tfjs issue 8513).
 */
async function withWasmThreadCap<T>(threads: number, start: () => Promise<T>): Promise<T> {
  if (threads <= 1 || typeof navigator === 'undefined') return start();
  const had = Object.prototype.hasOwnProperty.call(navigator, 'hardwareConcurrency');
  Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => 2 * threads });
  try {
    return await start();
  } finally {
    if (!had) delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

async function wasmThreads(): Promise<number | undefined> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return typeof wasm.getThreadsCount === 'function' ? wasm.getThreadsCount() : undefined;
}
