/**
 * The transfer lesson's exercise "will fine-tuning conv5_x help?", answered from the committed sample-flow reference
 * run. The record is read and summarised by the model library (transfer/sample-flow.ts: paired test-accuracy gains,
 * seed by seed on the same test images); this module only decides the exercise's answer and words it. Pure: no
 * Astro, no tfjs; tests/unit/fine-tune-verdict.test.ts checks it on made-up runs and on the committed file.
 *
 * Test accuracy, not validation accuracy: both models were chosen on the validation split (fine-tuning even counts its
 * head-only start as epoch 0), so their validation numbers are optimistic, and not independently so.
 */
import { sampleFlowFindings, type SampleFlowRecord } from '../model/transfer/sample-flow';
import { stratifiedSplit } from '../model/transfer/split';

export type FineTuneAnswer = 'yes' | 'no' | 'no clear difference';

export interface FineTuneVerdict {
  classes: string[];
  /** Images per class in the run, and how many of them trained (the rest validated). */
  perClass: number;
  trainedPerClass: number;
  testImages: number;
  seeds: { seed: number; headOnly: number; fineTuned: number }[];
  meanGain: number;
  minGain: number;
  maxGain: number;
  helped: number;
  hurt: number;
  tied: number;
  /** Mean wall time of one epoch where the run was recorded: fine-tuning, and training the head alone. */
  fineTuneSecondsPerEpoch: number;
  headSecondsPerEpoch: number;
  answer: FineTuneAnswer;
}

/**
 * "yes" only if there are at least two seeds, fine-tuning raised test accuracy in every one AND its mean gain is
 * larger than the seed-to-seed spread of the gain (max − min) and than one test image: a gain every seed agrees on
 * can still be a single image, and one seed shows no spread to compare with. "no" if it raised it in no seed.
 * Otherwise "no clear difference".
 */
export function fineTuneVerdict(record: SampleFlowRecord): FineTuneVerdict {
  const f = sampleFlowFindings(record);
  const { classes, trainPerClass, validationFraction, testPerClass } = record.data;
  const testImages = classes.length * testPerClass;
  const meanGain = f.gains.reduce((a, b) => a + b, 0) / f.gains.length;
  const [minGain, maxGain] = [Math.min(...f.gains), Math.max(...f.gains)];
  const clear = meanGain > Math.max(maxGain - minGain, 1 / testImages);
  const answer: FineTuneAnswer = f.gains.length >= 2 && f.helped === f.gains.length && clear ? 'yes' : f.helped === 0 ? 'no' : 'no clear difference';
  // The run's split holds out the same share of every class: count what one class keeps for training.
  const trainedPerClass = stratifiedSplit(new Array<number>(trainPerClass).fill(0), validationFraction, 1).train.length;
  return {
    classes,
    perClass: trainPerClass,
    trainedPerClass,
    testImages,
    seeds: record.runs.map((r) => ({ seed: r.seed, headOnly: r.headOnly.testAccuracy, fineTuned: r.fineTuned.testAccuracy })),
    meanGain,
    minGain,
    maxGain,
    helped: f.helped,
    hurt: f.hurt,
    tied: f.tied,
    fineTuneSecondsPerEpoch: f.fineTuneSecondsPerEpoch,
    headSecondsPerEpoch: record.runs.reduce((t, r) => t + r.headOnly.secondsPerEpoch, 0) / record.runs.length,
    answer,
  };
}

const points = (v: number) => (100 * Math.abs(v)).toFixed(1);
const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${points(v)}`;
const percent = (v: number) => `${(100 * v).toFixed(1)} %`;

/** The verdict in a few sentences, for the exercise's worked solution. */
export function describeFineTuneVerdict(v: FineTuneVerdict): string {
  const n = v.seeds.length;
  const perSeed = v.seeds.map((s) => `seed ${s.seed}: ${percent(s.headOnly)} → ${percent(s.fineTuned)}`).join('; ');
  const tally =
    n === 1
      ? `Only one seed is recorded: fine-tuning changed test accuracy by ${signed(v.meanGain)} points there, with no second seed to show how much that varies`
      : `Fine-tuning scored higher in ${v.helped} of ${n} seeds, lower in ${v.hurt}, the same in ${v.tied}; on average ${signed(v.meanGain)} points (${signed(v.minGain)} to ${signed(v.maxGain)} across seeds)`;
  const verdict =
    v.answer === 'yes'
      ? 'a gain larger than the spread between seeds, so here fine-tuning helped.'
      : v.answer === 'no'
        ? 'so here fine-tuning did not help.'
        : n === 1
          ? 'so this run cannot say that fine-tuning helped.'
          : 'not a consistent gain larger than the spread between seeds, so these runs cannot say that fine-tuning helped.';
  const cost = `Where it was recorded, an epoch of fine-tuning took ${v.fineTuneSecondsPerEpoch.toFixed(0)} s, an epoch of the head alone ${v.headSecondsPerEpoch.toFixed(2)} s.`;
  return `Head alone → fine-tuned, on the same ${v.testImages} test images (${perSeed}). ${tally}: ${verdict} ${cost}`;
}
