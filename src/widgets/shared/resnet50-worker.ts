/**
 * What every worker that runs the site's ResNet-50 does the same way (the classifier's and transfer learning's):
 * load the weights through the per-version Cache Storage (weights-cache.ts), so the 26 MB download once per device
 * and are shared by every widget, and read a picture's pixels. Worker-only (OffscreenCanvas, `self.caches`).
 */
import { fetchWithProgress, joinUrl, sha256Hex } from '../../model/data/assets';
import { loadResNet50, type ResNet50 } from '../../model/runtime/resnet50';
import { weightsCacheName } from './format';
import { cachedFetch, type CacheStats, type CacheStorageLike } from './weights-cache';

export interface CachedResNet50 {
  net: ResNet50;
  /** The weights manifest's SHA-256 (hex): it names the weights' cache, and versions anything computed from them. */
  manifestSha256: string;
  /** Bytes read from the cache and from the network (and why caching failed, if it did). */
  stats: CacheStats;
  /** `performance.now()` when the last weight byte arrived (or when loading began, if no byte was reported). */
  downloadedAt: number;
}

/**
 * Loads ResNet-50 from `weightsUrl` (a folder with manifest.json). The manifest is small and its URL fixed, so it is
 * always asked for (revalidated); its hash names the cache. The bytes are kept only once the network has been
 * verified, built and warmed up; if loading fails, this version's cache is deleted (a cached file may be the bad one).
 * `onProgress` is called at most every 50 ms, and once when the last byte has arrived.
 */
export async function loadCachedResNet50(
  weightsUrl: string,
  storage: CacheStorageLike | undefined,
  onProgress: (p: { loaded: number; total: number }) => void,
): Promise<CachedResNet50> {
  let downloadedAt = performance.now();
  const manifestUrl = joinUrl(weightsUrl, 'manifest.json');
  const manifestBytes = await fetchWithProgress(manifestUrl, undefined, { cache: 'no-cache' });
  const manifestSha256 = await sha256Hex(manifestBytes);
  const cache = await cachedFetch({
    storage,
    name: weightsCacheName(manifestSha256),
    fetchBytes: fetchWithProgress,
    preloaded: new Map([[manifestUrl, manifestBytes]]),
  });

  let lastPost = 0;
  let net: ResNet50;
  try {
    net = await loadResNet50({
      baseUrl: weightsUrl,
      fetchBytes: cache.fetchBytes,
      onProgress: ({ loaded, total }) => {
        const now = performance.now();
        if (loaded >= total) downloadedAt = now;
        if (loaded >= total || now - lastPost > 50) {
          lastPost = now;
          onProgress({ loaded, total });
        }
      },
    });
  } catch (err) {
    await cache.discard(); // never keep bytes that may be the bad ones
    throw err;
  }
  await cache.commit(); // verified, built and warmed up: keep the bytes for the next visit
  return { net, manifestSha256, stats: cache.stats, downloadedAt };
}

/** RGBA pixels of the bitmap composited on white (a transparent PNG's hidden colour must not leak in). Closes it. */
export function bitmapPixels(bitmap: ImageBitmap): ImageData {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser offers no 2D canvas in workers');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, bitmap.width, bitmap.height);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}
