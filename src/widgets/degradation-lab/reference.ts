/**
 * Build-time facts about the committed reference runs, for lesson prose and the scorecard: every number the lesson
 * states about our runs comes from here, read from the JSON files that `npm run experiment -- degradation` wrote (one
 * file per seed; the lab draws the first as its faint reference lines).
 */
import seed1 from '../../data/runs/degradation-2026-11-25-seed1.json';
import seed2 from '../../data/runs/degradation-2026-11-26-seed2.json';
import { trailingMean } from '../../model/training/curves';
import type { ReferenceRunFile } from './series';

/** Every committed reference run, one per seed, in seed order. */
export const REFERENCE_RUNS: readonly ReferenceRunFile[] = ([seed1, seed2] as unknown as ReferenceRunFile[]).sort((a, b) => a.seeds[0]! - b.seeds[0]!);
/** The run the lab draws beside the reader's (seed 1). */
export const REFERENCE: ReferenceRunFile = REFERENCE_RUNS[0]!;

/** The run of one seed; a seed with no committed run fails the build. */
export function referenceRun(seed?: number): ReferenceRunFile {
  if (seed === undefined) return REFERENCE;
  const run = REFERENCE_RUNS.find((r) => r.seeds.includes(seed));
  if (!run) throw new Error(`there is no reference run with seed ${seed} (seeds: ${REFERENCE_RUNS.flatMap((r) => r.seeds).join(', ')})`);
  return run;
}

export type RunStat = 'seeds' | 'train-error' | 'test-error' | 'test-error-inference' | 'params' | 'minutes' | 'steps' | 'width' | 'batch' | 'train-examples' | 'test-examples' | 'lr';

/**
 * One number about one network of a reference run (`net` like "plain-56"); `step` for the error stats (default: the
 * last); `seed` picks the run (default: seed 1). `seeds` is how many runs there are.
 */
export function referenceStat(stat: RunStat, net?: string, step?: number, seed?: number): number | string {
  if (stat === 'seeds') return REFERENCE_RUNS.length;
  const run = referenceRun(seed);
  switch (stat) {
    case 'minutes':
      return run.wallSeconds / 60;
    case 'steps':
      return run.config.steps;
    case 'width':
      return run.config.width;
    case 'batch':
      return run.config.batchSize;
    case 'train-examples':
      return run.data.train;
    case 'test-examples':
      return run.data.test;
    case 'lr':
      return run.config.scheduleText;
  }
  const r = run.runs.find((x) => x.name === net);
  if (!r) throw new Error(`the reference run has no network ${JSON.stringify(net)} (it has ${run.runs.map((x) => x.name).join(', ')})`);
  const at = step ?? r.curves.error.length;
  if (stat === 'params') return r.params;
  if (stat === 'train-error') {
    const smooth = trailingMean(r.curves.error, run.config.smoothing);
    const v = smooth[at - 1];
    if (v === undefined) throw new Error(`${net} has no step ${at}`);
    return v;
  }
  const mode = stat === 'test-error-inference' ? 'inference' : 'batch';
  const e = r.evaluations.find((x) => x.step === at && x.mode === mode);
  if (!e) throw new Error(`${net} has no ${mode}-mode test evaluation at step ${at}`);
  return e.error;
}
