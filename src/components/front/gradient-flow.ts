/**
 * The front page's gradient-flow figure, from the record scripts/front-gradient-flow.ts wrote
 * (src/data/front/gradient-flow.json): the backward signal ‖∂ℒ/∂x_l‖ at the stem's output and at every block's output
 * of a plain and a residual net at initialisation, BatchNorm off and on, several seeds; the gradient-flow lab's
 * "Measure at initialisation". One panel per BatchNorm setting, log scale, the median seed as a line and the lowest to
 * highest as a band. The figure's sentences and table compare the signal at the stem with the signal after the last
 * block (the lab's "first ÷ last"). Pure: no DOM, no tfjs.
 */
import { type Scale, type Tick, decadeDomain, scale, ticksAt } from '../../widgets/plots/layout';
import { ROLE } from '../../widgets/plots/palette';
import { type ChartGeometry, axisTicks, bandPath, curvePath, frame, legendAt } from './static-chart';
import { strings, type FrontWords } from './strings';

export const NETS = ['plain', 'residual'] as const;
export type Net = (typeof NETS)[number];

export interface Boundary {
  name: string;
  depth: number;
  norm: number;
}

export interface FlowRecord {
  command: string;
  config: { depth: number; width: number; seeds: number[]; probe: { split: string; start: number; count: number } };
  runs: { batchNorm: boolean; seed: number; nets: Record<Net, { loss: number; boundaries: Boundary[] }> }[];
}

const fail = (where: string, what: string): never => {
  throw new Error(`${where}: ${what} (rerun scripts/front-gradient-flow.ts)`);
};

/** Checks the record's shape and values; a malformed or stale file fails the build with a message saying where. */
export function parseFlowRecord(json: unknown, where = 'src/data/front/gradient-flow.json'): FlowRecord {
  const r = json as Partial<FlowRecord> & { format?: unknown };
  if (r?.format !== 'front-gradient-flow/1') fail(where, `unknown format ${JSON.stringify(r?.format)}`);
  if (typeof r.command !== 'string' || !r.config || !Array.isArray(r.runs) || !r.runs.length) fail(where, 'missing command, config or runs');
  for (const run of r.runs!) {
    for (const net of NETS) {
      const b = run.nets?.[net]?.boundaries;
      if (!Array.isArray(b) || !b.length) fail(where, `run (BatchNorm ${run.batchNorm}, seed ${run.seed}) has no ${net} boundaries`);
      for (const p of b!) if (!(p.norm > 0) || !Number.isFinite(p.norm)) fail(where, `${net} norm at ${p.name} is ${p.norm} (BatchNorm ${run.batchNorm}, seed ${run.seed})`);
    }
  }
  return r as FlowRecord;
}

const median = (v: readonly number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface FlowPoint {
  depth: number;
  name: string;
  median: number;
  min: number;
  max: number;
}

/** One net's signal at each boundary over the seeds of one BatchNorm setting. */
export function flowSeries(record: FlowRecord, batchNorm: boolean, net: Net): FlowPoint[] {
  const runs = record.runs.filter((r) => r.batchNorm === batchNorm);
  const first = runs[0]?.nets[net].boundaries ?? [];
  return first.map((b, i) => {
    const v = runs.map((r) => r.nets[net].boundaries[i]!.norm);
    return { depth: b.depth, name: b.name, median: median(v), min: Math.min(...v), max: Math.max(...v) };
  });
}

/** The signal at the stem ÷ after the last block, per seed (the lab's "first ÷ last"): below 1 it shrinks towards the input. */
export function firstToLast(record: FlowRecord, batchNorm: boolean, net: Net): { seed: number; ratio: number }[] {
  return record.runs
    .filter((r) => r.batchNorm === batchNorm)
    .map((r) => {
      const b = r.nets[net].boundaries;
      return { seed: r.seed, ratio: b[0]!.norm / b.at(-1)!.norm };
    });
}

const COLOR: Record<Net, string> = { plain: ROLE.plain, residual: ROLE.residual };
const STYLE: Record<Net, { width: number; dash?: string }> = { plain: { width: 2.2 }, residual: { width: 2.2, dash: '6 3' } };
export const netLabels = (t: FrontWords = strings.en): Record<Net, string> => ({ plain: t.netLabel(false), residual: t.netLabel(true) });
export const NET_LABEL = netLabels();
export const bnTitle = (batchNorm: boolean, t: FrontWords = strings.en) => (batchNorm ? t.withBatchNorm : t.withoutBatchNorm);

/** One panel (BatchNorm off or on), log y scale of whole decades. */
export function flowPanel(record: FlowRecord, batchNorm: boolean, { width = 340, height = 240 } = {}, t: FrontWords = strings.en): ChartGeometry {
  const labels = netLabels(t);
  const area = frame(width, height);
  const series = NETS.map((net) => ({ net, points: flowSeries(record, batchNorm, net) }));
  const all = series.flatMap((s) => s.points.flatMap((p) => [p.min, p.max]));
  const x = scale([0, record.config.depth], [area.left, area.right]);
  const y = scale(decadeDomain(all), [area.bottom, area.top], { type: 'log' });
  const ratios = NETS.map((net) => `${labels[net]} ${formatRatio(median(firstToLast(record, batchNorm, net).map((r) => r.ratio)))}×`).join(t.listSeparator);
  return {
    width,
    height,
    title: bnTitle(batchNorm, t),
    label: t.flowLabel(bnTitle(batchNorm, t), record.config.depth, ratios),
    area,
    xTicks: axisTicks(x, 4),
    yTicks: decadeTicks(y, decadeDomain(all)),
    xLabel: t.depthAxis,
    yLabel: '‖∂ℒ/∂x‖',
    bands: series.map((s) => ({ series: s.net, color: COLOR[s.net], d: bandPath(s.points, (p) => x(p.depth), (p) => y(p.min), (p) => y(p.max)) })),
    lines: series.map((s) => ({ series: s.net, color: COLOR[s.net], ...STYLE[s.net], d: curvePath(s.points, (p) => x(p.depth), (p) => y(p.median)) })),
    legend: legendAt(
      area,
      NETS.map((net) => ({ label: labels[net], color: COLOR[net], ...STYLE[net] })),
    ),
  };
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** 10⁻², 10⁰, 10³: a power of ten as it is printed. */
export const powerOfTen = (k: number) => `10${k < 0 ? '⁻' : ''}${[...String(Math.abs(k))].map((d) => SUPERSCRIPT[Number(d)]).join('')}`;

/** A tick at every decade of the domain (every other one when there are more than 6), labelled 10ᵏ. */
export function decadeTicks(s: Scale, [lo, hi]: readonly [number, number]): Tick[] {
  const first = Math.round(Math.log10(lo));
  const last = Math.round(Math.log10(hi));
  const step = last - first > 6 ? 2 : 1;
  const ks = Array.from({ length: Math.floor((last - first) / step) + 1 }, (_, i) => first + i * step);
  return ticksAt(s, ks.map((k) => 10 ** k), (v) => powerOfTen(Math.round(Math.log10(v))));
}

/** A ratio in two significant figures: 0.16, 7.4, 7,400. */
export function formatRatio(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (Math.abs(v) >= 100) return Number(v.toPrecision(2)).toLocaleString('en-US');
  return String(Number(v.toPrecision(2)));
}

/**
 * Which way one net's signal goes over the seeds, e.g. "shrinks towards the input in all 3 seeds (at the stem: 0.16 to
 * 0.83 × its size after the last block)"; `brief` leaves the explanation of the ratio out of the brackets.
 */
export function describeRatios(ratios: readonly number[], { brief = false } = {}, t: FrontWords = strings.en): string {
  const lo = Math.min(...ratios);
  const hi = Math.max(...ratios);
  const range = ratios.length > 1 ? t.range(formatRatio(lo), formatRatio(hi)) : formatRatio(lo);
  const values = brief ? t.briefValues(range) : t.values(range);
  const seeds = ratios.length === 1 ? t.oneSeed : ratios.length === 2 ? t.bothSeeds : t.allSeeds(ratios.length);
  if (hi < 1) return t.shrinks(seeds, values);
  if (lo > 1) return t.grows(seeds, values);
  const down = ratios.filter((r) => r < 1).length;
  return t.mixed(down, ratios.length, values);
}

/** One sentence per BatchNorm setting, computed from the record. */
export function flowSentence(record: FlowRecord, batchNorm: boolean, t: FrontWords = strings.en): string {
  const plain = describeRatios(firstToLast(record, batchNorm, 'plain').map((r) => r.ratio), {}, t);
  const residual = describeRatios(firstToLast(record, batchNorm, 'residual').map((r) => r.ratio), { brief: true }, t);
  return t.flowSentence(bnTitle(batchNorm, t), plain, residual);
}

/** Whether the plain net's signal grows towards the input with BatchNorm in every seed: then it does not vanish. */
export const plainGrowsWithBatchNorm = (record: FlowRecord) => firstToLast(record, true, 'plain').every((r) => r.ratio > 1);
