/**
 * Cache Storage around a `FetchBytes`, so the 26 MB of weights download once per device and version.
 *
 * - One cache per weights version, named after the manifest's SHA-256 (`weightsCacheName`); shard file names carry
 *   their own hash, so a URL never changes meaning within a cache.
 * - Nothing is stored until the caller has verified every file (`commit()` after `loadResNet50` succeeded): a
 *   corrupted download is never cached. If loading fails, `discard()` deletes this version's cache, in case a cached
 *   file was the bad one.
 * - Without Cache Storage (plain http on another host, some private modes) it just fetches.
 *
 * Browser APIs are injected (`storage`), so Node tests drive it with a fake.
 */
import { asBytes, type Bytes, type FetchBytes } from '../../model/data/assets';
import { staleCacheNames } from './format';

/** The parts of `Cache` we use. */
export interface CacheLike {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
}

/** The parts of `CacheStorage` we use. */
export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
  keys(): Promise<string[]>;
  delete(name: string): Promise<boolean>;
}

export interface CacheStats {
  /** Bytes read from Cache Storage. */
  cachedBytes: number;
  /** Bytes downloaded. */
  networkBytes: number;
  /** Files downloaded (their URLs), in the order they finished. */
  downloaded: string[];
  /** Why caching did not work, if it did not (shown to the reader as a note, never an error). */
  cacheError?: string;
}

export interface CachedFetch {
  fetchBytes: FetchBytes;
  stats: CacheStats;
  /** Stores every downloaded file. Call once everything has been verified. */
  commit(): Promise<void>;
  /** Deletes this version's cache (a cached file may be the one that failed verification). */
  discard(): Promise<void>;
}

export interface CachedFetchOptions {
  /** `globalThis.caches`, or undefined where there is none. */
  storage: CacheStorageLike | undefined;
  /** This version's cache name (`weightsCacheName(manifestSha256)`). */
  name: string;
  /** Does the actual downloading (with progress). */
  fetchBytes: FetchBytes;
  /** Files already in memory (the manifest, fetched to name the cache): served as they are and never cached. */
  preloaded?: ReadonlyMap<string, ArrayBuffer>;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Opens this version's cache (deleting older versions) and returns a fetcher that reads through it. */
export async function cachedFetch({ storage, name, fetchBytes, preloaded }: CachedFetchOptions): Promise<CachedFetch> {
  const stats: CacheStats = { cachedBytes: 0, networkBytes: 0, downloaded: [] };
  let cache: CacheLike | undefined;
  if (storage) {
    try {
      for (const old of staleCacheNames(await storage.keys(), name)) await storage.delete(old);
      cache = await storage.open(name);
    } catch (err) {
      stats.cacheError = message(err);
    }
  }
  const fresh = new Map<string, Bytes>();

  const read: FetchBytes = async (url, onBytes) => {
    const pre = preloaded?.get(url);
    if (pre) {
      onBytes?.(pre.byteLength);
      return pre;
    }
    if (cache) {
      try {
        const hit = await cache.match(url);
        if (hit) {
          const buf = await hit.arrayBuffer();
          stats.cachedBytes += buf.byteLength;
          onBytes?.(buf.byteLength);
          return buf;
        }
      } catch (err) {
        stats.cacheError = message(err); // unreadable entry: download instead
      }
    }
    const buf = asBytes(await fetchBytes(url, onBytes));
    stats.networkBytes += buf.byteLength;
    stats.downloaded.push(url);
    fresh.set(url, buf);
    return buf;
  };

  return {
    fetchBytes: read,
    stats,
    async commit() {
      if (!cache) return;
      try {
        for (const [url, buf] of fresh) {
          await cache.put(url, new Response(buf, { headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(buf.byteLength) } }));
        }
      } catch (err) {
        stats.cacheError = message(err); // e.g. over quota: the next visit downloads again, nothing worse
      } finally {
        fresh.clear();
      }
    },
    async discard() {
      fresh.clear();
      if (!storage || !cache) return;
      try {
        await storage.delete(name);
      } catch {
        /* nothing more we can do */
      }
      cache = undefined;
    },
  };
}
