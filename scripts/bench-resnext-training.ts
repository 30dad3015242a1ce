/**
 * npm run bench:resnext -- [--variants 4x25d,32x4d,1x64d] [--reps 5] [--steps 5] [--backend wasm|cpu]
 *
 * Training steps per second of the ResNeXt comparison's nets (`npm run experiment -- resnext`: smallResNeXt, width 16,
 * one bottleneck per stage, batch 32, 28×28 Fashion-MNIST subset, SGD with momentum) with the grouped convolution as
 * the library runs it now and as it ran before (one conv per group, split → conv → concat), in Node on tfjs's wasm
 * backend (one thread). Each measurement is a fresh child process: "before" children load
 * scripts/lib/grouped-conv-before.ts in place of the library's grouped conv through a module hook, so nothing else
 * differs. Children alternate before/after (the order flips every repetition) so that a busy machine slows both alike;
 * the medians over repetitions are reported, of wall time and of this process's CPU time (which other processes on a
 * shared machine disturb less). 4×25d is the comparison's ResNeXt, 32×4d the paper's cardinality at the same small
 * size, 1×64d the ResNet (no grouped conv: its before/after ratio shows the noise). Prints JSON.
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { fileURLToPath } from 'node:url';
import { parseVariant, smallResNeXt } from '../src/model/cardinality';
import { startTraining } from '../src/model/training/trainer';
import { groupedConv2d } from '../src/model/runtime/ops';
import { type BackendName, ROOT, loadSubset, parseFlags, setupBackend } from './lib/cli';

const argv = process.argv.slice(2);
const { int, list, string } = parseFlags(argv, { known: ['variants', 'reps', 'steps', 'backend', 'child', 'variant'] });
const steps = int('steps', 5);
const backend = string('backend', 'wasm') as BackendName;

interface ChildResult {
  variant: string;
  grouped: 'before' | 'after';
  wallMsPerStep: number;
  cpuMsPerStep: number;
  /** Conv2D calls of one 32-group conv as the model library runs it here: 32 before, 0 after (one depthwise call). */
  conv2dCallsFor32Groups: number;
}

/** Proves which grouped conv the model library runs in this process (the hook took effect, or did not). */
async function conv2dCallsFor32Groups(): Promise<number> {
  const x = tf.zeros([1, 4, 4, 128]) as tf.Tensor4D;
  const k = tf.zeros([3, 3, 4, 128]) as tf.Tensor4D;
  const info = await tf.profile(() => groupedConv2d(x, k, 1, 1, 32));
  tf.dispose([x, k, info.result as tf.Tensor]);
  return info.kernels.filter((e) => e.name === 'Conv2D').length;
}

/** One net, `steps` timed steps after one warm-up step, timed from the end of the warm-up to the end of the last. */
async function child(variantText: string, grouped: 'before' | 'after'): Promise<ChildResult> {
  await setupBackend(backend);
  const probe = await conv2dCallsFor32Groups();
  const data = await loadSubset();
  const v = parseVariant(variantText);
  const stamps: { wall: number; cpu: number }[] = [];
  const run = startTraining({
    spec: smallResNeXt({ cardinality: v.cardinality, widthPerGroup: v.width }),
    train: data.train,
    steps: steps + 1,
    batchSize: 32,
    schedule: { kind: 'constant', lr: 0.05 },
    seed: 1,
    onStep: () => {
      const c = process.cpuUsage();
      stamps.push({ wall: performance.now(), cpu: (c.user + c.system) / 1000 });
    },
  });
  const r = await run.done;
  if (r.status !== 'finished') throw new Error(`${variantText}: training ended ${r.status}`);
  const first = stamps[0]!;
  const last = stamps.at(-1)!;
  return { variant: v.label, grouped, wallMsPerStep: (last.wall - first.wall) / steps, cpuMsPerStep: (last.cpu - first.cpu) / steps, conv2dCallsFor32Groups: probe };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (v: number, d = 3) => Number(v.toFixed(d));

async function parent(): Promise<void> {
  const variants = list('variants', '4x25d,32x4d,1x64d');
  const reps = int('reps', 5);
  const script = fileURLToPath(import.meta.url);
  const results: ChildResult[] = [];
  for (let rep = 0; rep < reps; rep++) {
    for (const variant of variants) {
      const order: ('before' | 'after')[] = rep % 2 ? ['after', 'before'] : ['before', 'after'];
      for (const grouped of order) {
        const hooks = grouped === 'before' ? ['--import', './scripts/lib/grouped-conv-before-register.mjs'] : [];
        const args = ['--import', 'tsx', ...hooks, script, '--child', grouped, '--variant', variant, '--steps', String(steps), '--backend', backend];
        const p = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
        const line = p.stdout.split('\n').find((l) => l.startsWith('RESULT '));
        if (p.status !== 0 || !line) throw new Error(`bench-resnext-training: child ${grouped} ${variant} failed (exit ${p.status}):\n${p.stdout}`);
        const r = JSON.parse(line.slice(7)) as ChildResult;
        if ((r.conv2dCallsFor32Groups === 32) !== (grouped === 'before')) {
          throw new Error(`bench-resnext-training: the ${grouped} child ran ${r.conv2dCallsFor32Groups} Conv2D calls for a 32-group conv: the module hook did not do what it should`);
        }
        results.push(r);
        process.stderr.write(`bench-resnext-training: ${line.slice(7)}\n`);
      }
    }
  }
  const summary = variants.map((variant) => {
    const label = parseVariant(variant).label;
    const of = (g: 'before' | 'after') => results.filter((r) => r.variant === label && r.grouped === g);
    const stat = (g: 'before' | 'after') => ({
      stepsPerSecondWall: round(1000 / median(of(g).map((r) => r.wallMsPerStep))),
      stepsPerSecondCpu: round(1000 / median(of(g).map((r) => r.cpuMsPerStep))),
    });
    const [before, after] = [stat('before'), stat('after')];
    return {
      net: label,
      before,
      after,
      speedupWall: round(after.stepsPerSecondWall / before.stepsPerSecondWall, 2),
      speedupCpu: round(after.stepsPerSecondCpu / before.stepsPerSecondCpu, 2),
    };
  });
  console.log(
    JSON.stringify(
      {
        benchmark: 'resnext-training-grouped-conv',
        date: new Date().toISOString(),
        command: `npm run bench:resnext -- ${argv.join(' ')}`.trim(),
        setup: `smallResNeXt (width 16, layers 1,1,1), batch 32, 28×28 Fashion-MNIST subset, SGD momentum; Node ${process.version}, tfjs ${backend} (1 thread); ${steps} timed steps per child after 1 warm-up step, ${reps} repetitions, before/after alternating; medians`,
        before: 'split → conv per group → concat (scripts/lib/grouped-conv-before.ts)',
        after: 'groupedConv2d (src/model/runtime/grouped-conv.ts)',
        results: summary,
      },
      null,
      2,
    ),
  );
}

const childRole = string('child');
if (childRole === 'before' || childRole === 'after') {
  console.log(`RESULT ${JSON.stringify(await child(string('variant', '4x25d'), childRole))}`);
} else {
  await parent();
}
