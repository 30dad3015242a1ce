import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, test } from 'vitest';
import { ResidualToy, TOY_DEFAULTS, TOY_KINDS, target, toyCsv } from '../../src/widgets/residual-toy/toy';
import { useBackend } from './setup-tf';

beforeAll(async () => {
  await useBackend('cpu');
}, 300_000);

/** The seeds the widget offers. */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

async function values(vars: readonly tf.Variable[]): Promise<number[][]> {
  return Promise.all(vars.map(async (v) => Array.from(await v.data())));
}

const rms = (v: readonly number[]) => Math.sqrt(v.reduce((s, a) => s + a * a, 0) / v.length);

test('given a seed, both stacks start from the same weights, with or without zero-init; another seed gives other weights', async () => {
  for (const zeroInit of [false, true]) {
    const toy = new ResidualToy({ seed: 3, zeroInit });
    const plain = await values(toy.stacks.plain.vars);
    expect(await values(toy.stacks.residual.vars)).toEqual(plain);
    const other = new ResidualToy({ seed: 4, zeroInit });
    expect(await values(other.stacks.plain.vars)).not.toEqual(plain);
    toy.dispose();
    other.dispose();
  }
});

test('the initialisation: He fan-in for the hidden layer, fan-in with gain 1 for the output layer, zero biases', async () => {
  // Pool the weights of many blocks, so the sample standard deviations are close to the intended ones.
  const toy = new ResidualToy({ blocks: 64, hidden: 32 });
  const w = await values(toy.stacks.plain.vars);
  const pick = (k: number) => w.filter((_, i) => i % 4 === k).flat();
  const std = (v: number[]) => rms(v); // mean 0 by construction
  expect(std(pick(0))).toBeCloseTo(Math.SQRT2, 1); // fan-in 1: √(2/1)
  expect(std(pick(2))).toBeCloseTo(Math.sqrt(1 / 32), 2); // fan-in 32: √(1/32)
  expect(pick(1).every((v) => v === 0) && pick(3).every((v) => v === 0)).toBe(true);
  toy.dispose();
  const zero = new ResidualToy({ zeroInit: true });
  const z = await values(zero.stacks.plain.vars);
  expect(z.filter((_, i) => i % 4 === 2).flat().every((v) => v === 0)).toBe(true);
  expect(z.filter((_, i) => i % 4 === 0).flat().some((v) => v !== 0)).toBe(true); // only the last layer is zeroed
  zero.dispose();
});

test('zero-init on: the residual stack is exactly the identity, the plain stack outputs 0 and every plain gradient is 0', async () => {
  for (const seed of [1, 2]) {
    const toy = new ResidualToy({ seed, zeroInit: true });
    const c = await toy.curves();
    expect(c.h.residual).toEqual(c.xs.map((x) => Math.fround(x)));
    expect(c.h.plain.every((v) => v === 0)).toBe(true);
    const g = await toy.gradients();
    // Plain: an output layer's input is ReLU(W₁·0) = 0 in every block after the first, and every gradient below the
    // last block passes through a zero W₂. Only the last bias b₂ sees the error: −2·mean(target), 0 for this odd target.
    expect(g.plain.every((b) => b.hidden === 0)).toBe(true);
    expect(g.plain.slice(0, -1).every((b) => b.output === 0)).toBe(true);
    const meanTarget = c.target.reduce((s, v) => s + v, 0) / c.target.length;
    expect(g.plain.at(-1)!.output).toBeCloseTo(Math.abs(2 * meanTarget), 6);
    expect(g.plain.at(-1)!.output).toBeLessThan(1e-6);
    // Residual: the hidden layers' gradients pass through the zero W₂ too, but every output layer gets one.
    expect(g.residual.every((b) => b.hidden === 0)).toBe(true);
    expect(g.residual.every((b) => b.output > 0.01)).toBe(true);
    toy.dispose();
  }
});

test('zero-init on, in every seed: training leaves the plain stack where it started, and the residual stack learns the small wiggle', async () => {
  for (const seed of SEEDS) {
    const toy = new ResidualToy({ seed, zeroInit: true });
    const start = await toy.curves();
    const plainStart = await values(toy.stacks.plain.vars);
    toy.train(150);
    const end = await toy.curves();
    const plainEnd = await values(toy.stacks.plain.vars);
    plainEnd.forEach((v, i) => v.forEach((a, j) => expect(a).toBeCloseTo(plainStart[i]![j]!, 6)));
    expect(end.loss.plain).toBeCloseTo(start.loss.plain, 6);
    expect(end.loss.residual * 2, `seed ${seed}`).toBeLessThan(start.loss.residual);
    // What the residual stack learned in all is the small wiggle H(x) − x = 0.25·sin(πx), not the whole function.
    const maxF = Math.max(...end.residual.residual.map(Math.abs));
    expect(maxF, `seed ${seed}`).toBeGreaterThan(0.15);
    expect(maxF, `seed ${seed}`).toBeLessThan(0.4);
    if (seed === 1) expect(toyCsv(end).split('\n')).toHaveLength(TOY_DEFAULTS.points + 2);
    toy.dispose();
  }
  expect(target(0.5)).toBeCloseTo(0.75, 10);
}, 600_000);

test('zero-init off, same He initialisation for both: in every seed the plain stack’s output and first-block gradient start far smaller than the residual stack’s, whose size varies widely from seed to seed', async () => {
  const residualSizes: number[] = [];
  for (const seed of SEEDS) {
    const toy = new ResidualToy({ seed });
    const c = await toy.curves();
    const g = await toy.gradients();
    // Eight random gains in a row, each through a one-number connection: the mean square is kept on average, but the
    // typical product is small.
    expect(rms(c.h.plain), `seed ${seed}`).toBeLessThan(0.05 * rms(c.xs));
    expect(rms(c.h.residual), `seed ${seed}`).toBeGreaterThan(5 * rms(c.h.plain));
    expect(g.residual[0]!.hidden, `seed ${seed}`).toBeGreaterThan(5 * g.plain[0]!.hidden);
    expect(Math.hypot(g.residual[0]!.hidden, g.residual[0]!.output), `seed ${seed}`).toBeGreaterThan(5 * Math.hypot(g.plain[0]!.hidden, g.plain[0]!.output));
    residualSizes.push(rms(c.h.residual) / rms(c.xs));
    toy.dispose();
  }
  expect(Math.min(...residualSizes)).toBeLessThan(0.1);
  expect(Math.max(...residualSizes)).toBeGreaterThan(2);
});

test('zero-init off: after 150 steps neither stack wins in every seed; at this learning rate the residual stack diverges in some seeds and the plain stack fails to move in some', async () => {
  let residualDiverged = 0;
  let residualFits = 0;
  let plainStuck = 0;
  let plainFits = 0;
  let residualLower = 0;
  let plainLower = 0;
  for (const seed of SEEDS) {
    const toy = new ResidualToy({ seed });
    const start = await toy.curves();
    toy.train(150);
    const end = await toy.curves();
    if (!Number.isFinite(end.loss.residual)) residualDiverged++;
    else if (end.loss.residual < 0.01) residualFits++;
    if (Math.abs(end.loss.plain - start.loss.plain) < 0.1 * start.loss.plain) plainStuck++;
    else if (end.loss.plain < 0.01) plainFits++;
    if (end.loss.residual < end.loss.plain) residualLower++;
    else plainLower++; // including a diverged residual stack (NaN compares false)
    toy.dispose();
  }
  expect(residualDiverged).toBeGreaterThan(0);
  expect(residualFits).toBeGreaterThan(0);
  expect(plainStuck).toBeGreaterThan(0);
  expect(plainFits).toBeGreaterThan(0);
  expect(residualLower).toBeGreaterThan(0);
  expect(plainLower).toBeGreaterThan(0);
}, 600_000);

test('the toy rejects bad settings with the value in the message', () => {
  expect(() => new ResidualToy({ blocks: 0 })).toThrow(/blocks .* got 0/);
  expect(() => new ResidualToy({ seed: 1.5 })).toThrow(/seed .* got 1.5/);
});

test('training the toy and measuring its gradients leak no tensors, with and without zero-init', async () => {
  for (const zeroInit of [false, true]) {
    const before = tf.memory().numTensors;
    const toy = new ResidualToy({ blocks: 2, zeroInit });
    toy.train(5);
    await toy.curves();
    const g = await toy.gradients();
    expect(TOY_KINDS.map((k) => g[k].length)).toEqual([2, 2]);
    toy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }
});
