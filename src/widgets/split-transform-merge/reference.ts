/**
 * The committed ResNet-vs-ResNeXt reference runs the lesson cites: one JSON file per net and seed
 * (src/data/runs/resnext-<C>x<d>d-seed<n>.json), read at build time; every number and every conclusion the lesson
 * states about them is computed from here.
 */
import type { ResnextRunFile } from './run';
import { compareRuns } from './run';

const files = import.meta.glob<ResnextRunFile>('../../data/runs/resnext-*x*d-seed*.json', { eager: true, import: 'default' });

/** Every committed run file, sorted by file name. */
export const RESNEXT_FILES: readonly ResnextRunFile[] = Object.keys(files)
  .sort()
  .map((k) => files[k]!);

/** The runs paired by seed, the paired test per seed, and the conclusion across seeds. */
export const RESNEXT_COMPARISON = compareRuns(RESNEXT_FILES);
