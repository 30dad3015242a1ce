/**
 * The run record: the JSON file an experiment writes (`npm run experiment -- degradation|resnext`, into
 * src/data/runs/) and the lessons read at build time. One type for the writer and every reader, and a parser that
 * checks a file against it, so a reader never casts and a malformed or stale file fails the build with a message
 * that says which field is wrong. Pure (no tfjs, no Node APIs).
 */
import type { ShortcutOption } from '../spec';
import type { EvalMode } from './evaluate';
import { type LrSchedule, checkSchedule } from './schedule';

/** Where and how the experiment ran: enough to rerun it. */
export interface RecordHeader {
  /** The command that wrote the file, e.g. `npm run experiment -- degradation --depths 20,56 …`. */
  command: string;
  /** ISO 8601 time the experiment started. */
  date: string;
  /** The commit the code was at; `dirty` when the working tree had uncommitted changes. */
  git: { commit: string | null; dirty: boolean };
  environment: { backend: string; threads?: number; tfjs: string; node: string; cpu: string; cores: number };
  /** Which data subset, pinned by its training images' SHA-256. */
  data: { name: string; manifest: string; train: number; test: number; trainImagesSha256: string };
  seeds: number[];
  wallSeconds: number;
  /** Stopped by Ctrl-C: the file holds the runs that finished before. */
  interrupted: boolean;
}

/** The settings every experiment records (the trainer's options). */
export interface RecordConfig {
  batchSize: number;
  steps: number;
  schedule: LrSchedule;
  /** The schedule in words, e.g. "0.1, ÷10 at 400, 600". */
  scheduleText: string;
  optimizer: string;
  momentum: number;
  weightDecay: number;
  init: string;
  /** Window, in steps, of the smoothed training curves. */
  smoothing: number;
  evaluation: { every: number; examples: number; modes: EvalMode[] };
}

/** A held-out evaluation during training (on the test set in the experiments: reported, never chosen on). */
export interface RecordedEvaluation {
  step: number;
  mode: EvalMode;
  error: number;
  loss: number;
  examples: number;
}

/** One trained net: how its run ended, and its per-step curves (index i = step i + 1). */
export interface RecordedRun {
  name: string;
  seed: number;
  params: number;
  status: 'finished' | 'stopped' | 'diverged';
  message: string;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
  /** Smoothed loss and error at the last step. */
  final: { smoothedLoss: number; smoothedError: number };
  evaluations: RecordedEvaluation[];
  curves: { loss: number[]; error: number[]; lr: number[] };
}

/** A plain or residual 6n+2 net of the degradation experiment. */
export interface DegradationRun extends RecordedRun {
  depth: number;
  shortcut: ShortcutOption;
  /** The final net's error on the whole training subset, BatchNorm on running averages (null: did not finish). Newer files only. */
  trainSet?: { error: number; loss: number; examples: number } | null;
  /** Whether this net's residual blocks started with γ = 0 (newer files only). */
  zeroInitResidual?: boolean;
}

export interface DegradationRecord extends RecordHeader {
  experiment: 'degradation';
  config: RecordConfig & {
    depths: number[];
    shortcuts: ShortcutOption[];
    width: number;
    zeroInitResidual: boolean;
    /** Full pre-activation blocks (`--preact`); absent in files from before the option. */
    preActivation?: boolean;
    bnMomentum: number | null;
  };
  /** Smoothed minibatch training error at checkpoint steps (keys), per run; null past the run's end. */
  summary: { run: string; seed: number; at: Record<string, number | null> }[];
  runs: DegradationRun[];
}

/** A ResNet-style (cardinality 1) or ResNeXt-style bottleneck net of the ResNeXt experiment. */
export interface ResnextRun extends RecordedRun {
  cardinality: number;
  widthPerGroup: number;
  macs: number;
  /** The final net on the whole test subset, BatchNorm on running averages; null if the run did not finish. */
  test: { mode: 'inference'; examples: number; error: number; predictions: string } | null;
}

export interface ResnextRecord extends RecordHeader {
  experiment: 'resnext';
  config: RecordConfig & { variants: string[]; layers: number[]; width: number };
  /** Every test image's label, one digit each, in the order of the runs' predictions. */
  test: { examples: number; labels: string };
  runs: ResnextRun[];
}

export type RunRecord = DegradationRecord | ResnextRecord;

// ---------------------------------------------------------------------------------------------------------------
// Parsing: every field checked, paths quoted in the message ("runs[2].curves.error[7] must be a number, got null").
// ---------------------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

class Reader {
  constructor(
    private readonly source: string,
    private readonly value: Json,
    private readonly path: string,
  ) {}

  static root(json: unknown, source: string): Reader {
    return new Reader(source, Reader.object(json, source, '(the file)'), '');
  }

  private static object(v: unknown, source: string, path: string): Json {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${source}: ${path} must be an object, got ${Reader.show(v)}`);
    return v as Json;
  }

  private static show(v: unknown): string {
    return v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)).slice(0, 60);
  }

  private at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, what: string): never {
    throw new Error(`${this.source}: ${this.at(key)} must be ${what}, got ${Reader.show(this.value[key])}`);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  isNull(key: string): boolean {
    return this.value[key] === null;
  }

  child(key: string): Reader {
    return new Reader(this.source, Reader.object(this.value[key], this.source, this.at(key)), this.at(key));
  }

  items(key: string): Reader[] {
    const v = this.value[key];
    if (!Array.isArray(v)) this.fail(key, 'an array');
    return v.map((x, i) => new Reader(this.source, Reader.object(x, this.source, `${this.at(key)}[${i}]`), `${this.at(key)}[${i}]`));
  }

  number(key: string): number {
    const v = this.value[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : this.fail(key, 'a finite number');
  }

  /** A number that may be NaN or ±Infinity in memory, written by JSON.stringify as null (a diverged loss). */
  numberOrNull(key: string): number | null {
    return this.value[key] === null ? null : this.number(key);
  }

  string(key: string): string {
    const v = this.value[key];
    return typeof v === 'string' ? v : this.fail(key, 'a string');
  }

  boolean(key: string): boolean {
    const v = this.value[key];
    return typeof v === 'boolean' ? v : this.fail(key, 'true or false');
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.value[key];
    return allowed.includes(v as T) ? (v as T) : this.fail(key, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }

  list<T>(key: string, what: string, is: (x: unknown) => x is T): T[] {
    const v = this.value[key];
    if (!Array.isArray(v) || !v.every(is)) this.fail(key, `an array of ${what}`);
    return v;
  }

  /** An array whose every item is one of `allowed`. */
  choices<T extends string>(key: string, allowed: readonly T[]): T[] {
    return this.list(key, allowed.map((a) => JSON.stringify(a)).join(' / '), (x): x is T => allowed.includes(x as T));
  }

  /** An object of numbers (or null) by key. */
  numbersByKey(key: string): Record<string, number | null> {
    const o = this.child(key);
    return Object.fromEntries(Object.keys(o.value).map((k) => [k, o.numberOrNull(k)]));
  }

  numbers(key: string): number[] {
    return this.list(key, 'finite numbers', (x): x is number => typeof x === 'number' && Number.isFinite(x));
  }

  strings(key: string): string[] {
    return this.list(key, 'strings', (x): x is string => typeof x === 'string');
  }

  /** The learning-rate schedule, checked as the trainer checks it. */
  schedule(key: string): LrSchedule {
    const s = this.child(key);
    const kind = s.oneOf('kind', ['constant', 'step'] as const);
    const warmup = s.has('warmup')
      ? (() => {
          const w = s.child('warmup');
          return { steps: w.number('steps'), from: w.number('from'), ...(w.has('shape') && { shape: w.oneOf('shape', ['linear', 'constant'] as const) }) };
        })()
      : undefined;
    const schedule: LrSchedule =
      kind === 'constant'
        ? { kind, lr: s.number('lr'), ...(warmup && { warmup }) }
        : { kind, lr: s.number('lr'), milestones: s.numbers('milestones'), ...(s.has('gamma') && { gamma: s.number('gamma') }), ...(warmup && { warmup }) };
    try {
      checkSchedule(schedule);
    } catch (err) {
      throw new Error(`${this.source}: ${this.at(key)}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return schedule;
  }
}

const EVAL_MODES = ['inference', 'batch'] as const;
const SHORTCUTS = ['A', 'B', 'C', 'plain'] as const;

function header(r: Reader): RecordHeader {
  const env = r.child('environment');
  const data = r.child('data');
  const git = r.child('git');
  return {
    command: r.string('command'),
    date: r.string('date'),
    git: { commit: git.isNull('commit') ? null : git.string('commit'), dirty: git.boolean('dirty') },
    environment: {
      backend: env.string('backend'),
      ...(env.has('threads') && { threads: env.number('threads') }),
      tfjs: env.string('tfjs'),
      node: env.string('node'),
      cpu: env.string('cpu'),
      cores: env.number('cores'),
    },
    data: { name: data.string('name'), manifest: data.string('manifest'), train: data.number('train'), test: data.number('test'), trainImagesSha256: data.string('trainImagesSha256') },
    seeds: r.numbers('seeds'),
    wallSeconds: r.number('wallSeconds'),
    interrupted: r.boolean('interrupted'),
  };
}

function config(c: Reader): RecordConfig {
  const e = c.child('evaluation');
  return {
    batchSize: c.number('batchSize'),
    steps: c.number('steps'),
    schedule: c.schedule('schedule'),
    scheduleText: c.string('scheduleText'),
    optimizer: c.string('optimizer'),
    momentum: c.number('momentum'),
    weightDecay: c.number('weightDecay'),
    init: c.string('init'),
    smoothing: c.number('smoothing'),
    evaluation: { every: e.number('every'), examples: e.number('examples'), modes: e.choices('modes', EVAL_MODES) },
  };
}

function recordedRun(r: Reader): RecordedRun {
  const final = r.child('final');
  const curves = r.child('curves');
  return {
    name: r.string('name'),
    seed: r.number('seed'),
    params: r.number('params'),
    status: r.oneOf('status', ['finished', 'stopped', 'diverged'] as const),
    message: r.string('message'),
    steps: r.number('steps'),
    seconds: r.number('seconds'),
    stepsPerSecond: r.number('stepsPerSecond'),
    final: { smoothedLoss: final.number('smoothedLoss'), smoothedError: final.number('smoothedError') },
    evaluations: r.items('evaluations').map((e) => ({ step: e.number('step'), mode: e.oneOf('mode', EVAL_MODES), error: e.number('error'), loss: e.number('loss'), examples: e.number('examples') })),
    curves: { loss: curves.numbers('loss'), error: curves.numbers('error'), lr: curves.numbers('lr') },
  };
}

/** A degradation experiment's file (`npm run experiment -- degradation`), checked field by field. */
export function parseDegradationRecord(json: unknown, source = 'run record'): DegradationRecord {
  const r = Reader.root(json, source);
  r.oneOf('experiment', ['degradation'] as const);
  const c = r.child('config');
  return {
    experiment: 'degradation',
    ...header(r),
    config: {
      ...config(c),
      depths: c.numbers('depths'),
      shortcuts: c.choices('shortcuts', SHORTCUTS),
      width: c.number('width'),
      zeroInitResidual: c.boolean('zeroInitResidual'),
      ...(c.has('preActivation') && { preActivation: c.boolean('preActivation') }),
      bnMomentum: c.numberOrNull('bnMomentum'),
    },
    summary: r.items('summary').map((s) => ({ run: s.string('run'), seed: s.number('seed'), at: s.numbersByKey('at') })),
    runs: r.items('runs').map((n) => ({
      ...recordedRun(n),
      depth: n.number('depth'),
      shortcut: n.oneOf('shortcut', SHORTCUTS),
      ...(n.has('trainSet') && {
        trainSet: n.isNull('trainSet') ? null : ((t) => ({ error: t.number('error'), loss: t.number('loss'), examples: t.number('examples') }))(n.child('trainSet')),
      }),
      ...(n.has('zeroInitResidual') && { zeroInitResidual: n.boolean('zeroInitResidual') }),
    })),
  };
}

/** A ResNeXt experiment's file (`npm run experiment -- resnext`), checked field by field. */
export function parseResnextRecord(json: unknown, source = 'run record'): ResnextRecord {
  const r = Reader.root(json, source);
  r.oneOf('experiment', ['resnext'] as const);
  const c = r.child('config');
  const test = r.child('test');
  return {
    experiment: 'resnext',
    ...header(r),
    config: { ...config(c), variants: c.strings('variants'), layers: c.numbers('layers'), width: c.number('width') },
    test: { examples: test.number('examples'), labels: test.string('labels') },
    runs: r.items('runs').map((n) => ({
      ...recordedRun(n),
      cardinality: n.number('cardinality'),
      widthPerGroup: n.number('widthPerGroup'),
      macs: n.number('macs'),
      test: n.isNull('test')
        ? null
        : ((t) => ({ mode: t.oneOf('mode', ['inference'] as const), examples: t.number('examples'), error: t.number('error'), predictions: t.string('predictions') }))(n.child('test')),
    })),
  };
}

/** Any experiment's file, by its `experiment` field. */
export function parseRunRecord(json: unknown, source = 'run record'): RunRecord {
  const kind = Reader.root(json, source).oneOf('experiment', ['degradation', 'resnext'] as const);
  return kind === 'degradation' ? parseDegradationRecord(json, source) : parseResnextRecord(json, source);
}
