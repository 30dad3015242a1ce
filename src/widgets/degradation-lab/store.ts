/**
 * The best model of the lab, kept in the reader's browser (IndexedDB): saved while training whenever the validation
 * error reaches a new low, read back to be tested once and to predict. The seed tutorial's workflow: train, save the best, infer.
 *
 * The record is plain data (the network spec as JSON, one Float32Array per weight), which IndexedDB stores with the
 * structured clone algorithm; `encodeSnapshot`/`decodeSnapshot` check it both ways so a stale or foreign record
 * fails with a message instead of building a wrong network.
 */
import type { NetworkSpec } from '../../model/spec';
import type { Snapshot } from './lab';

const DB_NAME = 'residual-lessons-degradation-lab';
const STORE = 'models';
const BEST_KEY = 'best';
/** Bump when the record's shape changes: older records are then ignored. 2: chosen on validation, not test. */
const RECORD_VERSION = 2;

export interface SnapshotRecord {
  version: typeof RECORD_VERSION;
  savedAt: string;
  net: string;
  step: number;
  /** The validation error it was chosen on (BatchNorm on its running averages). */
  validationError: number;
  spec: NetworkSpec;
  names: string[];
  values: Float32Array[];
}

export function encodeSnapshot(s: Snapshot, savedAt = new Date()): SnapshotRecord {
  return {
    version: RECORD_VERSION,
    savedAt: savedAt.toISOString(),
    net: s.net,
    step: s.step,
    validationError: s.validationError,
    spec: s.spec,
    names: s.weights.map((w) => w.name),
    values: s.weights.map((w) => w.values),
  };
}

export function decodeSnapshot(r: unknown): Snapshot & { savedAt: string } {
  const rec = r as Partial<SnapshotRecord> | undefined;
  if (!rec || typeof rec !== 'object') throw new Error('no saved model in this browser yet');
  if (rec.version !== RECORD_VERSION) throw new Error(`the saved model has format ${String(rec.version)}, this page reads ${RECORD_VERSION}: train again to replace it`);
  const { names, values } = rec;
  if (!Array.isArray(names) || !Array.isArray(values) || names.length !== values.length || !values.every((v) => v instanceof Float32Array)) {
    throw new Error('the saved model is damaged (its weights do not match their names): train again to replace it');
  }
  if (!rec.spec || typeof rec.net !== 'string' || typeof rec.step !== 'number' || typeof rec.validationError !== 'number') {
    throw new Error('the saved model is damaged (its description is incomplete): train again to replace it');
  }
  return {
    net: rec.net,
    step: rec.step,
    validationError: rec.validationError,
    spec: rec.spec,
    savedAt: String(rec.savedAt),
    weights: names.map((name, i) => ({ name, values: values[i]! })),
  };
}

const request = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });

function open(idb: IDBFactory): Promise<IDBDatabase> {
  const r = idb.open(DB_NAME, 1);
  r.onupgradeneeded = () => r.result.createObjectStore(STORE);
  return request(r);
}

async function withStore<T>(idb: IDBFactory, mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open(idb);
  try {
    const tx = db.transaction(STORE, mode);
    // Listen before the request runs: a write counts only once its transaction has committed.
    const committed = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
    const result = await request(f(tx.objectStore(STORE)));
    await committed;
    return result;
  } finally {
    db.close();
  }
}

/** Saves the snapshot as the best model (replacing the previous one). */
export async function saveBest(idb: IDBFactory, s: Snapshot): Promise<void> {
  await withStore(idb, 'readwrite', (store) => store.put(encodeSnapshot(s), BEST_KEY));
}

/** The saved best model; throws with a message when there is none or it cannot be read. */
export async function loadBest(idb: IDBFactory): Promise<Snapshot & { savedAt: string }> {
  return decodeSnapshot(await withStore(idb, 'readonly', (store) => store.get(BEST_KEY)));
}
