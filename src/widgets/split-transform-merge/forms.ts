/**
 * The split-transform-merge widget's pure part: what each of ResNeXt's three equivalent block forms (Xie et al.,
 * Fig. 3) is made of, for a given C and d, and the Table 2 rows to choose from. No DOM, no tfjs: tested in Node.
 */
import { cardinalityTradeoff, type TradeoffRow } from '../../model/cardinality';
import { csvText } from '../plots/csv';
import { type SplitTransformMergeWords, strings } from './strings';

export type FormId = 'a' | 'b' | 'c';

export interface FormDescription {
  id: FormId;
  name: string;
  /** The layers, in order, as short phrases. */
  layers: string[];
  /** Convolution ops the form runs (its kernels are the same numbers either way). */
  convOps: number;
}

/** The three forms for C paths of width d on io channels; each holds C·(io·d + 9d² + d·io) weights. Worded in `t`'s language. */
export function describeForms(io: number, cardinality: number, width: number, t: SplitTransformMergeWords = strings.en): FormDescription[] {
  const C = cardinality;
  const d = width;
  const cd = C * d;
  const path = `1×1, ${io}→${d} · 3×3, ${d}→${d} · 1×1, ${d}→${io}`;
  return [
    { id: 'a', name: t.formA(C), layers: [`${C} × [${path}]`, t.sumOutputs(C, io), t.plusInput], convOps: 3 * C },
    {
      id: 'b',
      name: t.formB,
      layers: [`${C} × [1×1, ${io}→${d} · 3×3, ${d}→${d}]`, t.concatenate(cd), t.oneConv(`1×1, ${cd}→${io}`), t.plusInput],
      convOps: 2 * C + 1,
    },
    {
      id: 'c',
      name: t.formC,
      layers: [t.oneConv(`1×1, ${io}→${cd}`), t.groupedConv(cd, C, d), t.oneConv(`1×1, ${cd}→${io}`), t.plusInput],
      convOps: 3,
    },
  ];
}

export interface Choice extends TradeoffRow {
  /** "32×4d" */
  label: string;
}

/** Table 2's rows (256-d in and out, ≈ 70k weights each): the widget's menu and the lesson's table. */
export function tradeoffChoices(io = 256): Choice[] {
  return cardinalityTradeoff([1, 2, 4, 8, 32], io).map((r) => ({ ...r, label: `${r.cardinality}×${r.width}d` }));
}


export function tradeoffCsv(rows: readonly Choice[]): string {
  const head = ['cardinality_C', 'width_d', 'grouped_conv_width', 'params_per_block'];
  return csvText(head, rows.map((r) => [r.cardinality, r.width, r.groupedWidth, r.params]));
}

/** "0" or "2.4e-7": a max |diff| as the widget prints it. */
export const formatDiff = (v: number) => (v === 0 ? '0' : v.toExponential(1));
