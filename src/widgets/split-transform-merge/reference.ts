/**
 * The committed ResNet-vs-ResNeXt reference runs the lesson cites: one JSON file per net and seed
 * (src/data/runs/resnext-<C>x<d>d-seed<n>.json), read at build time; every number and every conclusion the lesson
 * states about them is computed from here.
 */
import { type ResnextRecord, parseResnextRecord } from '../../model/training/record';
import { compareRuns } from './run';

const files = import.meta.glob('../../data/runs/resnext-*x*d-seed*.json', { eager: true, import: 'default' });

/** Every committed run file, sorted by file name, each checked against the run record's type (a malformed one fails the build). */
export const RESNEXT_FILES: readonly ResnextRecord[] = Object.keys(files)
  .sort()
  .map((k) => parseResnextRecord(files[k], k.replace('../../', 'src/')));

/** The runs paired by seed, the paired test per seed, and the conclusion across seeds. */
export const RESNEXT_COMPARISON = compareRuns(RESNEXT_FILES);
