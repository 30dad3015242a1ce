/**
 * Loads TensorFlow.js and the model library on first use (never at page load) and picks a backend once per page.
 * Every widget and cell goes through here, so they share one backend and one copy of tfjs.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName, BackendReport } from '../../model/runtime/backend';

export type Tf = typeof import('@tensorflow/tfjs-core');
export type ModelLib = typeof import('../../model/index');
export type Runtime = typeof import('../../model/runtime/index');

export interface LoadedTf {
  tf: Tf;
  model: ModelLib;
  runtime: Runtime;
  backend: BackendReport;
}

const STORAGE_KEY = 'residual-site:backend';
const NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The reader's choice: `?backend=wasm` in the URL wins, then a saved choice, else automatic. */
export function preferredBackend(): BackendName | null {
  const fromUrl = new URLSearchParams(location.search).get('backend');
  const fromStore = (() => {
    try {
      return localStorage.getItem(STORAGE_KEY);
    } catch {
      return null; // storage can be blocked; automatic choice is fine
    }
  })();
  const pick = fromUrl ?? fromStore;
  return pick && (NAMES as readonly string[]).includes(pick) ? (pick as BackendName) : null;
}

export function savePreferredBackend(name: BackendName | null): void {
  try {
    if (name) localStorage.setItem(STORAGE_KEY, name);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    /* ignore: blocked storage only loses the preference */
  }
}

let loading: Promise<LoadedTf> | null = null;

/** Resolves once tfjs is loaded and a backend is ready. Safe to call from many widgets at once. */
export function loadTf(): Promise<LoadedTf> {
  loading ??= (async () => {
    const [tf, model, runtime] = await Promise.all([
      import('@tensorflow/tfjs-core'),
      import('../../model/index'),
      import('../../model/runtime/index'),
      // Readers' code may write x.square() as the tfjs docs do; the library itself never relies on it.
      import('@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops'),
    ]);
    const preferred = preferredBackend();
    // A chosen backend is tried first; the others stay as fallbacks in the usual order.
    const order = preferred ? [preferred, ...NAMES.filter((n) => n !== preferred)] : NAMES;
    const backend = await runtime.selectBackend({
      order,
      allowSoftware: preferred ? [preferred] : [],
      wasmPaths: {
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      },
    });
    return { tf, model, runtime, backend };
  })();
  loading.catch(() => {
    loading = null; // let the reader retry after a failure
  });
  return loading;
}

/** One line for the UI: "webgl (WebGPU skipped: …)". */
export function describeBackend(report: BackendReport): string {
  const others = report.attempts
    .filter((a) => a.outcome === 'skipped' || a.outcome === 'failed')
    .map((a) => `${a.name} ${a.outcome}: ${a.reason}`);
  const threads = report.threads && report.threads > 1 ? `, ${report.threads} threads` : '';
  return `${report.chosen}${threads}${others.length ? ` (${others.join('; ')})` : ''}`;
}
