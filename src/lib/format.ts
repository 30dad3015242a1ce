/**
 * How the site prints numbers: counts, shapes, percentages, bytes and durations. One rule per kind, so the same
 * ResNet-50 count reads the same in a lesson's prose, its stage table and the architecture explorer. Pure; used at
 * build time and in the browser.
 */

/* Counts. */

/** Switch to the next unit from 950 of the smaller one, so a count never shows four digits or rounds up to "1000M". */
const UNITS: [threshold: number, divisor: number, suffix: string][] = [
  [950e6, 1e9, 'G'],
  [950e3, 1e6, 'M'],
  [1e3, 1e3, 'K'],
];

/**
 * Three significant figures with a unit suffix, as papers and torchvision print model sizes: 25,557,032 → "25.6M",
 * 4,089,184,256 → "4.09G", 950,000,000 → "0.95G", 9,408 → "9.41K", 128 → "128".
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs < 1e3) return String(Math.round(n));
  for (const [threshold, divisor, suffix] of UNITS) {
    if (abs < threshold) continue;
    const v = n / divisor;
    const a = Math.abs(v);
    let digits = a < 10 ? 2 : a < 100 ? 1 : 0;
    // 9.996 would print as "10.00": drop a decimal when rounding adds a digit.
    if (digits > 0 && Math.abs(Number(v.toFixed(digits))) >= 10 ** (3 - digits)) digits--;
    return `${v.toFixed(digits)}${suffix}`;
  }
  return String(n);
}

/** The exact count with thousands separators, for titles and screen readers: "25,557,032". */
export const formatExact = (n: number): string => n.toLocaleString('en-US');

/* Shapes. */

/** [56, 56, 256] → "56×56×256"; [1000] → "1000". */
export const formatShape = (shape: readonly number[]): string => shape.join('×');

/* Percentages. */

/**
 * A fraction as a percentage in running text and tables, with a space before the sign: 0.1234 → "12.3 %". Empty for
 * a missing or non-finite value, so a table cell stays blank rather than reading "NaN %".
 */
export function formatPercent(fraction: number | undefined, digits = 1): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return '';
  return `${(100 * fraction).toFixed(digits)} %`;
}

/**
 * A probability or a share of a whole, compact (beside a bar or a label): 0.7395 → "74.0%", 0.0004 → "<0.1%",
 * 0.9999 → "100%". A tiny non-zero share never reads "0.0%", and a near-certain one never "100.0%".
 */
export function formatProbability(p: number): string {
  if (p >= 0.9995) return '100%';
  if (p > 0 && p < 0.0005) return '<0.1%';
  return `${(p * 100).toFixed(1)}%`;
}

/** `part` as a share of `whole`: 7,098,368 of 25,557,032 → "27.8%"; nothing at all reads "0%". */
export function formatShare(part: number, whole: number): string {
  if (!whole || !part) return '0%';
  return formatProbability(part / whole);
}

/* Bytes. */

/** "25.8 MB" (decimal megabytes, as download sizes are usually quoted), "14.5 kB", "512 B". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new Error(`formatBytes: expected a byte count ≥ 0, got ${bytes}`);
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/** Download progress in one unit: "12.3 / 25.8 MB". */
export function formatProgress(loaded: number, total: number): string {
  const l = Math.min(Math.max(loaded, 0), total);
  return `${(l / 1e6).toFixed(1)} / ${(total / 1e6).toFixed(1)} MB`;
}

/* Durations. */

/** A short wait in milliseconds: "4.6 ms", "312 ms", "1.25 s", "12.3 s"; "–" when unknown. */
export function formatMs(ms: number): string {
  if (!(ms >= 0)) return '–';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A long run in seconds: "45 s", "3 min 05 s", "1 h 02 min"; "—" when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
