/**
 * npx tsx scripts/bench-grouped-conv-layers.ts [--backend wasm|cpu] [--reps 7] [--batch N] [--only LABEL]
 *
 * One grouped conv's forward + backward (gradients for input and kernel) per formulation, at the shapes of the
 * ResNeXt comparison's nets (batch 32, 28×28 Fashion-MNIST, 4 groups), of the same net with 32 groups, and of wider
 * 8-, 16- and 32-group layers. Formulations run interleaved (the order flips every repetition); the median and the
 * minimum of this process's CPU time are reported (single-threaded wasm, so CPU time is the work done, and other
 * processes on a shared machine disturb it less than wall time): the numbers behind `chooseGroupedConvFormulation`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseFlags, setupBackend } from './lib/cli';
import { type GroupedConvFormulation, groupedConv2d } from '../src/model/runtime/grouped-conv';

const { int, string } = parseFlags(process.argv.slice(2), { known: ['backend', 'reps', 'only', 'batch'] });
const backend = string('backend', 'wasm') as 'wasm' | 'cpu';
const reps = int('reps', 7);
const only = string('only');
const batch = string('batch'); // a smaller batch for the slow cpu backend
await setupBackend(backend);

interface Case { label: string; n: number; size: number; cin: number; cout: number; groups: number; stride: number }
const cases: Case[] = [
  { label: 'lab layer1 conv2', n: 32, size: 28, cin: 24, cout: 24, groups: 4, stride: 1 },
  { label: 'lab layer2 conv2', n: 32, size: 28, cin: 48, cout: 48, groups: 4, stride: 2 },
  { label: 'lab layer3 conv2', n: 32, size: 14, cin: 100, cout: 100, groups: 4, stride: 2 },
  { label: '32×4d net layer2 conv2', n: 32, size: 28, cin: 64, cout: 64, groups: 32, stride: 2 },
  { label: '32×4d net layer3 conv2', n: 32, size: 14, cin: 128, cout: 128, groups: 32, stride: 2 },
  { label: '8 groups', n: 32, size: 14, cin: 64, cout: 64, groups: 8, stride: 1 },
  { label: '16 groups of 8', n: 8, size: 14, cin: 128, cout: 128, groups: 16, stride: 1 },
  { label: '32×4d', n: 8, size: 14, cin: 128, cout: 128, groups: 32, stride: 1 },
  { label: '32 groups of 8', n: 8, size: 14, cin: 256, cout: 256, groups: 32, stride: 1 },
].filter((c) => !only || c.label.includes(only)).map((c) => (batch ? { ...c, n: Number(batch) } : c));
const formulations: GroupedConvFormulation[] = ['split', 'groupMajor', 'depthwise', 'blockDiagonal'];

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const min = (v: number[]) => Math.min(...v);
for (const c of cases) {
  const x = tf.randomNormal([c.n, c.size, c.size, c.cin], 0, 1, 'float32', 1) as tf.Tensor4D;
  const k = tf.randomNormal([3, 3, c.cin / c.groups, c.cout], 0, 0.1, 'float32', 2) as tf.Tensor4D;
  const step = (f: GroupedConvFormulation) => {
    const t0 = process.cpuUsage();
    const gs = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(groupedConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, 1, c.groups, f))))([x, k]);
    gs.forEach((g) => g.dataSync());
    tf.dispose(gs);
    const d = process.cpuUsage(t0);
    return (d.user + d.system) / 1000; // CPU ms of this single-threaded process: what other processes on a busy machine disturb least

  };
  const times: Record<string, number[]> = {};
  for (const f of formulations) { step(f); times[f] = []; } // warm-up
  for (let r = 0; r < reps; r++) {
    const order = r % 2 ? [...formulations].reverse() : formulations;
    for (const f of order) times[f]!.push(step(f));
  }
  console.log(`${c.label} [${c.n},${c.size},${c.size},${c.cin}]→${c.cout} g=${c.groups} s=${c.stride}: ` +
    formulations.map((f) => `${f} ${median(times[f]!).toFixed(1)} (min ${min(times[f]!).toFixed(1)}) ms`).join(', '));
  tf.dispose([x, k]);
}
