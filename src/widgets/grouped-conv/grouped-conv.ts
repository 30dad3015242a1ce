/**
 * The grouped-convolution widget's pure part: one row of numbers per allowed group count, the wiring picture as
 * line segments, the CSV, and the sentences the element shows. No DOM, no tfjs: tested in Node.
 */
import { connects, divisors, groupedConvCost } from '../../model/cardinality';
import { formatExact } from '../../lib/format';
import { csvText } from '../plots/csv';
import { type GroupedConvWords, strings } from './strings';

export interface GroupedConvSetup {
  /** Input = output channels C. The slider runs over the divisors of C. */
  channels: number;
  kernel: number;
  /** Height = width of the output map, for the multiply-adds. */
  size: number;
}

export interface CostRow {
  groups: number;
  channelsPerGroup: number;
  params: number;
  macs: number;
  /** Of the dense conv's (groups = 1): 1/g. */
  fraction: number;
  depthwise: boolean;
}

/** One row per divisor of C, from dense (g = 1) to depthwise (g = C). */
export function costRows({ channels, kernel, size }: GroupedConvSetup): CostRow[] {
  const dense = groupedConvCost({ inChannels: channels, outChannels: channels, kernel, groups: 1, height: size, width: size });
  return divisors(channels).map((g) => {
    const c = groupedConvCost({ inChannels: channels, outChannels: channels, kernel, groups: g, height: size, width: size });
    return { groups: g, channelsPerGroup: c.inPerGroup, params: c.params, macs: c.macs, fraction: c.params / dense.params, depthwise: c.depthwise };
  });
}

export interface Link {
  from: number;
  to: number;
  group: number;
}

/** Every (input channel, output channel) pair the kernel connects, with its group: (C/g)² · g = C²/g links. */
export function links(channels: number, groups: number): Link[] {
  const out: Link[] = [];
  const per = channels / groups;
  for (let c = 0; c < channels; c++) {
    for (let o = 0; o < channels; o++) if (connects(channels, channels, groups, c, o)) out.push({ from: c, to: o, group: Math.floor(c / per) });
  }
  return out;
}

/** y of channel i in a column of n channels drawn between top and bottom. */
export function channelY(i: number, n: number, top: number, bottom: number): number {
  return n === 1 ? (top + bottom) / 2 : top + ((bottom - top) * i) / (n - 1);
}

/** "4 groups of 4 channels" / "1 group (an ordinary convolution)" / "16 groups of 1 channel (depthwise)"; in `t`'s language. */
export function describeGroups(channels: number, groups: number, t: GroupedConvWords = strings.en): string {
  return t.describeGroups(channels, groups);
}

/** One sentence with the numbers of a row, for the live region and the slider's aria-valuetext. */
export function summary(setup: GroupedConvSetup, row: CostRow, t: GroupedConvWords = strings.en): string {
  return t.summary(describeGroups(setup.channels, row.groups, t), formatExact(row.params), formatExact(row.macs), row.groups);
}

export function toCsv(setup: GroupedConvSetup, rows: readonly CostRow[]): string {
  const head = ['groups', 'channels_per_group', 'params', `macs_${setup.size}x${setup.size}`, 'fraction_of_dense', 'depthwise'];
  const body = rows.map((r) => [r.groups, r.channelsPerGroup, r.params, r.macs, r.fraction, r.depthwise ? 'yes' : 'no']);
  return csvText(head, body);
}
