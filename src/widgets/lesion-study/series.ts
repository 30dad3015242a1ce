/**
 * The lesion study's pure core: the committed lesion records (src/data/lesions/*.json, written by scripts/lesion.ts)
 * turned into what the widget draws, tabulates and says. No DOM, no tfjs: the shell runs it at build time, the
 * element in the page, the unit tests in Node.
 */
import { csvText } from '../plots/csv';
import { summariseLesions, type LesionRecord } from '../../model/analysis/lesion-record';
import type { Locale } from '../../i18n/locales';
import { strings } from './strings';

export const DEPTHS = [20, 56] as const;
export type Depth = (typeof DEPTHS)[number];
export const NETS = ['plain', 'residual'] as const;
export type NetKind = (typeof NETS)[number];
/** The English legend names (the charts word them from ./strings.ts in the page's language). */
export const NET_LABELS: Record<NetKind, string> = { plain: strings.en.plain, residual: strings.en.residual };
export const netId = (net: NetKind, depth: number): string => `${net === 'plain' ? 'plain' : 'res'}-${depth}`;

/** One block of one net: its error when deleted alone (null: it cannot be deleted). */
export interface BlockPoint {
  index: number;
  name: string;
  changesShape: boolean;
  deletable: boolean;
  error: number | null;
}

/** Error against k deleted blocks: the mean and the spread over the draws (k = 1: over every block). */
export interface KPoint {
  k: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  draws: number;
}

export interface NetLesions {
  net: NetKind;
  id: string;
  intactError: number;
  examples: number;
  blocks: BlockPoint[];
  byK: KPoint[];
}

/** Both nets of one depth, as the widget draws them; a net whose record is missing is absent. */
export type StudyData = { depth: number; nets: Partial<Record<NetKind, NetLesions>> };

export function netLesions(record: LesionRecord): NetLesions {
  const net: NetKind = record.architecture.shortcut === 'plain' ? 'plain' : 'residual';
  const s = summariseLesions(record);
  return {
    net,
    id: record.net,
    intactError: record.intactError,
    examples: record.examples,
    blocks: record.blocks.map((b) => ({ index: b.index, name: b.name, changesShape: b.changesShape, deletable: b.deletable, error: b.error })),
    byK: s.byK,
  };
}

/** The records of one depth (any order, other depths ignored). */
export function studyData(records: readonly LesionRecord[], depth: number): StudyData {
  const nets: StudyData['nets'] = {};
  for (const r of records.filter((r) => r.architecture.depth === depth)) {
    const n = netLesions(r);
    nets[n.net] = n;
  }
  return { depth, nets };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean error over every block that can be deleted alone; null without one measured. */
export function meanSingleDeletion(n: NetLesions): number | null {
  const errors = n.blocks.flatMap((b) => (b.error === null ? [] : [b.error]));
  return errors.length ? mean(errors) : null;
}

export const pct = (v: number, digits = 1): string => `${(100 * v).toFixed(digits)} %`;

/** The sentence under the charts, computed from the records, in the page's language. */
export function studyCaption({ nets }: StudyData, locale: Locale = 'en'): string {
  const res = nets.residual;
  const plain = nets.plain;
  const of = (n: NetLesions) => ({ id: n.id, from: pct(n.intactError), to: pct(meanSingleDeletion(n)!) });
  return strings[locale].caption(
    res && meanSingleDeletion(res) !== null ? of(res) : null,
    plain && meanSingleDeletion(plain) !== null ? { ...of(plain), blocked: plain.blocks.filter((b) => !b.deletable).length, blocks: plain.blocks.length } : null,
  );
}

/** Table and CSV of chart 1: one row per block position. */
export const BLOCK_HEADER = ['block index', 'block', 'downsampling', 'plain error', 'residual error'];
export function blockRows({ nets }: StudyData): (string | number | boolean | null)[][] {
  const ref = nets.residual ?? nets.plain;
  if (!ref) return [];
  return ref.blocks.map((b) => {
    const cell = (n?: NetLesions) => {
      const p = n?.blocks[b.index];
      return !p ? null : p.deletable ? p.error : 'not deletable';
    };
    return [b.index, b.name, b.changesShape, cell(nets.plain), cell(nets.residual)];
  });
}

/** Table and CSV of chart 2: one row per net and k. */
export const K_HEADER = ['net', 'k deleted', 'mean error', 'sd', 'min', 'max', 'draws'];
export function kRows({ nets }: StudyData): (string | number)[][] {
  return NETS.flatMap((n) => (nets[n]?.byK ?? []).map((p) => [nets[n]!.id, p.k, p.mean, p.sd, p.min, p.max, p.draws]));
}

export const blockCsv = (d: StudyData): string => csvText(BLOCK_HEADER, blockRows(d));
export const kCsv = (d: StudyData): string => csvText(K_HEADER, kRows(d));

/** A live result against the committed one for the same net and blocks: which blocks differ. */
export function compareWithRecord(n: NetLesions, measured: readonly { name: string; error: number }[]): { same: number; differ: { name: string; committed: number | null; measured: number }[] } {
  const differ = measured
    .map((m) => ({ name: m.name, committed: n.blocks.find((b) => b.name === m.name)?.error ?? null, measured: m.error }))
    .filter((d) => d.committed === null || Math.abs(d.committed - d.measured) > 1e-12);
  return { same: measured.length - differ.length, differ };
}
