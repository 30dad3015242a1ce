/**
 * BatchNorm folded into the convolution before it. At inference a BatchNorm is an affine map per channel,
 * y = γ·(x − μ)/√(σ² + ε) + β, so conv-then-BN is one conv with
 * w' = w·γ/√(σ²+ε) and b' = (b − μ)·γ/√(σ²+ε) + β.
 */
import type { LayerSpec, NetworkSpec } from '../../src/model/spec';
import { specWeightShapes } from '../../src/model/runtime/pretrained';
import { fail } from './common';

/**
 * Folds every BatchNorm into the convolution right before it, in float64. `folded` must be the same network built
 * with `batchNorm: false` and `convBias: true`: same layer names, no BN. Returns its weights, float64.
 */
export function foldBatchNorm(
  spec: NetworkSpec,
  weights: ReadonlyMap<string, Float32Array>,
  folded: NetworkSpec,
): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  const get = (n: string) => weights.get(n) ?? fail(`foldBatchNorm: no weight ${n}`);
  const sequences: LayerSpec[][] = [spec.stem, spec.head];
  for (const st of spec.stages)
    for (const b of st.blocks) sequences.push(b.body, b.after, b.shortcut.kind === 'projection' ? b.shortcut.layers : []);
  for (const seq of sequences) {
    seq.forEach((layer, i) => {
      if (layer.kind === 'dense') {
        out.set(`${layer.name}.weight`, Float64Array.from(get(`${layer.name}.weight`)));
        if (layer.bias) out.set(`${layer.name}.bias`, Float64Array.from(get(`${layer.name}.bias`)));
      }
      if (layer.kind !== 'conv2d') return;
      const c = layer.outChannels;
      const w = Float64Array.from(get(`${layer.name}.weight`)); // HWIO: output channel = index mod c
      const b = layer.bias ? Float64Array.from(get(`${layer.name}.bias`)) : new Float64Array(c);
      const bn = seq[i + 1];
      if (bn?.kind === 'batchnorm') {
        const gamma = get(`${bn.name}.weight`);
        const beta = get(`${bn.name}.bias`);
        const mean = get(`${bn.name}.running_mean`);
        const variance = get(`${bn.name}.running_var`);
        const k = Float64Array.from({ length: c }, (_, o) => gamma[o]! / Math.sqrt(variance[o]! + bn.epsilon));
        for (let j = 0; j < w.length; j++) w[j]! *= k[j % c]!;
        for (let o = 0; o < c; o++) b[o] = (b[o]! - mean[o]!) * k[o]! + beta[o]!;
      }
      out.set(`${layer.name}.weight`, w);
      out.set(`${layer.name}.bias`, b);
    });
  }
  const shapes = specWeightShapes(folded);
  for (const [name, shape] of shapes) {
    const v = out.get(name) ?? fail(`foldBatchNorm: the folded spec's ${name} got no value`);
    if (v.length !== shape.reduce((a, x) => a * x, 1))
      fail(`foldBatchNorm: ${name} has ${v.length} values, the folded spec needs shape ${JSON.stringify(shape)}`);
  }
  const extra = [...out.keys()].filter((n) => !shapes.has(n));
  if (extra.length) fail(`foldBatchNorm: the folded spec has no ${extra.join(', ')}`);
  return out;
}
