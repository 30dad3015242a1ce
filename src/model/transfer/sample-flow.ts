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
  history: { epoch: number; trainLoss: number; trainAccuracy: number; validationLoss: number; validationAccuracy: number }[];
}

export interface SampleFlowRun {
  seed: number;
  featureImagesPerSecond: number;
  headOnly: SampleFlowModel;
  fineTuned: SampleFlowModel;
}

export interface SampleFlowRecord {
  command: string;
  seeds: number[];
  git: { commit: string | null; dirty: boolean };
  data: { classes: string[]; trainPerClass: number; validationFraction: number; testPerClass: number };
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
  };
}
