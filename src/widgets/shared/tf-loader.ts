/**
 * Loads TensorFlow.js and the model library on first use (never at page load) and picks a backend once per page.
 * Every widget and cell goes through here, so they share one backend and one copy of tfjs.
 */
import type { BackendReport } from '../../model/runtime/backend';
import { WASM_PATHS } from './wasm-paths';
import { sharedWords, type SharedWords } from './strings';

type Tf = typeof import('@tensorflow/tfjs-core');
type ModelLib = typeof import('../../model/index');
type Runtime = typeof import('../../model/runtime/index');

export interface LoadedTf {
  tf: Tf;
  model: ModelLib;
  runtime: Runtime;
  backend: BackendReport;
}

/** The reader's choice of backend, `?backend=wasm` in the page's URL (checked against the backend names where used). */
export function requestedBackend(): string | null {
  return new URLSearchParams(location.search).get('backend');
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
    // A chosen backend is tried first; the others stay as fallbacks in the usual order.
    const backend = await runtime.selectBackend({ ...runtime.backendPlan(requestedBackend()), wasmPaths: WASM_PATHS });
    return { tf, model, runtime, backend };
  })();
  loading.catch(() => {
    loading = null; // let the reader retry after a failure
  });
  return loading;
}

/** One line for the UI: "webgl (WebGPU skipped: …)". */
export function describeBackend(report: BackendReport, t: SharedWords = sharedWords()): string {
  const others = report.attempts
    .filter((a) => a.outcome === 'skipped' || a.outcome === 'failed')
    .map((a) => t.attempt(a.name, a.outcome === 'skipped' ? t.skipped : t.failed, a.reason));
  const threads = report.threads && report.threads > 1 ? t.threads(report.threads) : '';
  return `${report.chosen}${threads}${others.length ? t.attempts(others.join(t.rejectedSeparator)) : ''}`;
}
