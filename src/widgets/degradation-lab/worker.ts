/**
 * The degradation lab's Web Worker: owns TensorFlow.js, its backend (WebGPU, or WebGL through OffscreenCanvas,
 * falling back to wasm), the Fashion-MNIST subset and the networks, so training never blocks the page.
 *
 * Messages (protocol.ts): `start` → `status`… `backend`, `started`, then `step`/`eval`/`saved` while training (eval:
 * validation error), `done`, then `tested` (the saved model's test error, measured once) and `predictions` from the
 * best model saved in IndexedDB. `pause`, `resume` and `stop` act on the current lab.
 * A lost WebGL context or WebGPU device ends the run on that backend; the lab starts again on the next backend that
 * works, and says so.
 */
import * as tf from '@tensorflow/tfjs-core';
// Every backend is imported statically, as a namespace that is used below: Vite bundles a worker into one classic
// script, where selectBackend's import() calls must resolve inside the bundle (see the classifier's worker).
import * as cpuBackend from '@tensorflow/tfjs-backend-cpu';
import * as wasmBackend from '@tensorflow/tfjs-backend-wasm';
import * as webglBackend from '@tensorflow/tfjs-backend-webgl';
import * as webgpuBackend from '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { type FashionMnist, type ImageSet, loadFashionMnist } from '../../model/data/fashion-mnist';
import { type BackendName, type BackendReport, BACKEND_ORDER, selectBackend } from '../../model/runtime/backend';
import { type Lab, type LabResult, labValidationSplit, modelFromSnapshot, predictFirst, startLab, testSavedModel } from './lab';
import type { FromWorker, StartRequest, ToWorker } from './protocol';
import { loadBest, saveBest } from './store';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<ToWorker>) => void): void;
  indexedDB?: IDBFactory;
}
const scope = self as unknown as WorkerScope;

const BUNDLED: readonly string[] = Object.entries({ cpu: cpuBackend, wasm: wasmBackend, webgl: webglBackend, webgpu: webgpuBackend })
  .filter(([, m]) => Object.keys(m).length > 0)
  .map(([name]) => name);
const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

const post = (m: FromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The subset, its training part split into train and validation once (the split is fixed, the same for every run). */
let data: Promise<{ train: ImageSet; validation: ImageSet; test: ImageSet }> | undefined;
let backend: BackendReport | undefined;
let lab: Lab | undefined;
/** Why the GPU context went away during the current run, if it did. */
let contextLost: string | undefined;
/** Wakes the training loop when the context is lost: a step waiting on the lost GPU may never finish. */
let onContextLost: ((why: string) => void) | undefined;

type GlHolder = { gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext } };
const glContext = () => (tf.getBackend() === 'webgl' ? (tf.backend() as unknown as GlHolder).gpgpu?.gl : undefined);

/** The WebGPU backend's device: `lost` settles when the GPU is reset or the browser reclaims it (or on destroy()). */
type GpuDevice = { lost: Promise<{ reason?: string; message?: string }>; destroy(): void };
const gpuDevice = () => (tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as { device?: GpuDevice }).device : undefined);

/** The GPU the run lives on is gone: stop the run and wake the training loop, which starts again elsewhere. */
function gpuGone(why: string): void {
  contextLost = why;
  lab?.stop();
  onContextLost?.(why);
}

/** Listens for the loss of the WebGL context or the WebGPU device: the run on it cannot go on, its tensors are gone. */
function watchContext(): void {
  const canvas = glContext()?.canvas as (OffscreenCanvas | HTMLCanvasElement) | undefined;
  canvas?.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    if (glContext()?.canvas !== canvas) return; // a backend the lab already left
    gpuGone('the WebGL context was lost (the GPU was reset or the browser reclaimed it)');
  });
  const device = gpuDevice();
  void device?.lost.then((info) => {
    if (gpuDevice() !== device) return; // a backend the lab already left
    const detail = info.message ? `: ${info.message}` : '';
    gpuGone(`the WebGPU device was lost (${info.reason === 'destroyed' ? 'it was destroyed' : 'the GPU was reset or the browser reclaimed it'}${detail})`);
  });
}

async function chooseBackend(
  order: BackendName[],
  preferred: BackendName | null,
  fallbackFrom?: { backend: BackendName; reason: string },
): Promise<BackendReport> {
  post({ type: 'status', text: 'Starting TensorFlow.js…' });
  backend = await selectBackend({
    order: order.filter((n) => BUNDLED.includes(n)),
    allowSoftware: preferred ? [preferred] : [],
    wasmPaths: WASM_PATHS,
  });
  watchContext();
  post({ type: 'backend', report: backend, fallbackFrom });
  return backend;
}

/** Makes the GPU go away (the test hook), and resolves once the loss has been noticed, or after 10 s. */
function loseGpu(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 10_000);
    const previous = onContextLost;
    onContextLost = (why) => {
      clearTimeout(timer);
      onContextLost = previous;
      previous?.(why);
      resolve();
    };
    glContext()?.getExtension('WEBGL_lose_context')?.loseContext();
    gpuDevice()?.destroy();
  });
}

/** Starts again on the backends after the lost one: the weights lived in the lost context. */
async function fallBack(req: StartRequest, reason: string): Promise<void> {
  const from = backend!.chosen;
  contextLost = undefined;
  const rest = BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(from) + 1);
  await chooseBackend(rest, req.preferred, { backend: from, reason });
}

const onGpu = () => backend !== undefined && backend.chosen !== 'wasm' && backend.chosen !== 'cpu';

async function train(req: StartRequest): Promise<void> {
  backend ??= await chooseBackend(req.order, req.preferred);
  if (req.loseGpuAtStart && onGpu()) await loseGpu();
  if (!data) {
    post({ type: 'status', text: 'Loading the Fashion-MNIST subset…' });
    data = loadFashionMnist({ baseUrl: req.dataUrl }).then((d: FashionMnist) => {
      const { train, validation } = labValidationSplit(d.train);
      return { train, validation, test: d.test };
    });
    data.catch(() => (data = undefined));
  }
  const { train: trainSet, validation, test } = await data;
  for (;;) {
    // Lost while the data loaded, or before this run: nothing of the run lives there yet, so only the backend changes.
    if (contextLost && onGpu()) {
      await fallBack(req, contextLost);
      continue;
    }
    const t0 = performance.now();
    const before = tf.memory().numTensors;
    let saveError: string | undefined;
    // Callbacks of a lab abandoned after a context loss must not reach the page once the next lab has started.
    const current = () => lab === mine;
    // The test set is not handed to the lab: nothing it chooses can depend on it.
    const mine: Lab = startLab(req.config, { train: trainSet, validation }, {
      onStep: (net, s) => {
        if (current())
          post({ type: 'step', net, step: s.step, smoothedError: s.smoothedError, loss: s.loss, stepsPerSecond: s.stepsPerSecond, labSteps: mine.progress().done });
      },
      onEvaluate: (net, e) => {
        if (current()) post({ type: 'eval', net, step: e.step, error: e.error });
      },
      onBest: async (snap) => {
        if (!current()) return;
        try {
          if (!scope.indexedDB) throw new Error('this browser offers no IndexedDB here');
          await saveBest(scope.indexedDB, snap);
          post({ type: 'saved', net: snap.net, step: snap.step, validationError: snap.validationError });
        } catch (err) {
          saveError ??= errorText(err);
        }
      },
    });
    lab = mine;
    if (stopEarly) mine.stop(); // the reader pressed Stop while the data or the backend was loading
    post({
      type: 'started',
      nets: mine.nets,
      totalSteps: mine.progress().total,
      examples: { train: trainSet.count, validation: validation.count, test: test.count },
      numTensorsBefore: before,
    });
    let result: LabResult | undefined;
    let failure: unknown;
    try {
      const lost = new Promise<'lost'>((resolve) => (onContextLost = () => resolve('lost')));
      const r = await Promise.race([mine.done, lost]);
      if (r !== 'lost') result = r;
    } catch (err) {
      failure = err;
    }
    onContextLost = undefined;
    lab = undefined;
    const lost = contextLost ?? (glContext()?.isContextLost() ? 'the WebGL context was lost' : undefined);
    if (lost && onGpu()) {
      await fallBack(req, lost);
      continue;
    }
    if (failure !== undefined) throw failure;
    const r = result!;
    const done = {
      type: 'done' as const,
      status: r.status,
      message: r.message,
      seconds: (performance.now() - t0) / 1000,
      numTensorsBefore: before,
      numTensorsAfter: tf.memory().numTensors,
    };
    // 'done' means the worker is idle again: it is posted after the saved model's single test, so a Start clicked
    // right after it is not dropped as "busy" (the test and predictions arrive just before it).
    let predictError: string | undefined;
    if (saveError) predictError = `the best model could not be saved in this browser: ${saveError}`;
    else if (r.best) {
      try {
        await testAndPredict(req.config.predictions, test);
      } catch (err) {
        predictError = `testing the saved model failed: ${errorText(err)}`;
      }
    }
    busy = false;
    post(done);
    if (predictError) post({ type: 'error', phase: 'predict', message: predictError });
    return;
  }
}

/**
 * Reads the best model back from IndexedDB (not from memory: this proves the saved copy works), measures its test
 * error once on the whole test set, and predicts.
 */
async function testAndPredict(n: number, test: ImageSet): Promise<void> {
  const saved = await loadBest(scope.indexedDB!);
  const tested = await testSavedModel(saved, test);
  post({ type: 'tested', net: saved.net, step: saved.step, validationError: saved.validationError, testError: tested.error, testExamples: tested.examples });
  const model = modelFromSnapshot(saved);
  try {
    const preds = await predictFirst(model, test, n);
    const px = test.height * test.width;
    const items = preds.map((p) => ({ ...p, pixels: test.pixels.slice(p.index * px, (p.index + 1) * px) }));
    model.dispose();
    post(
      { type: 'predictions', net: saved.net, step: saved.step, validationError: saved.validationError, testError: tested.error, savedAt: saved.savedAt, classes: test.classes, items, numTensors: tf.memory().numTensors },
      items.map((i) => i.pixels.buffer),
    );
  } catch (err) {
    model.dispose();
    throw err;
  }
}

let busy = false;
/** Stop arrived before the lab existed (while loading): honour it as soon as the lab starts. */
let stopEarly = false;
scope.addEventListener('message', (e) => {
  const m = e.data;
  switch (m.type) {
    case 'start':
      if (busy) return;
      busy = true;
      stopEarly = false;
      train(m)
        .catch((err) => post({ type: 'error', phase: lab ? 'train' : 'start', message: errorText(err) }))
        .finally(() => {
          busy = false;
          lab = undefined;
        });
      break;
    case 'pause':
      lab?.pause();
      post({ type: 'paused', paused: true });
      break;
    case 'resume':
      lab?.resume();
      post({ type: 'paused', paused: false });
      break;
    case 'stop':
      if (busy && !lab) stopEarly = true;
      lab?.stop();
      break;
    case 'lose-context':
      void loseGpu();
      break;
  }
});
