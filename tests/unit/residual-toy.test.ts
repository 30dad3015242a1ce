import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, test } from 'vitest';
import { ResidualToy, TOY_DEFAULTS, target, toyCsv } from '../../src/widgets/residual-toy/toy';
import { useBackend } from './setup-tf';

beforeAll(async () => {
  await useBackend('cpu');
}, 60_000);

test('with zero-initialised output layers the residual stack is exactly the identity, the plain stack outputs 0', async () => {
  const toy = new ResidualToy({ ...TOY_DEFAULTS, zeroInit: true });
  const c = await toy.curves();
  expect(c.h.residual).toEqual(c.xs.map((x) => Math.fround(x)));
  expect(c.h.plain.every((v) => v === 0)).toBe(true);
  toy.dispose();
});

test('fitting a near-identity function: the residual stack starts closer and ends far lower than the plain stack, which does not move', async () => {
  const toy = new ResidualToy(TOY_DEFAULTS);
  const start = await toy.curves();
  toy.train(150);
  const end = await toy.curves();
  expect(start.loss.residual).toBeLessThan(start.loss.plain);
  expect(end.loss.residual).toBeLessThan(start.loss.residual);
  expect(end.loss.residual * 5).toBeLessThan(end.loss.plain);
  expect(end.loss.plain).toBeCloseTo(start.loss.plain, 3); // eight near-zero blocks in a row: no gradient gets through
  // What the residual stack learned is the small wiggle H(x) − x = 0.25·sin(πx), not the whole function.
  const maxF = Math.max(...end.residual.residual.map(Math.abs));
  expect(maxF).toBeLessThan(0.5);
  expect(maxF).toBeGreaterThan(0.1);
  expect(toyCsv(end).split('\n')).toHaveLength(TOY_DEFAULTS.points + 2);
  expect(target(0.5)).toBeCloseTo(0.75, 10);
  toy.dispose();
});

test('training the toy leaks no tensors', async () => {
  const before = tf.memory().numTensors;
  const toy = new ResidualToy({ ...TOY_DEFAULTS, blocks: 2 });
  toy.train(5);
  await toy.curves();
  toy.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
