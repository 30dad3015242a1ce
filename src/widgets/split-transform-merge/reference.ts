/**
 * The committed ResNet-vs-ResNeXt reference runs the lesson cites, one JSON file per seed; every number the lesson
 * states about them is read from here.
 */
import seed1 from '../../data/runs/resnext-2026-11-25-seed1.json';
import seed2 from '../../data/runs/resnext-2026-11-26-seed2.json';
import type { ResnextRunFile } from './run';

/** Every committed run, in seed order. */
export const RESNEXT_RUNS: readonly ResnextRunFile[] = ([seed1, seed2] as unknown as ResnextRunFile[]).sort((a, b) => a.seeds[0]! - b.seeds[0]!);
/** The seed-1 run (the default of <RunNumber> and <RunChart>). */
export const RESNEXT_RUN: ResnextRunFile = RESNEXT_RUNS[0]!;

/** The run of one seed; a seed with no committed run fails the build. */
export function resnextRun(seed?: number): ResnextRunFile {
  if (seed === undefined) return RESNEXT_RUN;
  const run = RESNEXT_RUNS.find((r) => r.seeds.includes(seed));
  if (!run) throw new Error(`there is no ResNeXt reference run with seed ${seed} (seeds: ${RESNEXT_RUNS.flatMap((r) => r.seeds).join(', ')})`);
  return run;
}
