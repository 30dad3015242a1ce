/**
 * The one backend setup for every widget worker: starts the first TensorFlow.js backend of the reader's plan
 * (`?backend=`, then WebGPU → WebGL → wasm → cpu) that works in this worker, and says why the others were not used.
 * Import it from worker code only: it bundles every backend.
 */
// Every backend is imported statically, as a namespace that is used below. Vite bundles a worker into one classic
// script, where an import() of a module not already in the bundle would have to become a separate chunk (which that
// format cannot do). With these here, `selectBackend`'s own import() calls resolve inside the bundle. (A bare
// `import 'pkg'` is not enough: the backends' packages declare no side effects, so the bundler would drop it.)
import * as cpuBackend from '@tensorflow/tfjs-backend-cpu';
import * as wasmBackend from '@tensorflow/tfjs-backend-wasm';
import * as webglBackend from '@tensorflow/tfjs-backend-webgl';
import * as webgpuBackend from '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { BACKEND_ORDER, type BackendName, type BackendReport, backendPlan, selectBackend } from '../../model/runtime/backend';
import { WASM_PATHS } from './wasm-paths';

/** The backends in this bundle. Enumerating each namespace keeps the modules whole in it (see the imports). */
const BUNDLED: readonly string[] = Object.entries({ cpu: cpuBackend, wasm: wasmBackend, webgl: webglBackend, webgpu: webgpuBackend })
  .filter(([, m]) => Object.keys(m).length > 0)
  .map(([name]) => name);

export interface StartOptions {
  /** Only backends after this one in the usual order: the fallback once a GPU backend was lost mid-run. */
  after?: BackendName;
}

/** Starts a backend for `requested` (the reader's `?backend=` choice, or null for the automatic one). */
export function startBackend(requested: string | null, { after }: StartOptions = {}): Promise<BackendReport> {
  const plan = backendPlan(requested);
  const later = (name: BackendName) => after === undefined || BACKEND_ORDER.indexOf(name) > BACKEND_ORDER.indexOf(after);
  return selectBackend({
    order: plan.order.filter((name) => BUNDLED.includes(name) && later(name)),
    allowSoftware: plan.allowSoftware,
    wasmPaths: WASM_PATHS,
  });
}
