/**
 * The widget's numeric check, behind a dynamic import of tfjs (src/widgets/shared/tf-loader), so the page downloads
 * no tfjs until the reader asks. The arithmetic is the model library's `checkGroupedConv`.
 */
import { loadTf } from '../shared/tf-loader';

export interface CheckResult {
  groups: number;
  splitDiff: number;
  denseDiff: number;
  scale: number;
  zeroFraction: number;
  backend: string;
}

export async function checkNumbers(channels: number, groups: number): Promise<CheckResult> {
  const { runtime, backend } = await loadTf();
  const r = await runtime.checkGroupedConv({ channels, groups, size: 8, seed: groups });
  return { groups, splitDiff: r.splitDiff, denseDiff: r.denseDiff, scale: r.scale, zeroFraction: r.zeroFraction, backend: backend.chosen };
}
