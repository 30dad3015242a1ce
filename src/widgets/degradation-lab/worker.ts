/**
 * The degradation lab's Web Worker: owns TensorFlow.js, its backend (WebGPU, or WebGL through OffscreenCanvas,
 * falling back to wasm), the Fashion-MNIST subset and the networks, so training never blocks the page.
 *
 * Methods (protocol.ts, through the shared worker client): `start` → events `status`… `backend`, `started`, then
 * `step`/`eval`/`saved` while training (eval: validation error), then `tested` (the saved model's test error, measured
 * once) and `predictions` from the best model saved in IndexedDB; it resolves with the run's end once the worker is
 * idle. `pause`, `resume` and `stop` act on the current lab.
 * A lost WebGL context or WebGPU device ends the run on that backend; the lab starts again on the next backend that
 * works, and says so.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type FashionMnist, type ImageSet, loadFashionMnist } from '../../model/data/fashion-mnist';
import type { BackendName, BackendReport } from '../../model/runtime/backend';
import { startBackend } from '../shared/worker-backend';
import { serve } from '../shared/worker-server';
import { type Lab, type LabResult, labValidationSplit, modelFromSnapshot, predictFirst, startLab, testSavedModel } from './lab';
import type { DoneMessage, LabApi, LabEvent, StartRequest } from './protocol';
import { loadBest, saveBest } from './store';

const scope = self as unknown as { indexedDB?: IDBFactory };

/** Sends an event about the running `start` request (set while one runs). */
let emit: (event: LabEvent, transfer?: Transferable[]) => void = () => {};
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

async function chooseBackend(requested: string | null, fallbackFrom?: { backend: BackendName; reason: string }): Promise<BackendReport> {
  emit({ type: 'status', stage: 'backend' });
  // After a loss, only the backends after the lost one: the weights lived in the lost context.
  backend = await startBackend(requested, { after: fallbackFrom?.backend });
  watchContext();
  emit({ type: 'backend', report: backend, fallbackFrom });
  return backend;
}

/** Starts again on the backends after the lost one. */
async function fallBack(req: StartRequest, reason: string): Promise<void> {
  const from = backend!.chosen;
  contextLost = undefined;
  await chooseBackend(req.requestedBackend, { backend: from, reason });
}

const onGpu = () => backend !== undefined && backend.chosen !== 'wasm' && backend.chosen !== 'cpu';

async function train(req: StartRequest): Promise<DoneMessage> {
  backend ??= await chooseBackend(req.requestedBackend);
  if (!data) {
    emit({ type: 'status', stage: 'data' });
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
          emit({ type: 'step', net, step: s.step, smoothedError: s.smoothedError, loss: s.loss, stepsPerSecond: s.stepsPerSecond, labSteps: mine.progress().done });
      },
      onEvaluate: (net, e) => {
        if (current()) emit({ type: 'eval', net, step: e.step, error: e.error });
      },
      onBest: async (snap) => {
        if (!current()) return;
        try {
          if (!scope.indexedDB) throw new Error('this browser offers no IndexedDB here');
          await saveBest(scope.indexedDB, snap);
          emit({ type: 'saved', net: snap.net, step: snap.step, validationError: snap.validationError });
        } catch (err) {
          saveError ??= errorText(err);
        }
      },
    });
    lab = mine;
    if (stopEarly) mine.stop(); // the reader pressed Stop while the data or the backend was loading
    emit({
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
    const done: DoneMessage = {
      status: r.status,
      message: r.message,
      steps: [...r.results.values()].reduce((a, x) => a + x.steps, 0),
      networks: r.results.size,
      stepsEach: req.config.steps,
      seconds: (performance.now() - t0) / 1000,
      numTensorsBefore: before,
      numTensorsAfter: tf.memory().numTensors,
    };
    // The run's end is sent when the worker is idle again, after the saved model's single test, so a Start clicked
    // right after it is not refused as "busy" (the test and predictions arrive just before it).
    let predictError: DoneMessage['predictError'];
    if (saveError) predictError = { stage: 'save', reason: saveError };
    else if (r.best) {
      try {
        await testAndPredict(req.config.predictions, test);
      } catch (err) {
        predictError = { stage: 'test', reason: errorText(err) };
      }
    }
    return predictError ? { ...done, predictError } : done;
  }
}

/**
 * Reads the best model back from IndexedDB (not from memory: this proves the saved copy works), measures its test
 * error once on the whole test set, and predicts.
 */
async function testAndPredict(n: number, test: ImageSet): Promise<void> {
  const saved = await loadBest(scope.indexedDB!);
  const tested = await testSavedModel(saved, test);
  emit({ type: 'tested', net: saved.net, step: saved.step, validationError: saved.validationError, testError: tested.error, testExamples: tested.examples });
  const model = modelFromSnapshot(saved);
  try {
    const preds = await predictFirst(model, test, n);
    const px = test.height * test.width;
    const items = preds.map((p) => ({ ...p, pixels: test.pixels.slice(p.index * px, (p.index + 1) * px) }));
    model.dispose();
    emit(
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
serve<LabApi>({
  start: async (req, ctx) => {
    if (busy) throw new Error('a run is already going in this lab');
    busy = true;
    stopEarly = false;
    emit = ctx.emit;
    try {
      return await train(req);
    } finally {
      busy = false;
      lab = undefined;
      emit = () => {};
    }
  },
  pause: () => {
    lab?.pause();
    return { paused: true };
  },
  resume: () => {
    lab?.resume();
    return { paused: false };
  },
  stop: () => {
    if (busy && !lab) stopEarly = true;
    lab?.stop();
    return null;
  },
});
