/**
 * Quantisation in the scheme the site's loader reads (`affine-per-channel` in src/model/runtime/pretrained.ts):
 * uint8 q with one affine map per output channel (the last axis), value ≈ min[c] + q · scale[c].
 */

export interface Quantized {
  q: Uint8Array;
  scale: Float32Array;
  min: Float32Array;
}

/** uint8 with one affine map per slice of the last axis: value ≈ min[c] + q · scale[c]. */
export function quantizePerChannel(values: Float64Array, channels: number): Quantized {
  const lo = new Float64Array(channels).fill(Infinity);
  const hi = new Float64Array(channels).fill(-Infinity);
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    const v = values[i]!;
    if (v < lo[c]!) lo[c] = v;
    if (v > hi[c]!) hi[c] = v;
  }
  // Rounded to float32 first, so quantizing and dequantizing use exactly the numbers the loader reads.
  const min = Float32Array.from(lo);
  const scale = Float32Array.from(hi, (h, c) => (h - lo[c]!) / 255);
  const q = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    const s = scale[c]!;
    q[i] = s > 0 ? Math.min(255, Math.max(0, Math.round((values[i]! - min[c]!) / s))) : 0;
  }
  return { q, scale, min };
}

/**
 * The largest dequantisation error, min[c] + q·scale[c] against the float64 value, as a fraction of its channel's
 * range (255 steps). Rounding to the nearest step keeps it within half a step, 0.5/255, up to float32 rounding.
 */
export function worstQuantizationError(values: Float64Array, { q, scale, min }: Quantized): number {
  const channels = scale.length;
  let worst = 0;
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    const err = Math.abs(min[c]! + q[i]! * scale[c]! - values[i]!) / (scale[c]! * 255 || 1);
    if (err > worst) worst = err;
  }
  return worst;
}
