/**
 * The lesion records scripts/lesion.ts writes (src/data/lesions/<net>-seed<seed>.json), checked and summarised, so
 * that what a page or a report says about them is computed from them. Pure: no tfjs.
 */
import type { LesionBlock } from './lesion';

export const LESION_FORMAT = 'residual-lessons/lesions';

export interface LesionRecord {
  format: typeof LESION_FORMAT;
  version: 1;
  /** Reference net id, e.g. `res-56`. */
  net: string;
  /** Training seed of the net. */
  seed: number;
  architecture: { depth: number; shortcut: string; width: number; zeroInitResidual: boolean };
  command: string;
  git: { commit: string | null; dirty: boolean };
  split: 'test';
  examples: number;
  /** Error of the whole net. */
  intactError: number;
  /** Every block, with its error when deleted alone (null: not deletable, or not measured yet). */
  blocks: (LesionBlock & { error: number | null })[];
  random: {
    seed: number;
    drawsPerK: number;
    /** k = 1 is every single deletion; larger k are random sets of deletable blocks. */
    ks: { k: number; source: 'every single block' | 'random draws'; sets: string[][]; errors: number[]; mean: number; sd: number }[];
  };
  evaluations: number;
  secondsPerEvaluation: number;
  wallSeconds: number;
  interrupted: boolean;
}

const fail = (net: unknown, what: string): never => {
  throw new Error(`lesion record ${JSON.stringify(net)}: ${what}`);
};
const isRate = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

/** Checks a parsed record: errors are rates, every set holds k distinct deletable blocks, means match their errors. */
export function parseLesionRecord(json: unknown): LesionRecord {
  const r = json as LesionRecord;
  if (typeof r !== 'object' || r === null || r.format !== LESION_FORMAT || r.version !== 1) fail(r?.net, `format must be "${LESION_FORMAT}" version 1`);
  if (!isRate(r.intactError)) fail(r.net, `intactError must be a rate, got ${JSON.stringify(r.intactError)}`);
  const deletable = new Set(r.blocks.filter((b) => b.deletable).map((b) => b.name));
  for (const b of r.blocks) {
    if (!b.deletable && b.error !== null) fail(r.net, `block ${b.name} cannot be deleted but has an error`);
    if (b.error !== null && !isRate(b.error)) fail(r.net, `block ${b.name}: error ${b.error} is not a rate`);
  }
  for (const { k, sets, errors, mean } of r.random.ks) {
    if (sets.length !== errors.length || errors.length === 0) fail(r.net, `k = ${k}: ${sets.length} sets but ${errors.length} errors`);
    for (const set of sets) if (new Set(set).size !== k || !set.every((n) => deletable.has(n))) fail(r.net, `k = ${k}: set ${JSON.stringify(set)} is not ${k} distinct deletable blocks`);
    if (Math.abs(errors.reduce((a, b) => a + b, 0) / errors.length - mean) > 1e-4) fail(r.net, `k = ${k}: mean ${mean} is not the mean of its errors`);
  }
  return r;
}

export interface LesionSummary {
  net: string;
  intactError: number;
  /** Deletable blocks that keep the shape: the worst and the mean error when one of them is deleted. */
  worstKeepingShape: { block: string; error: number } | null;
  meanKeepingShape: number | null;
  /** Blocks that change resolution and width (their downsampling shortcut kept), each with its error. */
  downsampling: { block: string; error: number }[];
  /** Blocks that cannot be deleted (plain blocks that change the shape). */
  notDeletable: string[];
  /** Mean, spread and draws of the error for k deleted blocks. */
  byK: { k: number; mean: number; sd: number; min: number; max: number; draws: number }[];
}

export function summariseLesions(r: LesionRecord): LesionSummary {
  const measured = r.blocks.filter((b) => b.error !== null) as (LesionBlock & { error: number })[];
  const keeping = measured.filter((b) => !b.changesShape);
  const worst = keeping.reduce<(typeof keeping)[number] | null>((w, b) => (!w || b.error > w.error ? b : w), null);
  return {
    net: r.net,
    intactError: r.intactError,
    worstKeepingShape: worst && { block: worst.name, error: worst.error },
    meanKeepingShape: keeping.length ? keeping.reduce((a, b) => a + b.error, 0) / keeping.length : null,
    downsampling: measured.filter((b) => b.changesShape).map((b) => ({ block: b.name, error: b.error })),
    notDeletable: r.blocks.filter((b) => !b.deletable).map((b) => b.name),
    byK: r.random.ks.map(({ k, errors, mean, sd }) => ({ k, mean, sd, min: Math.min(...errors), max: Math.max(...errors), draws: errors.length })),
  };
}
