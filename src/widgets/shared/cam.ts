/**
 * The small image helpers that draw class activation maps (the maps themselves: `model/runtime/cam.ts`), on plain
 * arrays: colormaps, upsampling, normalising, picking channels. Pure and unit-tested; the element only puts pixels on
 * canvases.
 */
import { strings, type PhotoWords } from './photo/strings';

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return values.length ? s / values.length : 0;
}

export function extent(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** Maps [lo, hi] linearly to [0, 1], clamped. A flat map (hi = lo) becomes all zeros. */
export function normalize(values: ArrayLike<number>, lo: number, hi: number): Float32Array {
  const out = new Float32Array(values.length);
  const span = hi - lo;
  if (!(span > 0)) return out;
  for (let i = 0; i < values.length; i++) out[i] = Math.min(1, Math.max(0, (values[i]! - lo) / span));
  return out;
}

/**
 * Bilinear resize of a one-channel h×w grid to outH×outW with half-pixel centres and clamped edges (what
 * `tf.image.resizeBilinear(x, size, false, true)` does): each of the 7×7 cells is drawn over a 32×32 patch of the
 * 224×224 crop (32 is C5's stride), although its receptive field is wider than the whole crop.
 */
export function upsampleBilinear(src: ArrayLike<number>, h: number, w: number, outH: number, outW: number): Float32Array {
  if (src.length !== h * w) throw new Error(`upsampleBilinear: ${src.length} values for a ${h}×${w} grid`);
  const out = new Float32Array(outH * outW);
  const sy = h / outH;
  const sx = w / outW;
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, h - 1);
    const dy = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, w - 1);
      const dx = fx - x0;
      const top = src[y0 * w + x0]! * (1 - dx) + src[y0 * w + x1]! * dx;
      const bottom = src[y1 * w + x0]! * (1 - dx) + src[y1 * w + x1]! * dx;
      out[y * outW + x] = top * (1 - dy) + bottom * dy;
    }
  }
  return out;
}

/** t in [0, 1] → RGB in [0, 255]. */
export type Colormap = (t: number) => [number, number, number];

const clamp255 = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255);

/** Turbo (Mikhailov 2019, Google AI blog), polynomial fit: a rainbow that stays readable. Blue = low, red = high. */
export const turbo: Colormap = (t) => {
  const x = Math.min(1, Math.max(0, t));
  const r = 0.13572138 + x * (4.6153926 + x * (-42.66032258 + x * (132.13108234 + x * (-152.94239396 + x * 59.28637943))));
  const g = 0.09140261 + x * (2.19418839 + x * (4.84296658 + x * (-14.18503333 + x * (4.27729857 + x * 2.82956604))));
  const b = 0.1066733 + x * (12.64194608 + x * (-60.58204836 + x * (110.36276771 + x * (-89.90310912 + x * 27.34824973))));
  return [clamp255(r), clamp255(g), clamp255(b)];
};

/** Viridis (matplotlib), polynomial fit: perceptually uniform, dark purple = 0, yellow = high. */
export const viridis: Colormap = (t) => {
  const x = Math.min(1, Math.max(0, t));
  const c = [
    [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
    [0.1050930431085774, 1.404613529898575, 1.384590162594685],
    [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
    [-4.634230498983486, -5.799100973351585, -19.33244095627987],
    [6.228269936347081, 14.17993336680509, 56.69055260068105],
    [4.776384997670288, -13.74514537774601, -65.35303263337234],
    [-5.435455855934631, 4.645852612178535, 26.3124352495832],
  ] as const;
  const ch = (i: 0 | 1 | 2) => c[0][i] + x * (c[1][i] + x * (c[2][i] + x * (c[3][i] + x * (c[4][i] + x * (c[5][i] + x * c[6][i])))));
  return [clamp255(ch(0)), clamp255(ch(1)), clamp255(ch(2))];
};

/** Values in [0, 1] → RGBA pixels through a colormap, every pixel with the given alpha (0..255). */
export function colorize(values: ArrayLike<number>, map: Colormap, alpha = 255): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(values.length * 4);
  // 256-entry lookup: 50 k pixels per map, and the polynomials are not free.
  const lut = Array.from({ length: 256 }, (_, i) => map(i / 255));
  for (let i = 0; i < values.length; i++) {
    const [r, g, b] = lut[Math.round(Math.min(1, Math.max(0, values[i]!)) * 255)]!;
    out[4 * i] = r;
    out[4 * i + 1] = g;
    out[4 * i + 2] = b;
    out[4 * i + 3] = alpha;
  }
  return out;
}

/** A CSS linear-gradient for a colormap's legend, left (0) to right (1). */
export function gradientCss(map: Colormap, stops = 9): string {
  const parts = Array.from({ length: stops }, (_, i) => {
    const t = i / (stops - 1);
    const [r, g, b] = map(t);
    return `rgb(${r} ${g} ${b}) ${Math.round(t * 100)}%`;
  });
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

/** One channel of an HWC block of `channels` channels, as an h·w plane. */
export function channelPlane(data: ArrayLike<number>, h: number, w: number, channels: number, c: number): Float32Array {
  if (data.length !== h * w * channels) throw new Error(`channelPlane: ${data.length} values for ${h}×${w}×${channels}`);
  if (c < 0 || c >= channels) throw new Error(`channelPlane: channel ${c} of ${channels}`);
  const out = new Float32Array(h * w);
  for (let p = 0; p < h * w; p++) out[p] = data[p * channels + c]!;
  return out;
}

/** RGB values (0..255, any numeric array) → opaque RGBA pixels. */
export function rgbToRgba(rgb: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  if (rgb.length % 3) throw new Error(`rgbToRgba: ${rgb.length} values is not a whole number of RGB pixels`);
  const n = rgb.length / 3;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    out[4 * i] = rgb[3 * i]!;
    out[4 * i + 1] = rgb[3 * i + 1]!;
    out[4 * i + 2] = rgb[3 * i + 2]!;
    out[4 * i + 3] = 255;
  }
  return out;
}

/** Row and column (0-based) of the largest value of an h×w grid: "where it looked hardest". */
export function argmax2d(values: ArrayLike<number>, w: number): { row: number; col: number } {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return { row: Math.floor(best / w), col: best % w };
}

/** Where a grid cell lies in the picture, in words: "top left", "centre", "bottom" (in the page's words when given). */
export function describePosition(row: number, col: number, h: number, w: number, t: PhotoWords = strings.en): string {
  const third = (i: number, n: number) => (n <= 1 ? 1 : Math.min(2, Math.floor((3 * i) / n)));
  const v = (['top', 'middle', 'bottom'] as const)[third(row, h)]!;
  const hz = (['left', 'centre', 'right'] as const)[third(col, w)]!;
  return t.position(v, hz);
}
