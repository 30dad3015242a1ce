/**
 * Experiments that run the site's own training code (src/model/training) in Node, for longer than a reader would wait.
 *
 *   npm run experiment -- degradation [options]
 *
 * degradation: plain vs residual 6n+2 nets (option A shortcuts, equal parameter counts) on the shipped Fashion-MNIST
 * subset. Writes one JSON file with the command, seeds, git commit, backend, wall time and per-step curves.
 *
 *   --depths 20,32,56        6n+2 depths                      --shortcuts plain,A   which variants
 *   --width 8                filters of the first stage       --seeds 1             one run per seed, variant and depth
 *   --steps 500              SGD steps per run                --batch 64
 *   --lr 0.1                 base learning rate               --milestones 300,400  ÷gamma at these steps (--gamma 0.1)
 *   --warmup-steps 0         warm-up steps                    --warmup-from 0.01    … from this rate (--warmup-shape linear|constant)
 *   --momentum 0.9           --weight-decay 1e-4              --zero-init           zero-init each residual block's last BN γ
 *                                                             (residual nets only: on a plain net it would zero every block's output)
 *   --preact                 full pre-activation blocks (He et al. 2016, "Identity Mappings"): residual variants only
 *                            (default --shortcuts A); refuses --zero-init, since a pre-activation branch ends in a conv
 *                            with no BatchNorm γ to zero. Post vs pre: the same command without and with --preact.
 *   --save-weights DIR       write each run's final weights (float32, with a manifest and SHA-256) to DIR
 *   --eval-every 100         test error every this many steps and at the end (0: never)
 *   --eval-examples 1000     --eval-modes inference,batch     --smoothing 50
 *   --backend wasm|cpu       --out FILE (default src/data/runs/degradation-<date>.json)
 *
 * Smoke test (under a minute): npm run experiment -- degradation --depths 8,20 --steps 20 --out /tmp/smoke.json
 * The quick reference runs (about an hour on two idle cores, more on a busy machine; the recipe runs' commands are in
 * their JSON files, src/data/runs/degradation-recipe-seed*.json):
 *   npm run experiment -- degradation --depths 20,32,56 --shortcuts plain,A --width 8 --batch 64 --lr 0.1 --steps 500 --seeds 1,2
 * wasm uses one thread: on two idle cores, run the seeds as two processes (`--seeds 1 --out …-seed1.json`, `--seeds 2 …`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { sha256Hex } from '../src/model/data/assets';
import { cifarResNet } from '../src/model/builders';
import { type NetworkSpec, type ShortcutOption, walkLayers } from '../src/model/spec';
import { trailingMean } from '../src/model/training/curves';
import { type EvalMode, evaluate } from '../src/model/training/evaluate';
import type { DegradationRecord } from '../src/model/training/record';
import type { Model } from '../src/model/runtime/model';
import { type LrSchedule, type Warmup, checkSchedule, describeSchedule } from '../src/model/training/schedule';
import { type TrainingResult, type TrainingRun, startTraining } from '../src/model/training/trainer';
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
  runMain,
} from './lib/cli';

interface Options {
  depths: number[];
  shortcuts: ShortcutOption[];
  width: number;
  seeds: number[];
  steps: number;
  batch: number;
  schedule: LrSchedule;
  momentum: number;
  weightDecay: number;
  zeroInit: boolean;
  preact: boolean;
  evalEvery: number;
  evalExamples: number;
  evalModes: EvalMode[];
  smoothing: number;
  saveWeights: string | null;
  backend: BackendName;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const { num, int, list, ints, string, has } = parseFlags(argv, {
    known: ['depths', 'shortcuts', 'width', 'seeds', 'steps', 'batch', 'lr', 'milestones', 'gamma', 'warmup-steps', 'warmup-from', 'warmup-shape', 'momentum', 'weight-decay', 'eval-every', 'eval-examples', 'eval-modes', 'smoothing', 'backend', 'out', 'save-weights'],
    booleans: ['zero-init', 'preact'],
  });
  const preact = has('preact');
  if (preact && has('zero-init')) usage('--zero-init zeroes the γ of the BatchNorm that ends each residual branch; a pre-activation branch ends in a conv, so --preact cannot take it (run without --zero-init)');
  const shortcuts = list('shortcuts', preact ? 'A' : 'plain,A');
  if (preact && shortcuts.includes('plain')) usage('--preact changes residual blocks; a plain net has no addition, so drop plain from --shortcuts (e.g. --shortcuts A)');
  for (const s of shortcuts) if (s !== 'plain' && s !== 'A' && s !== 'B') usage(`--shortcuts takes plain, A or B, got ${JSON.stringify(s)}`);
  const evalModes = list('eval-modes', 'inference,batch');
  for (const m of evalModes) if (m !== 'inference' && m !== 'batch') usage(`--eval-modes takes inference and/or batch, got ${JSON.stringify(m)}`);
  const backend = string('backend', 'wasm');
  if (backend !== 'wasm' && backend !== 'cpu') usage(`--backend must be wasm or cpu, got ${JSON.stringify(backend)}`);
  const milestones = ints('milestones', '');
  const warmupSteps = int('warmup-steps', 0);
  const warmupShape = string('warmup-shape', 'linear');
  if (warmupShape !== 'linear' && warmupShape !== 'constant') usage(`--warmup-shape must be linear or constant, got ${JSON.stringify(warmupShape)}`);
  const warmup: Warmup | undefined = warmupSteps > 0 ? { steps: warmupSteps, from: num('warmup-from', 0.01), shape: warmupShape } : undefined;
  const lr = num('lr', 0.1);
  const schedule: LrSchedule = milestones.length
    ? { kind: 'step', lr, milestones, gamma: num('gamma', 0.1), ...(warmup && { warmup }) }
    : { kind: 'constant', lr, ...(warmup && { warmup }) };
  try {
    checkSchedule(schedule);
  } catch (err) {
    usage(err instanceof Error ? err.message : String(err));
  }
  const depths = ints('depths', '20,32,56');
  const width = int('width', 8);
  for (const depth of depths) {
    try {
      cifarResNet({ depth, width, inputShape: [28, 28, 1], preActivation: preact });
    } catch (err) {
      usage(`--depths/--width: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  return {
    depths,
    shortcuts: shortcuts as ShortcutOption[],
    width,
    seeds: ints('seeds', '1'),
    steps: int('steps', 500),
    batch: int('batch', 64),
    schedule,
    momentum: num('momentum', 0.9),
    weightDecay: num('weight-decay', 1e-4),
    zeroInit: has('zero-init'),
    preact,
    evalEvery: int('eval-every', 100),
    evalExamples: int('eval-examples', 1000),
    evalModes: evalModes as EvalMode[],
    smoothing: int('smoothing', 50),
    saveWeights: string('save-weights') === undefined ? null : resolve(string('save-weights')!),
    backend,
    out: resolve(string('out') ?? join(ROOT, `src/data/runs/degradation-${date}.json`)),
  };
}

/** The momentum of the running averages, as the builder sets it (every BatchNorm layer shares it). */
function bnMomentumOf(spec: NetworkSpec): number | null {
  for (const { layer } of walkLayers(spec)) if (layer.kind === 'batchnorm') return layer.momentum;
  return null;
}

const variantName = (shortcut: ShortcutOption, depth: number, preact = false) =>
  `${preact ? 'pre' : ''}${shortcut === 'plain' ? 'plain' : shortcut === 'A' ? 'res' : `res${shortcut}`}-${depth}`;

/**
 * Writes `<dir>/<stem>.bin` (every weight, float32 little-endian, in the model's order) and `<stem>.json` (names,
 * shapes, byte offsets, SHA-256 of the .bin), so a trained reference net can be shipped and checked later.
 */
async function saveWeights(model: Model, dir: string, stem: string): Promise<void> {
  const entries: { name: string; shape: number[]; offset: number }[] = [];
  const parts: Float32Array[] = [];
  let offset = 0;
  for (const [name, v] of model.weights) {
    const values = (await v.data()) as Float32Array;
    entries.push({ name, shape: v.shape, offset });
    parts.push(values);
    offset += values.byteLength;
  }
  const bytes = new Uint8Array(offset);
  let at = 0;
  for (const p of parts) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${stem}.bin`), bytes);
  const sha256 = await sha256Hex(bytes);
  await writeFile(join(dir, `${stem}.json`), `${JSON.stringify({ spec: model.spec.name, dtype: 'float32', bytes: offset, sha256, weights: entries }, null, 1)}\n`);
}

async function degradation(opts: Options, argv: string[]): Promise<number> {
  const started = performance.now();
  const env = await setupBackend(opts.backend);
  const data = await loadSubset();
  const checkpoints = [50, 100, 200, 300, 500, 1000, 2000, 5000].filter((s) => s <= opts.steps);
  if (!checkpoints.includes(opts.steps)) checkpoints.push(opts.steps);
  const record: DegradationRecord = {
    experiment: 'degradation',
    command: `npm run experiment -- ${argv.join(' ')}`,
    date: new Date().toISOString(),
    git: gitState(),
    environment: environment(env),
    data: describeSubset(data),
    config: {
      depths: opts.depths,
      shortcuts: opts.shortcuts,
      width: opts.width,
      batchSize: opts.batch,
      steps: opts.steps,
      schedule: opts.schedule,
      scheduleText: describeSchedule(opts.schedule),
      optimizer: 'SGD, momentum, coupled L2 weight decay on conv/dense weights only (PyTorch torch.optim.SGD semantics)',
      momentum: opts.momentum,
      weightDecay: opts.weightDecay,
      init: 'He normal (fan-in), seeded per weight name',
      /** Residual nets only (the builder refuses it on plain nets, whose blocks would all output zeros). */
      zeroInitResidual: opts.zeroInit,
      /** Full pre-activation blocks (`--preact`); run names then start with `pre`. */
      preActivation: opts.preact,
      bnMomentum: bnMomentumOf(cifarResNet({ depth: 8, width: opts.width, inputShape: [28, 28, 1] })),
      smoothing: opts.smoothing,
      evaluation: { every: opts.evalEvery, examples: Math.min(opts.evalExamples, data.test.count), modes: opts.evalModes },
    },
    seeds: opts.seeds,
    wallSeconds: 0,
    interrupted: false,
    /** Smoothed (trailing-`smoothing`) minibatch training error at the checkpoints, per run. */
    summary: [],
    runs: [],
  };
  const save = () => saveRecord(opts.out, record, started);
  let current: TrainingRun | null = null;
  stopOnInterrupt(record, () => current);

  log(`degradation: depths ${opts.depths.join(', ')} × ${opts.shortcuts.join('/')}${opts.preact ? ' (pre-activation)' : ''} × seeds ${opts.seeds.join(', ')}, w = ${opts.width}, batch ${opts.batch}, ${opts.steps} steps, lr ${describeSchedule(opts.schedule)}; ${describeBackend(env)}`);
  for (const seed of opts.seeds) {
    for (const depth of opts.depths) {
      for (const shortcut of opts.shortcuts) {
        if (record.interrupted) break;
        const name = variantName(shortcut, depth, opts.preact);
        const zeroInitResidual = opts.zeroInit && shortcut !== 'plain';
        const spec = cifarResNet({ depth, shortcut, width: opts.width, zeroInitResidual, preActivation: opts.preact, numClasses: 10, inputShape: [28, 28, 1] });
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
          smoothing: opts.smoothing,
          evaluation: { every: opts.evalEvery, atEnd: opts.evalEvery > 0, examples: opts.evalExamples, modes: opts.evalModes },
          keepModel: true,
          onStep: (s) => {
            if (s.step % every === 0 || s.step === opts.steps) {
              log(`  ${name} seed ${seed}  step ${String(s.step).padStart(5)}/${opts.steps}  loss ${s.loss.toFixed(3)}  error(${opts.smoothing}) ${s.smoothedError.toFixed(3)}  lr ${s.lr}  ${s.stepsPerSecond.toFixed(2)} steps/s`);
            }
          },
          onEvaluate: (e) => {
            log(`  ${name} seed ${seed}  step ${String(e.step).padStart(5)}  test error ${e.error.toFixed(3)} (${e.mode}, ${e.examples} images)`);
          },
        });
        const r: TrainingResult = await current.done;
        current = null;
        // The trained net itself, BatchNorm on its running averages: its error on the whole training subset (the
        // paper's training error is of the net being trained; this one is the deployable net's), then its weights.
        let trainSet: { error: number; loss: number; examples: number } | null = null;
        if (r.model) {
          try {
            if (r.status === 'finished') {
              const e = await evaluate(r.model, data.train, { mode: 'inference' });
              trainSet = { error: round(e.error), loss: round(e.loss), examples: e.examples };
              log(`  ${name} seed ${seed}  training-subset error ${e.error.toFixed(3)} (inference, ${e.examples} images)`);
            }
            if (opts.saveWeights) await saveWeights(r.model, opts.saveWeights, `${name}-seed${seed}`);
          } finally {
            r.model.dispose();
          }
        }
        // The mean minibatch error over the previous `smoothing` steps, at each checkpoint (the summary table).
        const smoothed = trailingMean(r.curves.error, opts.smoothing);
        const at: Record<string, number | null> = {};
        for (const c of checkpoints) {
          const v = smoothed[c - 1];
          at[c] = v === undefined ? null : round(v, 3);
        }
        record.summary.push({ run: name, seed, at });
        record.runs.push({
          name,
          depth,
          shortcut,
          seed,
          params: r.params,
          status: r.status,
          message: r.message,
          steps: r.steps,
          seconds: round(r.seconds, 1),
          stepsPerSecond: round(r.stepsPerSecond, 3),
          final: { smoothedLoss: round(r.final.smoothedLoss), smoothedError: round(r.final.smoothedError) },
          trainSet,
          zeroInitResidual,
          evaluations: r.evaluations.map((e) => ({ step: e.step, mode: e.mode, error: round(e.error), loss: round(e.loss), examples: e.examples })),
          curves: { loss: r.curves.loss.map((v) => round(v)), error: r.curves.error.map((v) => round(v)), lr: r.curves.lr },
        });
        log(`${name} seed ${seed}: ${r.message.replace(/\.$/, '')}; ${r.params.toLocaleString('en')} parameters, ${r.stepsPerSecond.toFixed(2)} steps/s, ${r.seconds.toFixed(1)} s`);
        await save();
      }
    }
  }
  if (tf.memory().numTensors !== 0) log(`warning: ${tf.memory().numTensors} tensors still allocated after all runs`);
  await save();
  log('');
  log(`smoothed minibatch training error (mean of the previous ${opts.smoothing} steps):`);
  log(['run'.padEnd(12), 'seed', ...checkpoints.map((c) => String(c).padStart(6))].join('  '));
  for (const s of record.summary) {
    log([s.run.padEnd(12), String(s.seed).padStart(4), ...checkpoints.map((c) => (s.at[c] == null ? '—' : s.at[c]!.toFixed(3)).padStart(6))].join('  '));
  }
  log(`\nwrote ${shownPath(opts.out)} (${record.wallSeconds} s)`);
  return record.interrupted ? 130 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'degradation') return degradation(parseArgs(rest), argv);
  if (name === 'resnext') return (await import('./experiments/resnext')).resnext(rest, argv); // scripts/experiments/resnext.ts
  usage(`usage: npm run experiment -- degradation [options] (see scripts/experiment.ts); got ${JSON.stringify(name ?? '')}`);
}

runMain(main);
