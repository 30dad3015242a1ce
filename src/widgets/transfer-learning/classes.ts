/**
 * The reader's classes and their images, as plain data: names, which image belongs where, which images still need
 * features, and the training set they make. Pure (no DOM, no tfjs), unit-tested; the element draws it and keeps the
 * thumbnails.
 */
import { strings, type TransferWords } from './strings';

export const MIN_CLASSES = 2;
export const MAX_CLASSES = 10;
/** Pooled C5 of ResNet-50. */
export const FEATURE_DIMS = 2048;

export interface ImageEntry<S> {
  id: number;
  /** SHA-256 of the image's bytes (hex): names its features in the cache. */
  hash: string;
  /** Where to read the image again to extract its features (a File, or sample pixels). */
  source: S;
  /** Pooled C5, once extracted. */
  features?: Float32Array;
}

export interface ClassEntry<S> {
  id: number;
  name: string;
  images: ImageEntry<S>[];
}

export interface TrainingSet {
  classNames: string[];
  /** n·2048 features, row-major, classes in order. */
  features: Float32Array;
  labels: Int32Array;
}

export class ClassList<S> {
  readonly classes: ClassEntry<S>[] = [];
  #nextId = 1;
  /** A new class's name: "Class n" in English. */
  readonly #defaultName: (n: number) => string;

  constructor(count = MIN_CLASSES, defaultName: (n: number) => string = strings.en.defaultClass) {
    this.#defaultName = defaultName;
    for (let i = 0; i < count; i++) this.addClass();
  }

  get canAdd(): boolean {
    return this.classes.length < MAX_CLASSES;
  }

  get canRemove(): boolean {
    return this.classes.length > MIN_CLASSES;
  }

  /** A new empty class named "Class n" (n the first free number; in the list's language), or throws at MAX_CLASSES. */
  addClass(name?: string): ClassEntry<S> {
    if (!this.canAdd) throw new Error(`at most ${MAX_CLASSES} classes`);
    let n = this.classes.length + 1;
    while (this.classes.some((c) => c.name === this.#defaultName(n))) n++;
    const entry: ClassEntry<S> = { id: this.#nextId++, name: name ?? this.#defaultName(n), images: [] };
    this.classes.push(entry);
    return entry;
  }

  /** Removes a class with its images; refuses (returns false) below MIN_CLASSES. */
  removeClass(id: number): boolean {
    const i = this.classes.findIndex((c) => c.id === id);
    if (i < 0 || !this.canRemove) return false;
    this.classes.splice(i, 1);
    return true;
  }

  get(id: number): ClassEntry<S> | undefined {
    return this.classes.find((c) => c.id === id);
  }

  /** Adds an image to a class; the same bytes twice in one class are kept once (returns undefined then). */
  addImage(classId: number, hash: string, source: S): ImageEntry<S> | undefined {
    const c = this.get(classId);
    if (!c) throw new Error(`no class with id ${classId}`);
    if (c.images.some((im) => im.hash === hash)) return undefined;
    const entry: ImageEntry<S> = { id: this.#nextId++, hash, source };
    c.images.push(entry);
    return entry;
  }

  removeImage(imageId: number): boolean {
    for (const c of this.classes) {
      const i = c.images.findIndex((im) => im.id === imageId);
      if (i >= 0) {
        c.images.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  /** Removes every image (and, down to MIN_CLASSES, every class): a fresh start, as for the sample. */
  clear(): void {
    this.classes.length = 0;
    for (let i = 0; i < MIN_CLASSES; i++) this.addClass();
  }

  get imageCount(): number {
    return this.classes.reduce((a, c) => a + c.images.length, 0);
  }

  /** Images without features yet, in class order. */
  pending(): ImageEntry<S>[] {
    return this.classes.flatMap((c) => c.images.filter((im) => !im.features));
  }

  /** Why the classes cannot be trained yet, in words, or null when they can. */
  problem(t: TransferWords = strings.en): string | null {
    const names = this.classes.map((c) => c.name.trim());
    const blank = names.findIndex((n) => n === '');
    if (blank >= 0) return t.noName(blank + 1);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) return t.twoCalled(dup);
    const few = this.classes.find((c) => c.images.length < 2);
    if (few) return t.tooFew(few.name, few.images.length);
    return null;
  }

  /** Every image with features, labelled by class order. Throws if some image still lacks features. */
  trainingSet(): TrainingSet {
    const all = this.classes.flatMap((c, label) => c.images.map((im) => ({ im, label })));
    const features = new Float32Array(all.length * FEATURE_DIMS);
    const labels = new Int32Array(all.length);
    all.forEach(({ im, label }, i) => {
      if (!im.features) throw new Error(`image ${im.id} has no features yet`);
      features.set(im.features, i * FEATURE_DIMS);
      labels[i] = label;
    });
    return { classNames: this.classes.map((c) => c.name.trim()), features, labels };
  }
}

/** Images per second and seconds left, from how many are done after `elapsedMs`; undefined until one is done. */
export function throughput(done: number, elapsedMs: number, remaining: number): { perSecond: number; secondsLeft: number } | undefined {
  if (!(done > 0 && elapsedMs > 0)) return undefined;
  const perSecond = (done * 1000) / elapsedMs;
  return { perSecond, secondsLeft: remaining / perSecond };
}
