/**
 * The features every image has already cost: ResNet-50's pooled C5 (2048 floats) per image, kept in IndexedDB so
 * reopening the page, or adding the same photo to another class, does not run the network again.
 *
 * - The key is the SHA-256 of the image's bytes plus the weights version (the manifest's hash): the same bytes under
 *   the same weights always give the same features, and new weights never read old features.
 * - A value that is not exactly `dims` finite floats is treated as missing (a damaged or foreign entry recomputes).
 * - Storage that fails (private mode, quota) never fails extraction: the cache then just misses, and says why once.
 *
 * The store is injected (`KeyValueStore`): the worker passes IndexedDB (`idbStore`), the tests a Map.
 */

/** The parts of a key-value store the cache uses. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: Float32Array): Promise<void>;
}

/** `weightsVersion:sha256`. Both parts are hex; a bad part is a bug in the caller, so it throws and quotes it. */
export function featureKey(weightsVersion: string, imageSha256: string): string {
  if (!/^[0-9a-f]{8,64}$/.test(weightsVersion)) throw new Error(`featureKey: weightsVersion must be hex, got ${JSON.stringify(weightsVersion)}`);
  if (!/^[0-9a-f]{64}$/.test(imageSha256)) throw new Error(`featureKey: expected a hex SHA-256 of the image, got ${JSON.stringify(imageSha256)}`);
  return `${weightsVersion}:${imageSha256}`;
}

export interface CacheCounts {
  hits: number;
  misses: number;
  stored: number;
  /** The first storage error, if any (a note for the reader, never an error). */
  error?: string;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class FeatureCache {
  readonly counts: CacheCounts = { hits: 0, misses: 0, stored: 0 };
  readonly #store: KeyValueStore | undefined;
  readonly #dims: number;

  constructor(store: KeyValueStore | undefined, dims = 2048) {
    this.#store = store;
    this.#dims = dims;
  }

  /** The cached features under `key`, or undefined (missing, damaged, or storage unavailable). */
  async get(key: string): Promise<Float32Array | undefined> {
    let value: unknown;
    try {
      value = await this.#store?.get(key);
    } catch (err) {
      this.counts.error ??= message(err);
    }
    if (value instanceof Float32Array && value.length === this.#dims && value.every(Number.isFinite)) {
      this.counts.hits++;
      return value;
    }
    this.counts.misses++;
    return undefined;
  }

  /** Keeps `features` under `key`; a storage failure is counted, not thrown. */
  async set(key: string, features: Float32Array): Promise<void> {
    if (features.length !== this.#dims) throw new Error(`FeatureCache.set: expected ${this.#dims} features, got ${features.length}`);
    if (!this.#store) return;
    try {
      await this.#store.set(key, features.slice()); // a copy: the caller may transfer its array away
      this.counts.stored++;
    } catch (err) {
      this.counts.error ??= message(err);
    }
  }
}

/** The parts of `IDBFactory` the store uses. */
export interface IdbFactoryLike {
  open(name: string, version?: number): IDBOpenDBRequest;
}

const STORE = 'features';

const done = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });

/** A `KeyValueStore` on IndexedDB (browser or worker); undefined where there is none. Thin: no logic to test. */
export async function idbStore(factory: IdbFactoryLike | undefined, name = 'residual-lessons:transfer-features'): Promise<KeyValueStore | undefined> {
  if (!factory) return undefined;
  const open = factory.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  const db = await done(open);
  return {
    get: (key) => done(db.transaction(STORE, 'readonly').objectStore(STORE).get(key)),
    set: async (key, value) => {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(value, key);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      });
    },
  };
}
