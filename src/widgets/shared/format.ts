/**
 * Megapixels the ResNet-50 widgets print, the weights' cache names they use and the size they decode a photo at.
 * Pure, unit-tested.
 * Bytes, durations, percentages and shapes print through src/lib/format.ts, like everywhere on the site.
 */

/** "40 MP", "1.2 MP", "0.05 MP". */
export function formatMegapixels(pixels: number): string {
  const mp = pixels / 1e6;
  if (mp >= 10) return `${Math.round(mp)} MP`;
  if (mp >= 0.1) return `${mp.toFixed(1)} MP`;
  return `${mp.toFixed(2)} MP`;
}

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
