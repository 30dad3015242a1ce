/**
 * The committed sample-flow record (src/data/transfer/sample-flow.json, written by `npm run transfer`), read and
 * summarised for a lesson: what it may say about head-only vs fine-tuned is computed here from the runs, never typed.
 * Pure (no tfjs).
 */

export interface SampleFlowModel {
  bestEpoch: number;
  epochsRun: number;
  stoppedEarly: boolean;
  validationLoss: number;
  validationAccuracy: number;
  secondsPerEpoch: number;
  /** Accuracy on the held-out test images, computed once after selection. */
  testAccuracy: number;
  /** counts[true][predicted] on the test images. */
  testConfusion: number[][];
  /** The predicted class of each test image, in the order of `data.testLabels` (records from before it lack it). */
  testPredictions?: number[];
  history: { epoch: number; trainLoss: number; trainAccuracy: number; validationLoss: number; validationAccuracy: number }[];
}

/**
 * The fine-tuned epoch ≥ 1 with the lowest validation loss, from the same run as `fineTuned`, kept even when it does
 * not beat the head-only start: a model whose conv5_x really was trained, to compare like with like.
 */
export interface SampleFlowForced {
  bestEpoch: number;
  validationLoss: number;
  validationAccuracy: number;
  testAccuracy: number;
  testConfusion: number[][];
  testPredictions: number[];
}

export interface SampleFlowRun {
  seed: number;
  featureImagesPerSecond: number;
  headOnly: SampleFlowModel;
  /** The procedure's result: falls back to the head-only model (bestEpoch 0) when no fine-tuned epoch beats it. */
  fineTuned: SampleFlowModel;
  fineTunedForced?: SampleFlowForced;
}

export interface SampleFlowRecord {
  command: string;
  seeds: number[];
  git: { commit: string | null; dirty: boolean };
  data: { classes: string[]; trainPerClass: number; validationFraction: number; testPerClass: number; testLabels?: number[] };
  runs: SampleFlowRun[];
  leakedTensors: number;
}

/** Checks the shape of a parsed record (the parts the findings read) and returns it typed. */
export function parseSampleFlow(json: unknown): SampleFlowRecord {
  const r = json as SampleFlowRecord;
  const fail = (what: string): never => {
    throw new Error(`sample-flow record: ${what}`);
  };
  if (typeof r !== 'object' || r === null) fail('not a JSON object');
  if (!Array.isArray(r.seeds) || !Array.isArray(r.runs) || r.runs.length === 0) fail('needs seeds and at least one run');
  if (!Array.isArray(r.data?.classes) || r.data.classes.length < 2) fail('needs the class names');
  for (const run of r.runs) {
    for (const m of [run.headOnly, run.fineTuned]) {
      if (!m || typeof m.testAccuracy !== 'number' || !Array.isArray(m.testConfusion) || !Array.isArray(m.history)) fail(`run of seed ${run.seed} lacks a model's numbers`);
    }
    for (const m of [run.headOnly, run.fineTuned, run.fineTunedForced]) {
      if (m?.testPredictions && m.testPredictions.length !== r.data.testLabels?.length) fail(`run of seed ${run.seed}: per-image predictions without a label for each (data.testLabels)`);
    }
  }
  return r;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export interface SampleFlowFindings {
  seeds: number;
  headOnlyTest: { mean: number; min: number; max: number };
  fineTunedTest: { mean: number; min: number; max: number };
  /** Fine-tuned minus head-only test accuracy, per seed (paired: same images). */
  gains: number[];
  /**
   * Seeds where no fine-tuned epoch beat the head-only start on validation (bestEpoch 0), so the "fine-tuned" model is
   * the head-only one: not a tie on the merits, no fine-tuning was kept at all. Counted apart from the three below.
   */
  fellBack: number;
  /** Of the seeds where a fine-tuned epoch was kept: fine-tuning raised / lowered / kept the test accuracy. */
  helped: number;
  hurt: number;
  tied: number;
  /** `helped` only if fine-tuning raised test accuracy in every seed; `hurt` if it lowered it in every seed. */
  verdict: 'helped' | 'hurt' | 'mixed or no change';
  fineTuneSecondsPerEpoch: number;
  /**
   * The fine-tuned epoch ≥ 1 chosen on validation (no fallback) against head-only, on the same test images: its epoch,
   * test accuracy and gain in whole images per seed, and the seeds where it was right on more / fewer / as many
   * images. Null for a record without `fineTunedForced`.
   */
  forced: { epochs: number[]; test: { mean: number; min: number; max: number }; gainImages: number[]; helped: number; hurt: number; tied: number } | null;
  /**
   * Discordant test images against head-only, for the procedure's result (`fineTuned`) and for `forced`: `fixed` =
   * head-only wrong and fine-tuned right, `broken` = the reverse, per seed and summed over seeds. The seeds share one
   * test set, so the sums count an image once per seed; `imagesFixed`/`imagesBroken` count distinct images fixed or
   * broken in at least one seed. Null for a record without per-image predictions.
   */
  discordant: { fineTuned: Discordant; forced: Discordant } | null;
}

export interface Discordant {
  perSeed: { seed: number; fixed: number; broken: number }[];
  fixed: number;
  broken: number;
  imagesFixed: number;
  imagesBroken: number;
}

/** Fixed and broken test images of `tuned` against `head`, over the runs, from per-image predictions. */
function discordant(runs: SampleFlowRun[], labels: number[], head: (r: SampleFlowRun) => number[], tuned: (r: SampleFlowRun) => number[]): Discordant {
  const fixedOnce = new Set<number>();
  const brokenOnce = new Set<number>();
  const perSeed = runs.map((r) => {
    const [h, t] = [head(r), tuned(r)];
    let fixed = 0;
    let broken = 0;
    labels.forEach((y, i) => {
      if (h[i] !== y && t[i] === y) {
        fixed++;
        fixedOnce.add(i);
      } else if (h[i] === y && t[i] !== y) {
        broken++;
        brokenOnce.add(i);
      }
    });
    return { seed: r.seed, fixed, broken };
  });
  const sum = (k: 'fixed' | 'broken') => perSeed.reduce((a, s) => a + s[k], 0);
  return { perSeed, fixed: sum('fixed'), broken: sum('broken'), imagesFixed: fixedOnce.size, imagesBroken: brokenOnce.size };
}

/** What the runs say, computed. */
export function sampleFlowFindings(record: SampleFlowRecord): SampleFlowFindings {
  const range = (xs: number[]) => ({ mean: mean(xs), min: Math.min(...xs), max: Math.max(...xs) });
  const gains = record.runs.map((r) => r.fineTuned.testAccuracy - r.headOnly.testAccuracy);
  const kept = record.runs.map((r) => r.fineTuned.bestEpoch > 0);
  const keptGains = gains.filter((_, i) => kept[i]);
  return {
    seeds: record.runs.length,
    headOnlyTest: range(record.runs.map((r) => r.headOnly.testAccuracy)),
    fineTunedTest: range(record.runs.map((r) => r.fineTuned.testAccuracy)),
    gains,
    fellBack: kept.filter((k) => !k).length,
    helped: keptGains.filter((g) => g > 0).length,
    hurt: keptGains.filter((g) => g < 0).length,
    tied: keptGains.filter((g) => g === 0).length,
    verdict: gains.every((g) => g > 0) ? 'helped' : gains.every((g) => g < 0) ? 'hurt' : 'mixed or no change',
    fineTuneSecondsPerEpoch: mean(record.runs.map((r) => r.fineTuned.secondsPerEpoch)),
    forced: forcedFindings(record),
    discordant: discordantFindings(record),
  };
}

function forcedFindings(record: SampleFlowRecord): SampleFlowFindings['forced'] {
  const forced = record.runs.map((r) => r.fineTunedForced);
  if (!forced.every((f) => f !== undefined)) return null;
  const testImages = record.data.classes.length * record.data.testPerClass;
  const correct = (m: number[][]) => m.reduce((a, row, i) => a + row[i]!, 0);
  const gainImages = record.runs.map((r, i) => correct(forced[i]!.testConfusion) - correct(r.headOnly.testConfusion));
  const accuracies = forced.map((f) => correct(f!.testConfusion) / testImages);
  return {
    epochs: forced.map((f) => f!.bestEpoch),
    test: { mean: mean(accuracies), min: Math.min(...accuracies), max: Math.max(...accuracies) },
    gainImages,
    helped: gainImages.filter((g) => g > 0).length,
    hurt: gainImages.filter((g) => g < 0).length,
    tied: gainImages.filter((g) => g === 0).length,
  };
}

function discordantFindings(record: SampleFlowRecord): SampleFlowFindings['discordant'] {
  const labels = record.data.testLabels;
  const complete = record.runs.every((r) => r.headOnly.testPredictions && r.fineTuned.testPredictions && r.fineTunedForced?.testPredictions);
  if (!labels || !complete) return null;
  return {
    fineTuned: discordant(record.runs, labels, (r) => r.headOnly.testPredictions!, (r) => r.fineTuned.testPredictions!),
    forced: discordant(record.runs, labels, (r) => r.headOnly.testPredictions!, (r) => r.fineTunedForced!.testPredictions),
  };
}
