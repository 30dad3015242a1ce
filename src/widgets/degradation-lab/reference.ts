/**
 * Build-time facts about the committed reference run, for lesson prose and the scorecard: every number the lesson
 * states about our runs comes from here, read from the JSON that `npm run experiment -- degradation` wrote.
 */
import referenceRun from '../../data/runs/degradation-2026-11-25-seed1.json';
import { trailingMean } from '../../model/training/curves';
import type { ReferenceRunFile } from './series';

export const REFERENCE: ReferenceRunFile = referenceRun as unknown as ReferenceRunFile;

export type RunStat = 'train-error' | 'test-error' | 'test-error-inference' | 'params' | 'minutes' | 'steps' | 'width' | 'batch' | 'train-examples' | 'test-examples' | 'lr';

/** One number about one network of the reference run (`net` like "plain-56"); `step` for the error stats (default: the last). */
export function referenceStat(stat: RunStat, net?: string, step?: number): number | string {
  const run = REFERENCE;
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
