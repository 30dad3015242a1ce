/**
 * The gradient-flow lab's Web Worker: owns TensorFlow.js, its backend, 2,000 Fashion-MNIST test images and the lab's
 * plain and residual nets, so measuring a 110-layer net or training it never freezes the page.
 *
 * Methods (protocol.ts, through the shared worker client), one at a time: `load` once, `measure` for fresh nets,
 * `train` (step and measurement events), `correlate` (progress events; cancellable), `reference` (the shipped nets).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type ImageSet, loadFashionMnistSplit, loadFashionMnistManifest } from '../../model/data/fashion-mnist';
import type { BackendReport } from '../../model/runtime/backend';
import type { Model } from '../../model/runtime/model';
import { startBackend } from '../shared/worker-backend';
import { cancelled, serve } from '../shared/worker-server';
import {
  GradientFlowLab,
  batchOf,
  correlationByDepth,
  loadReferenceNet,
  loadReferenceNetsManifest,
  pathBetween,
  responsesOf,
  setBatchNormStatistics,
} from './lab';
import type { FlowApi, LabResponses, LabState, ReferenceInfo, Responses } from './protocol';
import { DEPTHS, NETS, type NetKind, liveLearningRate } from './series';

const PROBE = 32; // images in the measuring batch
/** Test images that set BatchNorm's running statistics (precise BN) before an inference-mode measurement. */
const STATISTICS = { start: 1000, count: 100 };
/** Test images on which Fig. 7's response spreads are measured (disjoint from the probe and the statistics images). */
const RESPONSE_IMAGES = { start: 1100, count: 200 };

let backend: BackendReport | undefined;
let data: ImageSet | undefined;
let probe: { x: tf.Tensor4D; y: tf.Tensor1D } | undefined;
let lab: GradientFlowLab | undefined;

const loaded = () => {
  if (!data || !probe) throw new Error('the lab is not loaded yet');
  return { data, probe };
};

/** Images of the test subset as one batch (labels dropped); the caller disposes it. */
function imagesAt(range: { start: number; count: number }): tf.Tensor4D {
  const { x, y } = batchOf(loaded().data, range.start, range.count);
  y.dispose();
  return x;
}

/**
 * Fig. 7 for the lab's own nets. With BatchNorm at initialisation the plot is flat by construction, so it is not
 * measured. Otherwise each net's BatchNorm statistics are first set from real images (a fresh or briefly trained
 * net's running averages are not yet estimates of anything), then its responses measured.
 */
async function labResponses(lab: GradientFlowLab): Promise<LabResponses> {
  if (lab.config.batchNorm && lab.step === 0) return { note: 'flat-at-init' };
  const stats = imagesAt(STATISTICS);
  const images = imagesAt(RESPONSE_IMAGES);
  try {
    if (lab.config.batchNorm) for (const net of NETS) setBatchNormStatistics(lab.models[net], stats);
    return { note: lab.step === 0 ? 'untrained' : 'briefly-trained', responses: await responsesOf(lab.models, images) };
  } finally {
    stats.dispose();
    images.dispose();
  }
}

/** `responses: false` skips Fig. 7 (300 images through both nets): the live-training loop redraws only gradients. */
async function state(lab: GradientFlowLab, { responses = true } = {}): Promise<LabState> {
  const measurement = await lab.measure();
  return { config: lab.config, step: lab.step, measurement, responses: responses ? await labResponses(lab) : undefined };
}

const info = (t: ReferenceInfo): ReferenceInfo => ({ steps: t.steps, schedule: t.schedule, seed: t.seed, testError: t.testError });

serve<FlowApi>(
  {
    load: async ({ dataUrl, requestedBackend }) => {
      backend ??= await startBackend(requestedBackend);
      if (!data) {
        data = await loadFashionMnistSplit(await loadFashionMnistManifest({ baseUrl: dataUrl }), 'test', { baseUrl: dataUrl });
        probe = batchOf(data, 0, PROBE);
      }
      return { backend };
    },

    measure: async ({ config }) => {
      lab?.dispose();
      lab = undefined;
      lab = new GradientFlowLab(config, loaded().probe);
      return state(lab);
    },

    train: async ({ steps }, { emit }) => {
      if (!lab) throw new Error('measure the nets before training them');
      const set = loaded().data;
      const lr = liveLearningRate(lab.config.depth, lab.config.batchNorm);
      for (let i = 0; i < steps; i++) {
        const { x, y } = batchOf(set, PROBE + ((lab.step * PROBE) % (set.count - PROBE)), PROBE);
        try {
          await lab.trainStep(x, y, lr);
        } finally {
          x.dispose();
          y.dispose();
        }
        emit({ kind: 'step', step: lab.step, lr, progress: (i + 1) / steps });
        if (i % 2 === 1 && i + 1 < steps) emit({ kind: 'measured', state: await state(lab, { responses: false }) }); // live: every other step
      }
      return state(lab);
    },

    correlate: async ({ width, batchNorm, seeds }, { emit, signal }) => {
      const path = pathBetween(loaded().data, 0, 1, 16);
      const stats = imagesAt(STATISTICS);
      try {
        return await correlationByDepth({ width, seeds, norm: batchNorm ? 'estimated' : 'off' }, DEPTHS, path, stats, (done, total) => {
          if (signal.aborted) throw cancelled('measuring the gradient correlation');
          emit({ done, total });
        });
      } finally {
        path.dispose();
        stats.dispose();
      }
    },

    reference: async ({ depth, baseUrl }, { emit }) => {
      let nets: Record<NetKind, { model: Model; training: ReferenceInfo }>;
      try {
        const manifest = await loadReferenceNetsManifest({ baseUrl });
        const load = async (id: string) => {
          const { model, net } = await loadReferenceNet(id, { baseUrl, manifest });
          return { model, training: info(net.training) };
        };
        const plain = await load(`plain-${depth}`);
        nets = { plain, residual: await load(`res-${depth}`).catch((err: unknown) => (plain.model.dispose(), Promise.reject(err))) };
      } catch (err) {
        return { loaded: false, reason: err instanceof Error ? err.message : String(err) };
      }
      const images = imagesAt(RESPONSE_IMAGES);
      try {
        emit({ plain: nets.plain.training, residual: nets.residual.training });
        const responses: Responses = await responsesOf({ plain: nets.plain.model, residual: nets.residual.model }, images);
        return { loaded: true, responses };
      } finally {
        images.dispose();
        nets.plain.model.dispose();
        nets.residual.model.dispose();
      }
    },
  },
  { serial: true },
);
