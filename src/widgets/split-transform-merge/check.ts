/** The tfjs part, behind the shared lazy loader: build the three forms from one set of weights and compare them. */
import { loadTf } from '../shared/tf-loader';

export interface FormsResult {
  cardinality: number;
  width: number;
  diffAB: number;
  diffAC: number;
  diffBC: number;
  scale: number;
  params: number;
  ms: number;
  backend: string;
}

export async function compareForms(io: number, cardinality: number, width: number, size: number): Promise<FormsResult> {
  const { runtime, backend } = await loadTf();
  const t0 = performance.now();
  const r = await runtime.checkResNeXtForms({ io, cardinality, width, size, seed: cardinality });
  return { cardinality, width, diffAB: r.diffAB, diffAC: r.diffAC, diffBC: r.diffBC, scale: r.scale, params: r.params, ms: performance.now() - t0, backend: backend.chosen };
}
