/**
 * The transfer lesson's exercise "will fine-tuning conv5_x help?", answered from the committed sample-flow reference
 * run. The record is read by the model library (transfer/sample-flow.ts); this module compares the two models seed by
 * seed on the same test images, decides the exercise's answer and words it. Pure: no Astro, no tfjs;
 * tests/unit/fine-tune-verdict.test.ts checks it on made-up runs and on the committed file.
 *
 * Test accuracy, not validation accuracy: both models were chosen on the validation split, so their validation numbers
 * are optimistic, and not independently so. Fine-tuning counts its head-only start as epoch 0 and keeps it when no
 * fine-tuned epoch beats it on validation loss: in such a seed the "fine-tuned" model IS the head-only model, and the
 * two test accuracies are equal by construction. Those seeds are counted apart, never as measured ties.
 */
import { type SampleFlowRecord } from '../model/transfer/sample-flow';
import { stratifiedSplit } from '../model/transfer/split';

export type FineTuneAnswer = 'yes' | 'no' | 'no clear difference';

export interface FineTuneVerdict {
  classes: string[];
  /** Images per class in the run, and how many of them trained (the rest validated). */
  perClass: number;
  trainedPerClass: number;
  testImages: number;
  /** `kept`: validation kept a fine-tuned epoch (bestEpoch ≥ 1); otherwise the seed fell back to the head-only model. */
  seeds: { seed: number; headOnly: number; fineTuned: number; kept: boolean; gainImages: number }[];
  /** Fine-tuned minus head-only, in whole test images (the record rounds accuracies; images are exact). */
  meanGainImages: number;
  minGainImages: number;
  maxGainImages: number;
  /** Seeds where a kept fine-tuned model was right on more / fewer / as many test images as the head alone. */
  helped: number;
  hurt: number;
  tied: number;
  /** Seeds where validation kept no fine-tuned epoch: equal to the head-only model by construction. */
  fellBack: number;
  /** Wall time of one epoch where the run was recorded: fine-tuning (mean, min, max over seeds), and the head alone. */
  fineTuneSecondsPerEpoch: { mean: number; min: number; max: number };
  headSecondsPerEpoch: number;
  /** Where the run was recorded, if the record says (backend and threads). */
  environment: { backend: string; threads: number } | null;
  answer: FineTuneAnswer;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * "yes" only if there are at least two seeds, validation kept fine-tuning and it was right on more test images than
 * the head in every one, AND its mean gain is larger than the seed-to-seed spread of the gain (max − min) and than one
 * test image: a gain every seed agrees on can still be a single image, and one seed shows no spread to compare with.
 * "no" if it gained in no seed. Otherwise "no clear difference". Gains are counted in whole images
 * (Math.round(gain × test images)), so the record's 4-decimal rounding cannot turn one image into more than one.
 */
export function fineTuneVerdict(record: SampleFlowRecord): FineTuneVerdict {
  const { classes, trainPerClass, validationFraction, testPerClass } = record.data;
  const testImages = classes.length * testPerClass;
  const seeds = record.runs.map((r) => ({
    seed: r.seed,
    headOnly: r.headOnly.testAccuracy,
    fineTuned: r.fineTuned.testAccuracy,
    kept: r.fineTuned.bestEpoch > 0,
    gainImages: Math.round((r.fineTuned.testAccuracy - r.headOnly.testAccuracy) * testImages),
  }));
  const gains = seeds.map((s) => s.gainImages);
  const kept = seeds.filter((s) => s.kept);
  const helped = kept.filter((s) => s.gainImages > 0).length;
  const hurt = kept.filter((s) => s.gainImages < 0).length;
  const meanGainImages = mean(gains);
  const [minGainImages, maxGainImages] = [Math.min(...gains), Math.max(...gains)];
  const clear = meanGainImages > Math.max(maxGainImages - minGainImages, 1);
  const answer: FineTuneAnswer = seeds.length >= 2 && helped === seeds.length && clear ? 'yes' : helped === 0 ? 'no' : 'no clear difference';
  // The run's split holds out the same share of every class: count what one class keeps for training.
  const trainedPerClass = stratifiedSplit(new Array<number>(trainPerClass).fill(0), validationFraction, 1).train.length;
  const fineTuneSeconds = record.runs.map((r) => r.fineTuned.secondsPerEpoch);
  const env = (record as SampleFlowRecord & { environment?: { backend?: unknown; threads?: unknown } }).environment;
  return {
    classes,
    perClass: trainPerClass,
    trainedPerClass,
    testImages,
    seeds,
    meanGainImages,
    minGainImages,
    maxGainImages,
    helped,
    hurt,
    tied: kept.length - helped - hurt,
    fellBack: seeds.length - kept.length,
    fineTuneSecondsPerEpoch: { mean: mean(fineTuneSeconds), min: Math.min(...fineTuneSeconds), max: Math.max(...fineTuneSeconds) },
    headSecondsPerEpoch: mean(record.runs.map((r) => r.headOnly.secondsPerEpoch)),
    environment: typeof env?.backend === 'string' && typeof env.threads === 'number' ? { backend: env.backend, threads: env.threads } : null,
    answer,
  };
}

/** A signed count of images, "+2", "−1", "0" (no sign on zero: "±0" would read as plus-or-minus). */
const signedImages = (v: number) => {
  const text = Number.isInteger(v) ? String(Math.abs(v)) : Math.abs(v).toFixed(1);
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${text}`;
};
const imagesWord = (v: number) => (Math.abs(v) === 1 ? 'image' : 'images');
const percent = (v: number) => `${(100 * v).toFixed(1)} %`;
const list = (xs: number[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/** The verdict in a few sentences, for the exercise's worked solution. */
export function describeFineTuneVerdict(v: FineTuneVerdict): string {
  const n = v.seeds.length;
  const perSeed = v.seeds.map((s) => `seed ${s.seed}: ${percent(s.headOnly)} → ${percent(s.fineTuned)}${s.kept ? '' : ' (fell back)'}`).join('; ');
  const keptSeeds = n - v.fellBack;
  const fellBackSeeds = v.seeds.filter((s) => !s.kept).map((s) => s.seed);
  const kept =
    v.fellBack === 0
      ? `Validation kept a fine-tuned epoch in every seed.`
      : v.fellBack === n
        ? `Validation kept no fine-tuned epoch in any seed: in every seed the fine-tuned model is the head-only model (epoch 0), so equal by construction, and nothing about fine-tuning was measured on the test images.`
        : `Validation kept a fine-tuned epoch in ${keptSeeds} of ${n} seeds; in seed${fellBackSeeds.length > 1 ? 's' : ''} ${list(fellBackSeeds)} the fine-tuned model is the head-only model (epoch 0), so equal by construction.`;
  const tally =
    keptSeeds === 0
      ? ''
      : n === 1
        ? ` Only one seed is recorded: fine-tuning changed the count of correct test images by ${signedImages(v.meanGainImages)} there, with no second seed to show how much that varies.`
        : ` Where it was kept, fine-tuning got more test images right in ${v.helped} seed${v.helped === 1 ? '' : 's'}, fewer in ${v.hurt}, as many in ${v.tied}; over all ${n} seeds the gain is ${signedImages(v.meanGainImages)} ${imagesWord(v.meanGainImages)} on average (${signedImages(v.minGainImages)} to ${signedImages(v.maxGainImages)}).`;
  const verdict =
    v.answer === 'yes'
      ? ' A gain in every seed, larger than the spread between seeds and than one image: with these settings, fine-tuning helped.'
      : v.answer === 'no'
        ? ' So with these settings fine-tuning did not help.'
        : n === 1
          ? ' So this run cannot say that fine-tuning helped.'
          : ' Not a gain in every seed larger than the spread between seeds, so with these settings these runs cannot say that fine-tuning helped.';
  const where = v.environment ? ` (${v.environment.backend}, ${v.environment.threads === 1 ? 'one thread' : `${v.environment.threads} threads`})` : '';
  const s = v.fineTuneSecondsPerEpoch;
  const cost = ` Where it was recorded${where}, an epoch of fine-tuning took ${s.mean.toFixed(0)} s (${s.min.toFixed(0)}–${s.max.toFixed(0)} s across seeds), an epoch of the head alone ${v.headSecondsPerEpoch.toFixed(2)} s.`;
  return `Head alone → fine-tuned, on the same ${v.testImages} test images (${perSeed}). ${kept}${tally}${verdict}${cost}`;
}
