/**
 * Build-time facts about the committed reference runs, for lesson prose and the scorecard: every number the lesson
 * states about our runs comes from here, read from the JSON files that `npm run experiment -- degradation` wrote (one
 * file per seed; the lab draws seed 1 as its faint reference lines). Two families of runs, each with its command in
 * its files:
 * - `recipe`: the paper's recipe, shortened (step schedule ÷10 at 50 % and 75 %, warm-up, zero-γ residual blocks),
 *   depths 20 and 56, three seeds: the run that answers the lesson's question.
 * - `quick`: a constant learning rate for 500 steps, depths 20, 32 and 56, two seeds (the lab's Quick button uses the
 *   same constant rate for fewer steps).
 */
import quick1 from '../../data/runs/degradation-2026-11-25-seed1.json';
import quick2 from '../../data/runs/degradation-2026-11-26-seed2.json';
import recipe1 from '../../data/runs/degradation-recipe-seed1.json';
import recipe2 from '../../data/runs/degradation-recipe-seed2.json';
import recipe3 from '../../data/runs/degradation-recipe-seed3.json';
import { trailingMean } from '../../model/training/curves';
import { type DegradationRecord, parseDegradationRecord } from '../../model/training/record';

export type RunFamily = 'recipe' | 'quick';

/** Each file checked against the run record's type (a malformed one fails the build), in seed order. */
const bySeed = (files: Record<string, unknown>) =>
  Object.entries(files)
    .map(([name, json]) => parseDegradationRecord(json, `src/data/runs/${name}.json`))
    .sort((a, b) => a.seeds[0]! - b.seeds[0]!);

/** Every committed reference run of each family, one per seed, in seed order. */
export const REFERENCE_FAMILIES: Readonly<Record<RunFamily, readonly DegradationRecord[]>> = {
  recipe: bySeed({ 'degradation-recipe-seed1': recipe1, 'degradation-recipe-seed2': recipe2, 'degradation-recipe-seed3': recipe3 }),
  quick: bySeed({ 'degradation-2026-11-25-seed1': quick1, 'degradation-2026-11-26-seed2': quick2 }),
};
/** The quick runs (the lab's default settings), in seed order. */
const REFERENCE_RUNS: readonly DegradationRecord[] = REFERENCE_FAMILIES.quick;
/** The run the lab draws beside the reader's (seed 1). */
export const REFERENCE: DegradationRecord = REFERENCE_RUNS[0]!;

/** The run of one seed of a family (default seed 1); a seed with no committed run fails the build. */
export function referenceRun(seed?: number, family: RunFamily = 'recipe'): DegradationRecord {
  const runs = REFERENCE_FAMILIES[family];
  const run = runs.find((r) => r.seeds.includes(seed ?? 1));
  if (!run) throw new Error(`there is no ${family} reference run with seed ${seed} (seeds: ${runs.flatMap((r) => r.seeds).join(', ')})`);
  return run;
}

export type RunStat = 'seeds' | 'epochs' | 'train-set-error' | 'train-error' | 'test-error' | 'test-error-inference' | 'params' | 'minutes' | 'steps' | 'width' | 'batch' | 'train-examples' | 'test-examples' | 'lr';

/**
 * One number about one network of a reference run (`net` like "plain-56"); `step` for the error stats (default: the
 * last); `seed` picks the run (default: seed 1) and `family` the set of runs (default: the recipe runs). `seeds` is
 * how many runs the family has.
 */
export function referenceStat(stat: RunStat, net?: string, step?: number, seed?: number, family: RunFamily = 'recipe'): number | string {
  if (stat === 'seeds') return REFERENCE_FAMILIES[family].length;
  const run = referenceRun(seed, family);
  switch (stat) {
    case 'minutes':
      return run.wallSeconds / 60;
    case 'steps':
      return run.config.steps;
    case 'epochs':
      return (run.config.steps * run.config.batchSize) / run.data.train;
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
  // A stopped or diverged net has no final numbers: the page must not show its last values as if it had finished.
  if (r.status !== 'finished' || r.curves.error.length < run.config.steps) {
    throw new Error(`${net} (seed ${run.seeds[0]}) did not finish its ${run.config.steps} steps`);
  }
  if (stat === 'train-set-error') {
    if (!r.trainSet) throw new Error(`${net} (seed ${run.seeds[0]}) has no error on the whole training subset in its record`);
    return r.trainSet.error;
  }
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
