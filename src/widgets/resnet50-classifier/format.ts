/**
 * Numbers the classifier prints, cache names it uses and the size it decodes a photo at. Pure, unit-tested.
 */

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

/** "8 ms", "312 ms", "1.25 s", "12.3 s". */
export function formatMs(ms: number): string {
  if (!(ms >= 0)) return '–';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A probability as a percentage a reader can compare: "73.9%", "0.4%", "<0.1%", "100%". */
export function formatPercent(p: number): string {
  if (p >= 0.9995) return '100%';
  if (p > 0 && p < 0.0005) return '<0.1%';
  return `${(p * 100).toFixed(1)}%`;
}

/** "40 MP", "1.2 MP", "0.05 MP". */
export function formatMegapixels(pixels: number): string {
  const mp = pixels / 1e6;
  if (mp >= 10) return `${Math.round(mp)} MP`;
  if (mp >= 0.1) return `${mp.toFixed(1)} MP`;
  return `${mp.toFixed(2)} MP`;
}

/** "56×56×256" */
export const formatShape = (shape: readonly number[]): string => shape.join('×');

// ---------------------------------------------------------------------------------------------------------------
// Cache Storage names
// ---------------------------------------------------------------------------------------------------------------

export const CACHE_PREFIX = 'residual-lessons:resnet50-weights:';

/**
 * The Cache Storage name for one version of the weights: the prefix plus the first 16 hex digits of the manifest's
 * SHA-256. A new manifest (new weights) gets a new cache; the old one is deleted (see `staleCacheNames`).
 */
export function weightsCacheName(manifestSha256: string): string {
  if (!/^[0-9a-f]{16,64}$/.test(manifestSha256)) throw new Error(`weightsCacheName: expected a hex SHA-256, got ${JSON.stringify(manifestSha256)}`);
  return `${CACHE_PREFIX}${manifestSha256.slice(0, 16)}`;
}

/** Caches of older weights versions (ours by prefix, not `current`): safe to delete. Other sites' caches are left alone. */
export function staleCacheNames(names: readonly string[], current: string): string[] {
  return names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== current);
}

// ---------------------------------------------------------------------------------------------------------------
// Decode size
// ---------------------------------------------------------------------------------------------------------------

/** Photos are decoded with their short side at most this: 4× what the 256 → 224 preprocessing needs. */
export const DECODE_SHORT_SIDE = 1024;
/** …and the long side at most this, for panoramas. */
export const DECODE_LONG_SIDE = 4096;

/**
 * The size to decode an upright `width` × `height` image at: unchanged when small enough, else scaled down (aspect
 * kept, each side at least 1 px) so decoding a 40-MP photo costs a few MB, not 160 MB held while we work.
 */
export function decodeSize(width: number, height: number): { width: number; height: number; scaled: boolean } {
  if (!(width >= 1 && height >= 1)) throw new Error(`decodeSize: expected a positive size, got ${width}×${height}`);
  const s = Math.min(1, DECODE_SHORT_SIDE / Math.min(width, height), DECODE_LONG_SIDE / Math.max(width, height));
  if (s >= 1) return { width, height, scaled: false };
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)), scaled: true };
}
