/**
 * Random directions in weight space for loss-landscape plots, with filter-wise normalisation (Li et al. 2018,
 * "Visualizing the Loss Landscape of Neural Nets", §4). Pure (no tfjs): weights in, directions out, as Float32Arrays,
 * so a Web Worker can build, send and test them without a backend.
 *
 * Why normalise: a ReLU net with BatchNorm is scale-invariant in each filter, so a step of size 1 moves a filter with
 * small weights much further (relatively) than one with large weights. Unnormalised random directions then compare
 * nets by their weight scales, not by their geometry. Rescaling each filter of the direction to the norm of the same
 * filter of the weights makes a step of α mean "change every filter by α of its own size", on every net alike.
 */
import { deriveSeed, mulberry32 } from '../training/random';
import { type LayerWeight, type WeightRole, weightSize } from '../weights';

/** One weight's share of a direction: same name and shape as the weight. */
export interface DirectionEntry {
  name: string;
  shape: number[];
  role: WeightRole;
  /** False where the direction is 0 by construction (BatchNorm γ, β and running statistics; biases). */
  perturbed: boolean;
  values: Float32Array;
}

/** A direction δ with one entry per weight of a network, in the network's weight order. */
export interface Direction {
  /** The seed its Gaussian values came from (the same seed gives the same values for nets of the same shapes). */
  seed: number;
  entries: DirectionEntry[];
}

/**
 * Which weights a direction moves: conv kernels and dense matrices only.
 * - BatchNorm γ and β: 0, as the authors' public code does with its `--xignore biasbn` option (their README's
 *   filter-normalised examples use it); the running statistics are state, not parameters, and stay as trained too.
 * - Biases: 0, by the same option (it zeroes every one-dimensional weight).
 *   A bias is one number per filter, so filter-wise normalisation would make its step exactly |b| per unit: a step
 *   that measures the bias's own size rather than any neighbourhood. In our CIFAR-style nets the only bias is the
 *   classifier's (10 numbers of hundreds of thousands), so this choice barely moves the picture either way.
 */
export const isPerturbed = (role: WeightRole): boolean => role === 'kernel';

/**
 * `n` standard normal numbers from mulberry32 via the Box–Muller transform: the same seed gives the same numbers on
 * every machine and backend (no tfjs random state involved).
 */
export function gaussian(n: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - random(); // (0, 1]: log(u) is finite
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/**
 * Frobenius norm of each filter of a kernel: the slice at each index of the last axis. For a conv kernel HWIO
 * [k, k, in, out] that is output channel j's [k, k, in] filter; for a dense matrix [in, out], output unit j's column.
 * Accumulated in float64.
 */
export function filterNorms(values: Float32Array, shape: readonly number[]): Float64Array {
  const filters = shape[shape.length - 1] ?? 1;
  if (values.length !== weightSize(shape)) throw new Error(`filterNorms: ${values.length} values do not fill shape [${shape.join(', ')}]`);
  const sums = new Float64Array(filters);
  for (let i = 0; i < values.length; i++) sums[i % filters]! += values[i]! * values[i]!;
  return sums.map(Math.sqrt);
}

/**
 * A Gaussian direction with the weights' shapes, each filter rescaled to the Frobenius norm of the same filter of the
 * weights (‖d_j‖ = ‖θ_j‖; a filter whose weights are all 0 gets a 0 direction). Entries that are not perturbed
 * (see `isPerturbed`) are 0. Each weight's values are seeded by `deriveSeed(seed, 'direction', name)`, as the
 * library seeds initial weights by name, so a weight's direction does not depend on the weights before it.
 */
export function filterNormalizedDirection(layout: readonly LayerWeight[], weights: ReadonlyMap<string, Float32Array>, seed: number): Direction {
  const entries = layout.map((w): DirectionEntry => {
    const theta = weights.get(w.name);
    if (!theta) throw new Error(`filterNormalizedDirection: no values for weight "${w.name}"`);
    if (theta.length !== weightSize(w.shape)) throw new Error(`filterNormalizedDirection: "${w.name}" has ${theta.length} values, its shape [${w.shape.join(', ')}] needs ${weightSize(w.shape)}`);
    const perturbed = isPerturbed(w.role);
    if (!perturbed) return { name: w.name, shape: [...w.shape], role: w.role, perturbed, values: new Float32Array(theta.length) };
    const d = gaussian(theta.length, deriveSeed(seed, 'direction', w.name));
    const target = filterNorms(theta, w.shape);
    const own = filterNorms(d, w.shape);
    const scale = target.map((t, j) => (own[j]! > 0 ? t / own[j]! : 0));
    const filters = scale.length;
    for (let i = 0; i < d.length; i++) d[i]! *= scale[i % filters]!;
    return { name: w.name, shape: [...w.shape], role: w.role, perturbed, values: d };
  });
  return { seed, entries };
}

/** `n` evenly spaced numbers from `from` to `to` inclusive (the coordinates of a slice). */
export function linspace(from: number, to: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`linspace: n must be a positive integer, got ${n}`);
  if (n === 1) return [from];
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? to : from + ((to - from) * i) / (n - 1)));
}
