import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { type ImageSet, loadFashionMnist } from '../../src/model/index';
import { instantiate } from '../../src/model/runtime/model';
import { evaluate } from '../../src/model/training/evaluate';
import { learningRateAt } from '../../src/model/training/schedule';
import { splitValidation } from '../../src/model/training/split';
import { type Snapshot, LAB_VALIDATION, labSpec, modelFromSnapshot, predictFirst, startLab, testSavedModel } from '../../src/widgets/degradation-lab/lab';
import { parseDegradationRecord } from '../../src/model/training/record';
import { referenceStat } from '../../src/widgets/degradation-lab/reference';
import {
  type LabConfig,
  type NetCurves,
  BENCH_20_LAYER_STEPS_PER_SECOND,
  PAPER_RECIPE,
  WASM_SPEEDS,
  backendEstimates,
  RateMeter,
  checkConfig,
  describeRecipe,
  estimateLabSeconds,
  etaSeconds,
  labSchedule,
  parseNetName,
  summarizeReference,
  tableRows,
  toCsv,
} from '../../src/widgets/degradation-lab/series';
import { formatDuration } from '../../src/lib/format';
import { decodeSnapshot, encodeSnapshot } from '../../src/widgets/degradation-lab/store';
import { useBackend } from './setup-tf';

const RUN_DIR = join(import.meta.dirname, '../../src/data/runs');
/** Every committed degradation run, one file per seed. */
const RUN_FILES = readdirSync(RUN_DIR).filter((f) => /^degradation-.*\.json$/.test(f)).map((f) => join(RUN_DIR, f));
const DATA = join(import.meta.dirname, '../../public/data/fashion-mnist');

const PAPER_RECIPE_WITH_EVAL = { ...PAPER_RECIPE, evalEvery: 100 };

describe('the lab’s curves, table and CSV (pure)', () => {
  test('every committed seed is read, and a seed with no run fails the build', () => {
    expect(RUN_FILES.length).toBeGreaterThanOrEqual(2);
    const family = (f: string) => (/degradation-recipe-/.test(f) ? 'recipe' : 'quick');
    expect(referenceStat('seeds', undefined, undefined, undefined, 'recipe') as number + (referenceStat('seeds', undefined, undefined, undefined, 'quick') as number)).toBe(RUN_FILES.length);
    expect(RUN_FILES.filter((f) => family(f) === 'recipe').length).toBe(referenceStat('seeds'));
    expect(() => referenceStat('train-error', 'plain-20', undefined, 99)).toThrow(/no recipe reference run with seed 99/);
  });

  test.each(RUN_FILES)('the smoothed reference curve at each summary step equals the experiment’s own summary (%s)', async (file) => {
    const run = parseDegradationRecord(JSON.parse(await readFile(file, 'utf8')), file);
    const seed = run.seeds[0]!;
    const ref = summarizeReference(run);
    expect(ref.nets.map((n) => `${n.variant}-${n.depth}`).sort()).toEqual(run.runs.map((r) => r.name).sort());
    for (const s of run.summary) {
      const net = ref.nets.find((n) => `${n.variant}-${n.depth}` === s.run)!;
      for (const [step, checkpoint] of Object.entries(s.at)) {
        expect(checkpoint, `${s.run} at ${step}`).not.toBeNull(); // every checkpoint lies within the committed runs
        const want = checkpoint!;
        const got = net.train.find((p) => p.step === Number(step))?.value;
        // The summary holds 3 decimals and the curves 4 (each rounded from the unrounded errors): equal to within 0.001.
        expect(Math.abs(got! - want), `${s.run} at ${step}`).toBeLessThanOrEqual(0.001);
        const family = /degradation-recipe-/.test(file) ? 'recipe' : 'quick';
        expect(Math.abs((referenceStat('train-error', s.run, Number(step), seed, family) as number) - want)).toBeLessThanOrEqual(0.001);
      }
      // Test points come from the batch-statistics evaluations only.
      expect(net.test.map((p) => p.step)).toEqual(run.runs.find((r) => r.name === s.run)!.evaluations.filter((e) => e.mode === 'batch').map((e) => e.step));
    }
  });

  test('the table has a row per evaluation step and the CSV a line per step; live runs fill validation, references test', () => {
    const c: NetCurves = {
      source: 'live',
      variant: 'plain',
      depth: 20,
      train: [1, 2, 3, 4].map((step) => ({ step, value: 1 - step / 10 })),
      heldOut: 'validation',
      test: [{ step: 2, value: 0.5 }],
    };
    const rows = tableRows([c]);
    expect(rows.map((r) => [r.step, r.trainError, r.validationError, r.testError])).toEqual([
      [2, 0.8, 0.5, undefined],
      [4, 0.6, undefined, undefined],
    ]);
    const ref: NetCurves = { ...c, source: 'reference', heldOut: 'test', train: [{ step: 2, value: 0.7 }] };
    expect(tableRows([ref]).map((r) => [r.validationError, r.testError])).toEqual([[undefined, 0.5]]);
    const csv = toCsv(tableRows([c], { allSteps: true })).split('\r\n');
    expect(csv[0]).toBe('source,net,depth,shortcuts,step,train_error_smoothed,validation_error,test_error');
    expect(csv.slice(1, -1)).toEqual(['live,plain-20,20,none,1,0.9,,', 'live,plain-20,20,none,2,0.8,0.5,', 'live,plain-20,20,none,3,0.7,,', 'live,plain-20,20,none,4,0.6,,']);
    expect(csv.at(-1)).toBe('');
  });

  test('the paper’s recipe, shortened: 800 steps, warm-up from 0.01 over 80 steps, ÷10 at 400 and 600', () => {
    expect(PAPER_RECIPE).toMatchObject({ depths: [20, 56], steps: 800, batchSize: 64, lr: 0.1, schedule: 'step', zeroInit: true });
    const s = labSchedule(PAPER_RECIPE);
    expect(s).toEqual({ kind: 'step', lr: 0.1, milestones: [400, 600], gamma: 0.1, warmup: { steps: 80, from: 0.01, shape: 'linear' } });
    const at = (step: number) => learningRateAt(s, step);
    expect(at(0)).toBeCloseTo(0.01, 12);
    expect(at(40)).toBeCloseTo(0.055, 12);
    expect([at(80), at(399)]).toEqual([0.1, 0.1]);
    expect(at(400)).toBeCloseTo(0.01, 12);
    expect(at(600)).toBeCloseTo(0.001, 12);
    expect(describeRecipe(PAPER_RECIPE)).toMatch(/^learning rate 0\.1, ÷10 at 400, 600, linear warm-up from 0\.01 over 80 steps; last BatchNorm γ/);
    // The quick runs: one rate throughout. A short step run still has increasing milestones inside the run.
    expect(labSchedule({ lr: 0.05, steps: 300, schedule: 'constant' })).toEqual({ kind: 'constant', lr: 0.05 });
    expect(labSchedule({ lr: 0.1, steps: 3, schedule: 'step' })).toMatchObject({ milestones: [2] });
  });

  test('zero-init is applied to residual nets only: a plain net keeps γ = 1 in every block', async () => {
    await useBackend('wasm');
    const plain = labSpec({ variant: 'plain', depth: 8 }, 4, true);
    expect(plain).toEqual(labSpec({ variant: 'plain', depth: 8 }, 4, false));
    expect(labSpec({ variant: 'res', depth: 8 }, 4, true)).not.toEqual(labSpec({ variant: 'res', depth: 8 }, 4, false));
    for (const [variant, want] of [
      ['plain', 1],
      ['res', 0],
    ] as const) {
      const m = instantiate(labSpec({ variant, depth: 8 }, 4, true), { seed: 1 });
      const lastGammas = [...m.weights].filter(([name]) => /\.bn2\.weight$/.test(name));
      expect(lastGammas.length, variant).toBeGreaterThan(0);
      for (const [name, v] of lastGammas) expect(new Set(await v.data()), `${variant} ${name}`).toEqual(new Set([want]));
      // The first BatchNorm of each block keeps γ = 1 either way.
      const first = [...m.weights].find(([name]) => /\.bn1\.weight$/.test(name))!;
      expect(new Set(await first[1].data())).toEqual(new Set([1]));
      m.dispose();
    }
  });

  test('the time estimate adds each network’s steps and evaluations at speeds interpolated in depth and batch size', () => {
    const speeds = [
      { depth: 20, batchSize: 64, stepsPerSecond: 2, evalSeconds: 1 },
      { depth: 56, batchSize: 64, stepsPerSecond: 1, evalSeconds: 3 },
    ];
    const c = { depths: [20], variants: ['plain', 'res'] as LabConfig['variants'], steps: 100, batchSize: 64, evalEvery: 50 };
    expect(estimateLabSeconds(c, speeds)).toBe(2 * (100 * 0.5 + 2 * 1));
    expect(estimateLabSeconds({ ...c, depths: [20, 56] }, speeds)).toBe(2 * 52 + 2 * (100 * 1 + 2 * 3));
    expect(estimateLabSeconds({ ...c, depths: [38] }, speeds)).toBe(2 * (100 * 0.75 + 2 * 2));
    expect(estimateLabSeconds({ ...c, batchSize: 128 }, speeds)).toBe(2 * (100 * 1 + 2 * 1));
    expect(estimateLabSeconds({ ...c, steps: 101 }, speeds)).toBe(2 * (101 * 0.5 + 3 * 1));
    expect(estimateLabSeconds(c, [])).toBeNaN();
  });

  test('per backend, the estimate scales the measured wasm time by the 20-layer nets’ measured speed ratios', () => {
    const [busy, idle, webgl] = backendEstimates(PAPER_RECIPE_WITH_EVAL);
    expect(busy!.seconds).toBe(estimateLabSeconds(PAPER_RECIPE_WITH_EVAL, WASM_SPEEDS));
    const at20 = WASM_SPEEDS.find((p) => p.depth === 20)!.stepsPerSecond;
    expect(idle!.seconds / busy!.seconds).toBeCloseTo(at20 / BENCH_20_LAYER_STEPS_PER_SECOND.wasmIdle, 12);
    expect(webgl!.seconds).toBeGreaterThan(busy!.seconds);
    // The paper's recipe on the busy machine: 800 steps of four nets take hours, not minutes (said, not hidden).
    expect(busy!.seconds).toBeGreaterThan(3600);
  });

  test('ETA, durations and the steps-per-second meter', () => {
    expect(etaSeconds(10, 110, 2)).toBe(50);
    expect(etaSeconds(10, 110, 0)).toBeUndefined();
    expect([formatDuration(undefined), formatDuration(45), formatDuration(185), formatDuration(3720)]).toEqual(['—', '45 s', '3 min 05 s', '1 h 02 min']);
    const m = new RateMeter(10, 0.5);
    m.add(0, 0);
    expect(m.rate).toBeUndefined();
    m.add(2, 10);
    expect(m.rate).toBe(5);
    m.reset();
    expect(m.rate).toBeUndefined();
  });

  test('settings are checked with messages that quote the bad value', () => {
    const ok: LabConfig = {
      depths: [20],
      variants: ['plain'],
      steps: 10,
      batchSize: 64,
      lr: 0.1,
      schedule: 'constant',
      zeroInit: false,
      width: 8,
      seed: 1,
      evalEvery: 5,
      evalExamples: 100,
      predictions: 8,
    };
    expect(checkConfig(ok)).toEqual([]);
    expect(checkConfig({ ...ok, depths: [21] })).toEqual(['depth 21 is not 6n + 2 (8, 20, 32, 44, 56…)']);
    expect(checkConfig({ ...ok, lr: NaN })).toEqual(['the learning rate must be a number']);
    expect(checkConfig({ ...ok, steps: 0, variants: [] })).toHaveLength(2);
    expect(parseNetName('res-56')).toEqual({ variant: 'res', depth: 56 });
    expect(() => parseNetName('resnet56')).toThrow('"resnet56"');
  });
});

describe('the lab engine (wasm)', () => {
  let data: { train: ImageSet; validation: ImageSet };
  let testSet: ImageSet;
  const head = (set: ImageSet, n: number): ImageSet => {
    const px = set.height * set.width;
    return { ...set, count: n, pixels: set.pixels.subarray(0, n * px), images: set.images.subarray(0, n * px), labels: set.labels.subarray(0, n) };
  };
  const config = (o: Partial<LabConfig> = {}): LabConfig => ({
    depths: [8],
    variants: ['plain', 'res'],
    steps: 4,
    batchSize: 16,
    lr: 0.1,
    schedule: 'constant',
    zeroInit: false,
    width: 4,
    seed: 1,
    evalEvery: 2,
    evalExamples: 64,
    predictions: 8,
    ...o,
  });

  beforeAll(async () => {
    await useBackend('wasm');
    const d = await loadFashionMnist({ baseUrl: DATA, fetchBytes: (p) => readFile(p), gunzip: (gz) => gunzipSync(gz) });
    // The lab's own split, of a prefix: 576 to train on, 64 to validate on.
    const { train, validation } = splitValidation(head(d.train, 640), LAB_VALIDATION);
    data = { train, validation };
    testSet = head(d.test, 256);
  }, 60_000);

  test('plain and residual twins train side by side, the best on validation is snapshotted, tested once, and no tensor is leaked', async () => {
    const before = tf.memory().numTensors;
    const steps = new Map<string, number[]>();
    const saved: Snapshot[] = [];
    const evaluations: { set: string; mode: string }[] = [];
    const lab = startLab(config({ schedule: 'step', zeroInit: true }), data, {
      onStep: (net, s) => steps.set(net, [...(steps.get(net) ?? []), s.step]),
      onEvaluate: (_, e) => void evaluations.push({ set: e.set, mode: e.mode }),
      onBest: (s) => void saved.push(s),
    });
    expect(lab.nets).toEqual(['plain-8', 'res-8']);
    const r = await lab.done;
    expect(r.status).toBe('finished');
    expect(steps.get('plain-8')).toEqual([1, 2, 3, 4]);
    expect(steps.get('res-8')).toEqual([1, 2, 3, 4]);
    expect(lab.progress()).toEqual({ done: 8, total: 8 });
    // Every evaluation during the run is on validation, BatchNorm on its running averages (2 per net: steps 2 and 4).
    expect(evaluations).toEqual(Array.from({ length: 4 }, () => ({ set: 'validation', mode: 'inference' })));
    // The last snapshot is the best: its error is the lowest of all validation evaluations of both networks, and
    // each snapshot improved on the one before.
    const evals = [...r.results.values()].flatMap((x) => x.evaluations.map((e) => e.error));
    expect(saved.at(-1)!.validationError).toBe(Math.min(...evals));
    saved.slice(1).forEach((s, i) => expect(s.validationError).toBeLessThan(saved[i]!.validationError));
    expect(r.best).toEqual({ net: saved.at(-1)!.net, step: saved.at(-1)!.step, validationError: saved.at(-1)!.validationError });
    // The saved model is the one that was evaluated: its validation error, recomputed, is the one it was chosen on.
    const again = modelFromSnapshot(saved.at(-1)!);
    expect((await evaluate(again, data.validation, { mode: 'inference', limit: 64 })).error).toBe(saved.at(-1)!.validationError);
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);

    // Save → read back (as IndexedDB's structured clone would hand it over) → a network that predicts.
    const back = decodeSnapshot(structuredClone(encodeSnapshot(saved.at(-1)!)));
    // Tested once, on the whole test set, after every choice was made.
    const tested = await testSavedModel(back, testSet);
    expect(tested).toMatchObject({ mode: 'inference', examples: 256, complete: true });
    expect(tested.error).toBeGreaterThanOrEqual(0);
    expect(tested.error).toBeLessThanOrEqual(1);
    const model = modelFromSnapshot(back);
    expect(model.numParams).toBe(r.results.get(back.net)!.params);
    const preds = await predictFirst(model, testSet, 8);
    // Inference mode: each prediction depends on its image alone, so predicting 3 images gives the first 3 of 8.
    expect((await predictFirst(model, testSet, 3)).map((p) => p.probability)).toEqual(preds.slice(0, 3).map((p) => p.probability));
    model.dispose();
    expect(preds.map((p) => p.label)).toEqual(Array.from(testSet.labels.subarray(0, 8)));
    for (const p of preds) {
      expect(p.predicted).toBeGreaterThanOrEqual(0);
      expect(p.predicted).toBeLessThan(10);
      expect(p.probability).toBeGreaterThan(0.1 - 1e-6);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  test('stopping a run frees every tensor it made', async () => {
    const before = tf.memory().numTensors;
    const lab = startLab(config({ steps: 1000, depths: [8, 20] }), data, {
      onStep: () => {
        if (lab.progress().done >= 3) lab.stop();
      },
    });
    const r = await lab.done;
    expect(r.status).toBe('stopped');
    expect(lab.progress().done).toBeLessThan(20);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a learning rate that diverges stops every network with a message that names the culprit', async () => {
    const before = tf.memory().numTensors;
    const lab = startLab(config({ steps: 50, lr: 1e6, evalEvery: 100 }), data);
    const r = await lab.done;
    expect(r.status).toBe('diverged');
    expect(r.message).toMatch(/^(plain|res)-8: training diverged: the loss became (NaN|Infinity|-Infinity) at step \d+/);
    expect(lab.progress().done).toBeLessThan(100);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a damaged saved record is refused with a message', () => {
    const snap: Snapshot = { net: 'plain-8', step: 2, validationError: 0.5, spec: labSpec({ variant: 'plain', depth: 8 }, 4), weights: [{ name: 'a', values: new Float32Array(2) }] };
    const rec = encodeSnapshot(snap);
    expect(() => decodeSnapshot(undefined)).toThrow('no saved model');
    expect(() => decodeSnapshot({ ...rec, version: 0 })).toThrow('format 0');
    expect(() => decodeSnapshot({ ...rec, values: [] })).toThrow('damaged');
    expect(() => modelFromSnapshot(decodeSnapshot(rec))).toThrow(/no value given for weight|has no weight/);
  });
});
