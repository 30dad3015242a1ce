/**
 * The committed results the evidence lesson states, read and checked at build time: every landscape record
 * (src/data/landscapes, the 21×21 grids included), every lesion record (src/data/lesions) and whatever post- and
 * pre-activation runs exist (src/data/runs/{postact,preact}-<depth>-seed<k>.json: a seed added later is picked up
 * without editing this file), and the degradation recipe runs (the same residual nets with the zero-γ start). A malformed file fails the build with the parser's message.
 */
import { parseLandscapeRecord } from '../../model/analysis/landscape-record';
import { parseLesionRecord } from '../../model/analysis/lesion-record';
import { parseDegradationRecord } from '../../model/training/record';
import fashionMnist from '../../../public/data/fashion-mnist/manifest.json';
import { chanceError } from './claims';

const landscapeFiles = import.meta.glob<unknown>('../../data/landscapes/**/*.json', { eager: true, import: 'default' });
const lesionFiles = import.meta.glob<unknown>('../../data/lesions/*.json', { eager: true, import: 'default' });
const postFiles = import.meta.glob<unknown>('../../data/runs/postact-*-seed*.json', { eager: true, import: 'default' });
const preFiles = import.meta.glob<unknown>('../../data/runs/preact-*-seed*.json', { eager: true, import: 'default' });
const recipeFiles = import.meta.glob<unknown>('../../data/runs/degradation-recipe-seed*.json', { eager: true, import: 'default' });

const name = (path: string) => path.replace(/^.*\/data\//, 'src/data/');

export const LANDSCAPES = Object.entries(landscapeFiles).map(([path, json]) => parseLandscapeRecord(json, name(path)));
export const LESIONS = Object.values(lesionFiles).map(parseLesionRecord);
const runs = (files: Record<string, unknown>) =>
  Object.entries(files)
    .map(([path, json]) => parseDegradationRecord(json, name(path)))
    .sort((a, b) => a.seeds[0]! - b.seeds[0]!);
/** Post-activation (original) and full pre-activation residual runs, one file per seed, in seed order. */
export const POSTACT_RUNS = runs(postFiles);
export const PREACT_RUNS = runs(preFiles);
/** The degradation lesson's recipe runs (residual nets with the zero-γ start), one file per seed. */
export const RECIPE_RUNS = runs(recipeFiles);

/** The lesion record of one net, e.g. `res-56`; a missing one fails the build. */
export function lesionRecord(net: string) {
  const r = LESIONS.find((x) => x.net === net);
  if (!r) throw new Error(`no lesion record for ${net} in src/data/lesions (there are: ${LESIONS.map((x) => x.net).join(', ')})`);
  return r;
}

/** The error of a constant answer on the test subset the lesions are measured on (from its manifest's class counts). */
export const TEST_CHANCE_ERROR = chanceError(fashionMnist.splits.test.perClass);
