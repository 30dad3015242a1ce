/**
 * What the transfer-learning lesson concludes from the committed sample-flow reference run
 * (src/data/transfer/sample-flow.json, written by `npm run transfer`): does fine-tuning conv5_x beat the head alone?
 * Computed from the run file at build time, so the lesson's answer changes when the data does. Pure: no Astro, no
 * tfjs; tests/unit/sample-flow.test.ts checks it on made-up runs and on the committed file.
 *
 * The comparison uses TEST accuracy, paired seed by seed on the same test images: both models were chosen on the
 * validation split (fine-tuning even counts its head-only start as epoch 0), so their validation accuracies are
 * optimistic, and the fine-tuned one by construction can only match or beat the head on validation loss.
 */
import { stratifiedSplit } from '../model/transfer/split';

/** The fields of the reference run this module reads (the file holds more: curves, settings, environment). */
export interface SampleFlowRecord {
  command: string;
  seeds: number[];
  data: { classes: string[]; trainPerClass: number; validationFraction: number; testPerClass: number };
  runs: { seed: number; headOnly: ModelScore; fineTuned: ModelScore }[];
}

interface ModelScore {
  validationAccuracy: number;
  testAccuracy: number;
}

const fail = (what: string): never => {
  throw new Error(`sample-flow.json: ${what} (re-create it with \`npm run transfer\`)`);
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFraction = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Checks the fields this module reads and returns the record typed; throws an Error naming the first bad field. */
export function parseSampleFlow(json: unknown): SampleFlowRecord {
  if (!isRecord(json)) return fail('expected an object');
  const { command, seeds, data, runs } = json;
  if (typeof command !== 'string') fail('command must be a string');
  if (!Array.isArray(seeds) || !seeds.every(Number.isInteger)) fail('seeds must be a list of integers');
  if (!isRecord(data)) return fail('data must be an object');
  if (!Array.isArray(data.classes) || data.classes.length < 2 || !data.classes.every((c) => typeof c === 'string')) fail('data.classes must name at least two classes');
  for (const key of ['trainPerClass', 'testPerClass'] as const) if (!isCount(data[key])) fail(`data.${key} must be a positive integer, got ${JSON.stringify(data[key])}`);
  if (!(isFraction(data.validationFraction) && data.validationFraction < 1)) fail(`data.validationFraction must be in [0, 1), got ${JSON.stringify(data.validationFraction)}`);
  if (!Array.isArray(runs) || runs.length === 0) return fail('runs must list at least one seed');
  runs.forEach((r: unknown, i) => {
    if (!isRecord(r) || !Number.isInteger(r.seed)) fail(`runs[${i}].seed must be an integer`);
    for (const model of ['headOnly', 'fineTuned'] as const) {
      const m = (r as Record<string, unknown>)[model];
      if (!isRecord(m)) fail(`runs[${i}].${model} must be an object`);
      for (const key of ['validationAccuracy', 'testAccuracy'] as const) {
        if (!isFraction((m as Record<string, unknown>)[key])) fail(`runs[${i}].${model}.${key} must be a fraction in [0, 1]`);
      }
    }
  });
  return json as unknown as SampleFlowRecord;
}

export type FineTuneAnswer = 'yes' | 'no' | 'no clear difference';

export interface FineTuneComparison {
  /** Images per class the reader's head and conv5_x trained on, after the validation split took its share. */
  trainedPerClass: number;
  perClass: number;
  classes: string[];
  testImages: number;
  /** Per seed: test accuracies and fine-tuned minus head-only. */
  seeds: { seed: number; headOnly: number; fineTuned: number; gain: number }[];
  meanGain: number;
  minGain: number;
  maxGain: number;
  /** In how many seeds fine-tuning scored higher, lower, the same. */
  better: number;
  worse: number;
  same: number;
  answer: FineTuneAnswer;
}

/**
 * Fine-tuned against head-only on the test images, seed by seed. "yes" only if fine-tuning scored higher in every
 * seed and its mean gain is more than the seed-to-seed spread of the gain (max − min) and more than one test image;
 * "no" if it scored lower or the same in every seed, never higher; otherwise "no clear difference". With one
 * seed there is no spread to compare with, so a single seed can only give "yes" by more than one test image.
 */
export function compareFineTuning(record: SampleFlowRecord): FineTuneComparison {
  const { classes, trainPerClass, validationFraction, testPerClass } = record.data;
  const testImages = classes.length * testPerClass;
  const seeds = record.runs.map((r) => ({ seed: r.seed, headOnly: r.headOnly.testAccuracy, fineTuned: r.fineTuned.testAccuracy, gain: r.fineTuned.testAccuracy - r.headOnly.testAccuracy }));
  const gains = seeds.map((s) => s.gain);
  const meanGain = gains.reduce((a, b) => a + b, 0) / gains.length;
  const [minGain, maxGain] = [Math.min(...gains), Math.max(...gains)];
  // Accuracies are stored rounded; a gain below half a test image is no gain.
  const tie = 0.5 / testImages;
  const better = gains.filter((g) => g > tie).length;
  const worse = gains.filter((g) => g < -tie).length;
  const same = gains.length - better - worse;
  const clear = meanGain > Math.max(maxGain - minGain, 1 / testImages);
  const answer: FineTuneAnswer = better === gains.length && clear ? 'yes' : better === 0 ? 'no' : 'no clear difference';
  // The split the run used holds out the same number in every class (whatever the seed): count one class's share.
  const oneClass = stratifiedSplit(new Array<number>(trainPerClass).fill(0), validationFraction, 1);
  return { trainedPerClass: oneClass.train.length, perClass: trainPerClass, classes, testImages, seeds, meanGain, minGain, maxGain, better, worse, same, answer };
}

const points = (v: number) => `${(100 * Math.abs(v)).toFixed(1)}`;
const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${points(v)}`;
const percent = (v: number) => `${(100 * v).toFixed(1)} %`;

/** The comparison in a few sentences, for the exercise's worked solution. */
export function describeFineTuning(c: FineTuneComparison): string {
  const n = c.seeds.length;
  const perSeed = c.seeds.map((s) => `seed ${s.seed}: ${percent(s.headOnly)} → ${percent(s.fineTuned)}`).join('; ');
  const tally =
    n === 1
      ? `In the one recorded seed, fine-tuning changed test accuracy by ${signed(c.meanGain)} points`
      : `Fine-tuning scored higher in ${c.better} of ${n} seeds, lower in ${c.worse}, the same in ${c.same}; on average ${signed(c.meanGain)} points (${signed(c.minGain)} to ${signed(c.maxGain)} across seeds)`;
  const verdict =
    c.answer === 'yes'
      ? 'a gain larger than the spread between seeds, so here fine-tuning helped.'
      : c.answer === 'no'
        ? 'so here fine-tuning did not help.'
        : 'not a consistent gain larger than the spread between seeds, so these runs cannot say that fine-tuning helped.';
  return `On the same ${c.testImages} test images (${perSeed}). ${tally}: ${verdict}`;
}
