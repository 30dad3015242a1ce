/**
 * npm run experiment -- resnext [options]
 *
 * ResNet-style against ResNeXt-style bottleneck nets of (near-)equal parameters on the shipped Fashion-MNIST subset,
 * trained by the site's own engine (src/model/training). The nets are the same except for the inner width and the
 * groups of each bottleneck: C groups of d channels (d at planes 64, torchvision's width_per_group), like the
 * paper's Table 2 rows. Both nets of a seed get the same seed for their He-normal weights and the same batch order.
 * Writes one JSON file with the command, seeds, git commit, backend, wall time, per-step curves and, for the paired
 * test, every test image's label and each final net's prediction for it (BatchNorm on running averages, the whole
 * test subset). Nothing is selected on the test set: the net evaluated is the one the last step left.
 *
 *   --variants 1x64d,4x25d   C×d per net (1x64d is the ResNet)  --layers 1,1,1     bottlenecks per stage
 *   --width 16               planes of the first stage (then 2w, 4w)  --seeds 1
 *   --steps 300  --batch 32  --lr 0.05  --milestones (none)  --gamma 0.1  --momentum 0.9  --weight-decay 1e-4
 *   --eval-every 0 (test error during training, for the chart only)  --eval-examples all  --smoothing 50
 *   --backend wasm|cpu  --out FILE (default src/data/runs/resnext-<date>.json)
 *
 * Smoke test: npm run experiment -- resnext --steps 10 --eval-every 0 --out /tmp/resnext-smoke.json
 */
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { countMacs, countParams } from '../../src/model/analyze';
import { type SmallResNeXtOptions, parseVariant, smallResNeXt } from '../../src/model/cardinality';
import type { ResnextRecord } from '../../src/model/training/record';
import { type LrSchedule, checkSchedule, describeSchedule } from '../../src/model/training/schedule';
import { type TrainingRun, startTraining } from '../../src/model/training/trainer';
import { batchTensors } from '../../src/model/training/batches';
import type { Model } from '../../src/model/runtime/model';
import type { ImageSet } from '../../src/model/data/fashion-mnist';
import {
  type BackendName,
  ROOT,
  describeBackend,
  describeSubset,
  environment,
  gitState,
  loadSubset,
  log,
  parseFlags,
  round,
  setupBackend,
  shownPath,
  usage,
  saveRecord,
  stopOnInterrupt,
} from '../lib/cli';

interface Options {
  variants: { cardinality: number; width: number; label: string }[];
  layers: number[];
  width: number;
  seeds: number[];
  steps: number;
  batch: number;
  schedule: LrSchedule;
  momentum: number;
  weightDecay: number;
  evalEvery: number;
  evalExamples: number;
  smoothing: number;
  backend: BackendName;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const { num, int, list, ints, string } = parseFlags(argv, {
    known: ['variants', 'layers', 'width', 'seeds', 'steps', 'batch', 'lr', 'milestones', 'gamma', 'momentum', 'weight-decay', 'eval-every', 'eval-examples', 'smoothing', 'backend', 'out'],
  });
  const variants = list('variants', '1x64d,4x25d').map((v) => {
    try {
      return parseVariant(v);
    } catch (err) {
      usage(`--variants: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  const backend = string('backend', 'wasm');
  if (backend !== 'wasm' && backend !== 'cpu') usage(`--backend must be wasm or cpu, got ${JSON.stringify(backend)}`);
  const lr = num('lr', 0.05);
  const milestones = ints('milestones', '');
  const schedule: LrSchedule = milestones.length ? { kind: 'step', lr, milestones, gamma: num('gamma', 0.1) } : { kind: 'constant', lr };
  try {
    checkSchedule(schedule);
  } catch (err) {
    usage(err instanceof Error ? err.message : String(err));
  }
  const opts: Options = {
    variants,
    layers: ints('layers', '1,1,1'),
    width: int('width', 16),
    seeds: ints('seeds', '1'),
    steps: int('steps', 300),
    batch: int('batch', 32),
    schedule,
    momentum: num('momentum', 0.9),
    weightDecay: num('weight-decay', 1e-4),
    evalEvery: int('eval-every', 0),
    evalExamples: int('eval-examples', Number.MAX_SAFE_INTEGER),
    smoothing: int('smoothing', 50),
    backend,
    out: resolve(string('out') ?? join(ROOT, `src/data/runs/resnext-${new Date().toISOString().slice(0, 10)}.json`)),
  };
  for (const v of variants) {
    try {
      smallResNeXt(netOptions(opts, v));
    } catch (err) {
      usage(`--variants/--layers/--width: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return opts;
}

/**
 * The class each test image gets from the final net, BatchNorm on its running averages (as a deployed net runs), as a
 * string of digits (one per image, in the subset's order): the paired test compares two nets image by image.
 */
async function predictAll(model: Model, set: ImageSet, batchSize = 250): Promise<string> {
  const order = Int32Array.from({ length: set.count }, (_, i) => i);
  let out = '';
  for (let start = 0; start < set.count; start += batchSize) {
    const size = Math.min(batchSize, set.count - start);
    const { x, y } = batchTensors(set, order, start, size);
    const classes = tf.tidy(() => tf.argMax(model.apply(x, { training: false }), 1));
    tf.dispose([x, y]);
    out += Array.from(await classes.data()).join('');
    classes.dispose();
  }
  return out;
}

const netOptions = (o: Options, v: { cardinality: number; width: number }): SmallResNeXtOptions => ({
  cardinality: v.cardinality,
  widthPerGroup: v.width,
  layers: o.layers,
  width: o.width,
});

export async function resnext(rest: string[], argv: string[]): Promise<number> {
  const opts = parseArgs(rest); // a UsageError goes up to scripts/experiment.ts's main, which prints it and exits 2
  const started = performance.now();
  const env = await setupBackend(opts.backend);
  const data = await loadSubset();
  const record: ResnextRecord = {
    experiment: 'resnext',
    command: `npm run experiment -- ${argv.join(' ')}`,
    date: new Date().toISOString(),
    git: gitState(),
    environment: environment(env),
    data: describeSubset(data),
    config: {
      variants: opts.variants.map((v) => v.label),
      layers: opts.layers,
      width: opts.width,
      batchSize: opts.batch,
      steps: opts.steps,
      schedule: opts.schedule,
      scheduleText: describeSchedule(opts.schedule),
      optimizer: 'SGD, momentum, coupled L2 weight decay on conv/dense weights only (PyTorch torch.optim.SGD semantics)',
      momentum: opts.momentum,
      weightDecay: opts.weightDecay,
      init: 'He normal (fan-in), seeded per weight name',
      smoothing: opts.smoothing,
      evaluation: { every: opts.evalEvery, examples: Math.min(opts.evalExamples, data.test.count), modes: ['batch'] },
    },
    /** Every test image's label, in the subset's order (each run's `test.predictions` lines up with it). */
    test: { examples: data.test.count, labels: Array.from(data.test.labels).join('') },
    seeds: opts.seeds,
    wallSeconds: 0,
    interrupted: false,
    runs: [],
  };
  const save = () => saveRecord(opts.out, record, started);
  let current: TrainingRun | null = null;
  stopOnInterrupt(record, () => current);

  log(`resnext: ${opts.variants.map((v) => v.label).join(' vs ')}, layers ${opts.layers.join(',')}, width ${opts.width}, seeds ${opts.seeds.join(', ')}, batch ${opts.batch}, ${opts.steps} steps, lr ${describeSchedule(opts.schedule)}; ${describeBackend(env)}`);
  for (const seed of opts.seeds) {
    for (const v of opts.variants) {
      if (record.interrupted) break;
      const spec = smallResNeXt(netOptions(opts, v));
      const name = v.label;
      const every = Math.max(1, Math.round(opts.steps / 10));
      current = startTraining({
        spec,
        train: data.train,
        test: data.test,
        steps: opts.steps,
        batchSize: opts.batch,
        schedule: opts.schedule,
        momentum: opts.momentum,
        weightDecay: opts.weightDecay,
        seed,
        dataSeed: seed,
        keepModel: true,
        smoothing: opts.smoothing,
        evaluation: { every: opts.evalEvery, atEnd: opts.evalEvery > 0, examples: opts.evalExamples, modes: ['batch'] },
        onStep: (s) => {
          if (s.step % every === 0 || s.step === opts.steps) {
            log(`  ${name} seed ${seed}  step ${String(s.step).padStart(5)}/${opts.steps}  loss ${s.loss.toFixed(3)}  error(${opts.smoothing}) ${s.smoothedError.toFixed(3)}  ${s.stepsPerSecond.toFixed(2)} steps/s`);
          }
        },
        onEvaluate: (e) => {
          log(`  ${name} seed ${seed}  step ${String(e.step).padStart(5)}  test error ${e.error.toFixed(3)} (${e.mode}, ${e.examples} images)`);
        },
      });
      const r = await current.done;
      current = null;
      let test: { mode: 'inference'; examples: number; error: number; predictions: string } | null = null;
      if (r.model) {
        try {
          if (r.status === 'finished') {
            const predictions = await predictAll(r.model, data.test);
            let wrong = 0;
            for (let i = 0; i < data.test.count; i++) if (Number(predictions[i]) !== data.test.labels[i]) wrong++;
            test = { mode: 'inference', examples: data.test.count, error: round(wrong / data.test.count), predictions };
            log(`  ${name} seed ${seed}  final test error ${test.error.toFixed(4)} (inference BatchNorm, all ${data.test.count} test images)`);
          }
        } finally {
          r.model.dispose();
        }
      }
      record.runs.push({
        name,
        cardinality: v.cardinality,
        widthPerGroup: v.width,
        seed,
        params: r.params,
        macs: countMacs(spec),
        status: r.status,
        message: r.message,
        steps: r.steps,
        seconds: round(r.seconds, 1),
        stepsPerSecond: round(r.stepsPerSecond, 3),
        final: { smoothedLoss: round(r.final.smoothedLoss), smoothedError: round(r.final.smoothedError) },
        test,
        evaluations: r.evaluations.map((e) => ({ step: e.step, mode: e.mode, error: round(e.error), loss: round(e.loss), examples: e.examples })),
        curves: { loss: r.curves.loss.map((x) => round(x)), error: r.curves.error.map((x) => round(x)), lr: r.curves.lr },
      });
      if (r.params !== countParams(spec)) log(`warning: ${name} trained ${r.params} parameters, analyze() counts ${countParams(spec)}`);
      log(`${name} seed ${seed}: ${r.message.replace(/\.$/, '')}; ${r.params.toLocaleString('en')} parameters, ${r.stepsPerSecond.toFixed(2)} steps/s, ${r.seconds.toFixed(1)} s`);
      await save();
    }
  }
  if (tf.memory().numTensors !== 0) log(`warning: ${tf.memory().numTensors} tensors still allocated after all runs`);
  await save();
  log(`\nwrote ${shownPath(opts.out)} (${record.wallSeconds} s)`);
  return record.interrupted ? 130 : 0;
}
