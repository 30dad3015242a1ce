// The evidence lesson ("Why residual networks train") states our committed results through <EvidenceClaim>; every
// statement it uses is rendered here and checked against the JSON files, recomputed the plain way. The prose around
// the claims also makes a few data-dependent statements (e.g. "our nets show it at both depths"): each is checked
// here too, so a rerun that changes the data fails this test instead of leaving the lesson wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLandscapeRecord, summariseSlice2d } from '../../src/model/analysis/landscape-record';
import { parseLesionRecord } from '../../src/model/analysis/lesion-record';
import { parseDegradationRecord } from '../../src/model/training/record';
import { type ClaimId, CLAIMS, PREACT, statement } from '../../src/widgets/evidence/statements';
import { describePreact } from '../../src/widgets/evidence/run-claims';
import { LANDSCAPES, LESIONS, POSTACT_RUNS, PREACT_RUNS, RECIPE_RUNS, TEST_CHANCE_ERROR } from '../../src/widgets/evidence/records';

const ROOT = join(import.meta.dirname, '../..');
const json = (rel: string) => JSON.parse(readFileSync(join(ROOT, rel), 'utf8'));
const files = (dir: string, pattern: RegExp) => readdirSync(join(ROOT, dir)).filter((f) => pattern.test(f)).map((f) => `${dir}/${f}`);
const pct = (v: number, d = 1) => `${(100 * v).toFixed(d)} %`;
const LESSON = readFileSync(join(ROOT, 'src/lessons/why-residual-networks-train.mdx'), 'utf8');

const landscapes = [...files('src/data/landscapes', /\.json$/), ...files('src/data/landscapes/grid21', /\.json$/)].map((f) => parseLandscapeRecord(json(f), f));
const lesions = files('src/data/lesions', /\.json$/).map((f) => parseLesionRecord(json(f)));
const lesion = (net: string) => lesions.find((r) => r.net === net)!;
const runs = (pattern: RegExp) => files('src/data/runs', pattern).map((f) => parseDegradationRecord(json(f), f));
const postRuns = runs(/^postact-56-seed\d+\.json$/);
const preRuns = runs(/^preact-56-seed\d+\.json$/);
const recipeRuns = runs(/^degradation-recipe-seed\d+\.json$/);

/** The final smoothed training error, the plain way: the mean of the last `smoothing` minibatch errors. */
function finalTrain(run: (typeof postRuns)[number], net: string): number | undefined {
  const r = run.runs.find((x) => x.name === net);
  if (!r || r.status !== 'finished') return undefined;
  const tail = r.curves.error.slice(-run.config.smoothing);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}
const finalTest = (run: (typeof postRuns)[number], net: string) => run.runs.find((x) => x.name === net)?.evaluations.find((e) => e.step === run.config.steps && e.mode === 'inference')?.error;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('the evidence lesson reads every committed file', () => {
  test('every landscape, lesion and post-/pre-activation run file, and the recipe runs', () => {
    expect(LANDSCAPES.length).toBe(landscapes.length);
    expect(LESIONS.map((r) => r.net).sort()).toEqual(lesions.map((r) => r.net).sort());
    expect(POSTACT_RUNS.map((r) => r.seeds[0])).toEqual(postRuns.map((r) => r.seeds[0]).sort());
    expect(PREACT_RUNS.map((r) => r.seeds[0])).toEqual(preRuns.map((r) => r.seeds[0]).sort());
    expect(RECIPE_RUNS.length).toBe(recipeRuns.length);
    expect(postRuns.length).toBeGreaterThanOrEqual(1);
    expect(preRuns.length).toBeGreaterThanOrEqual(1);
  });
  test('the lesion and landscape nets are the recipe runs’ seed-1 nets, as the lesson says', () => {
    const manifest = json('public/data/reference-nets/manifest.json');
    for (const r of lesions) expect(r.seed).toBe(1);
    for (const r of landscapes) {
      const net = manifest.nets.find((n: { id: string }) => n.id === r.net);
      expect(r.referenceNet.file).toBe(`public/data/reference-nets/${net.file}`);
      expect(net.training.seed).toBe(1);
      expect(net.training.run).toBe('src/data/runs/degradation-recipe-seed1.json');
    }
  });
  test('chance is one class of the balanced test subset: 1 − 1/10', () => {
    expect(TEST_CHANCE_ERROR).toBeCloseTo(0.9, 12);
  });
});

describe('every statement the lesson makes renders from the data', () => {
  const uses = [...LESSON.matchAll(/<EvidenceClaim\s+([^>]*?)\/>/g)].map((m) => {
    const attrs = Object.fromEntries([...m[1]!.matchAll(/(\w+)=(?:"([^"]*)"|\{([^}]*)\})/g)].map((a) => [a[1]!, a[2] ?? Number(a[3])]));
    return attrs as { claim: ClaimId } & Record<string, string | number>;
  });
  test('the lesson uses known claims, and at least one of each kind it needs', () => {
    expect(uses.length).toBeGreaterThan(10);
    for (const u of uses) expect(CLAIMS).toContain(u.claim);
  });
  test.each(uses.map((u) => [JSON.stringify(u), u] as const))('%s is a finished sentence or number', (_, u) => {
    const { claim, ...o } = u;
    const text = statement(claim, o);
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/NaN|undefined|Infinity|null/);
  });
  test('the path chart counts the paths of the 56-layer residual net the lesion study deletes from', () => {
    expect(Number(/<PathLengths blocks=\{(\d+)\}/.exec(LESSON)?.[1])).toBe(lesion('res-56').blocks.length);
    expect(statement('blocks', { depth: 56 })).toBe(String(lesion('res-56').blocks.length));
  });
});

describe('landscape statements', () => {
  const summary = (net: string, seed: number, grid = 11) => {
    const r = landscapes.find((x) => x.net === net && x.directions.seed === seed && x.slice2d!.alphas.length === grid)!;
    return summariseSlice2d(r.slice2d!);
  };
  const seeds = (depth: number) => [...new Set(landscapes.filter((r) => r.architecture.depth === depth && r.slice2d!.alphas.length === 11).map((r) => r.directions.seed))];

  test.each([20, 56])('convexity at %i layers: mean bends-down fractions and the count of direction seeds where plain bends down more', (depth) => {
    const s = seeds(depth);
    const plain = s.map((k) => summary(`plain-${depth}`, k).bendsDownFraction);
    const res = s.map((k) => summary(`res-${depth}`, k).bendsDownFraction);
    const text = statement('convexity', { depth });
    expect(text).toContain(`${pct(mean(plain), 0)} of its interior grid points`);
    expect(text).toContain(`ResNet-${depth}'s at ${pct(mean(res), 0)}`);
    const agree = plain.filter((p, i) => p > res[i]!).length;
    expect(text.includes(`bends down at more points in all ${s.length} direction seeds`)).toBe(agree === s.length);
  });
  // An independent count (not the library's): a point bends down when a second difference along α, β or a diagonal is
  // below −(the sum of the 4-significant-digit rounding errors of its three values).
  const half = (v: number) => (v === 0 ? 0 : 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v))) - 3));
  const countBelow = (L: number[][], level: number) => {
    let points = 0;
    let bends = 0;
    for (let r = 1; r < L.length - 1; r++) {
      for (let c = 1; c < L[0]!.length - 1; c++) {
        if (L[r]![c]! >= level) continue;
        points++;
        const lines = [[L[r]![c - 1]!, L[r]![c + 1]!], [L[r - 1]![c]!, L[r + 1]![c]!], [L[r - 1]![c - 1]!, L[r + 1]![c + 1]!], [L[r - 1]![c + 1]!, L[r + 1]![c - 1]!]];
        if (lines.some(([a, b]) => a! - 2 * L[r]![c]! + b! < -(half(a!) + 2 * half(L[r]![c]!) + half(b!)))) bends++;
      }
    }
    return { points, bends };
  };
  test.each([20, 56])('below chance at %i layers: the interior points below ln 10 and how many bend down, per direction seed', (depth) => {
    const s = seeds(depth).sort((a, b) => a - b);
    const text = statement('below-chance', { depth });
    const rec = (net: string, k: number) => landscapes.find((x) => x.net === net && x.directions.seed === k && x.slice2d!.alphas.length === 11)!;
    const p = s.map((k) => countBelow(rec(`plain-${depth}`, k).slice2d!.loss, Math.log(10)));
    const q = s.map((k) => countBelow(rec(`res-${depth}`, k).slice2d!.loss, Math.log(10)));
    const list = (v: number[]) => `${v.slice(0, -1).join(', ')} and ${v.at(-1)}`;
    expect(text).toContain(`plain-${depth}'s slices have ${list(p.map((x) => x.points))} interior points`);
    expect(text).toContain(`bend down at ${list(p.map((x) => x.bends))} of them`);
    expect(text).toContain(`ResNet-${depth}'s have ${list(q.map((x) => x.points))} and bend down at ${list(q.map((x) => x.bends))}`);
    const agree = s.filter((_, i) => p[i]!.bends / p[i]!.points > q[i]!.bends / q[i]!.points).length;
    expect(text.includes(`larger share of these points in all ${s.length} direction seeds`)).toBe(agree === s.length);
    expect(text).toContain(`on as few as ${Math.min(...p.map((x) => x.points), ...q.map((x) => x.points))} points per slice`);
  });
  test('the prose: our 56-layer nets show Li et al.’s contrast in every direction seed, our 20-layer nets not in every one', () => {
    const holds = (depth: number) => seeds(depth).every((k) => summary(`plain-${depth}`, k).bendsDownFraction > summary(`res-${depth}`, k).bendsDownFraction);
    expect(holds(56)).toBe(true);
    expect(holds(20)).toBe(false);
  });
  test('the setting: steps, epochs, training error and centre loss of the four nets, the batch the loss is measured on', () => {
    const recipe = recipeRuns.find((r) => r.seeds[0] === 1)!;
    const text = statement('setting');
    const { steps, batchSize } = recipe.config;
    expect(text).toContain(`${steps} steps of ${batchSize} images (about ${((steps * batchSize) / recipe.data.train).toFixed(1)} epochs`);
    const nets = ['plain-20', 'res-20', 'plain-56', 'res-56'].map((net) => landscapes.find((r) => r.net === net)!);
    const err = nets.map((r) => 100 * r.referenceNet.trainSetError);
    expect(text).toContain(`${Math.min(...err).toFixed(1)}–${Math.max(...err).toFixed(1)} % error on the training images`);
    const centre = nets.map((r) => summary(r.net, 1).centreLoss);
    expect(text).toContain(`${Math.min(...centre).toFixed(3)}–${Math.max(...centre).toFixed(3)}`);
    expect(text).toContain(`one fixed batch of ${nets[0]!.data.batch.count} training images`);
    // The lesson's "far from near-zero training loss": every net keeps more than 5 % training error.
    expect(Math.min(...err)).toBeGreaterThan(5);
  });
  test('the prose: the deep plain net has the highest loss at the centre of its slices', () => {
    const centres = ['plain-20', 'res-20', 'plain-56', 'res-56'].map((net) => ({ net, loss: summary(net, 1).centreLoss }));
    expect(centres.reduce((a, b) => (b.loss > a.loss ? b : a)).net).toBe('plain-56');
    for (const c of centres) expect(statement('centre-losses')).toContain(c.loss.toFixed(3));
  });
  test('the prose: the records keep four significant digits (every loss equals itself rounded to 4)', () => {
    for (const r of landscapes) {
      const all = [...(r.slice1d?.loss ?? []), ...r.slice2d!.loss.flat()];
      expect(all.every((v) => Number(v.toPrecision(4)) === v), r.net).toBe(true);
    }
  });
  test('the prose: plain-56’s basin is narrow (fewer than half its interior points below chance in every direction seed)', () => {
    for (const k of seeds(56)) {
      const r = landscapes.find((x) => x.net === 'plain-56' && x.directions.seed === k && x.slice2d!.alphas.length === 11)!;
      const interior = r.slice2d!.loss.slice(1, -1).flatMap((row) => row.slice(1, -1));
      expect(interior.filter((v) => v < Math.log(10)).length).toBeLessThan(interior.length / 2);
    }
  });
  test('the exercise: ResNet-56 is lower at the centre but higher than plain-56 at both α = −1 and α = +1 (committed 1-D slice)', () => {
    const one = (net: string) => landscapes.find((x) => x.net === net && x.directions.seed === 1 && x.slice1d)!.slice1d!;
    const [r, p] = [one('res-56'), one('plain-56')];
    expect(r.loss[r.alphas.indexOf(0)]!).toBeLessThan(p.loss[p.alphas.indexOf(0)]!);
    for (const a of [-1, 1]) expect(r.loss[r.alphas.indexOf(a)]!).toBeGreaterThan(p.loss[p.alphas.indexOf(a)]!);
  });
  test('the prose: at 20 layers the plain net rises higher at the corners in every direction seed', () => {
    const s = seeds(20);
    const r = s.map((k) => summary('res-20', k).cornerToCentre);
    const p = s.map((k) => summary('plain-20', k).cornerToCentre);
    expect(Math.min(...p)).toBeGreaterThan(Math.max(...r));
    expect(statement('corner-rise', { depth: 20 })).toContain("plain-20's slice rises higher in every direction seed");
  });
  test('corner rise: which net rises higher in every direction seed', () => {
    const s = seeds(56);
    const r = s.map((k) => summary('res-56', k).cornerToCentre);
    const p = s.map((k) => summary('plain-56', k).cornerToCentre);
    const text = statement('corner-rise', { depth: 56 });
    expect(text.includes("ResNet-56's slice rises higher in every direction seed")).toBe(Math.min(...r) > Math.max(...p));
    expect(text).toContain(`${Math.round(Math.min(...r))} to ${Math.round(Math.max(...r))} times`);
    // The corner losses themselves: the mean of the four corners of each grid, read from the JSON.
    const corners = (net: string) =>
      s.map((k) => {
        const L = landscapes.find((x) => x.net === net && x.directions.seed === k && x.slice2d!.alphas.length === 11)!.slice2d!.loss;
        return (L[0]![0]! + L[0]!.at(-1)! + L.at(-1)![0]! + L.at(-1)!.at(-1)!) / 4;
      });
    for (const net of ['res-56', 'plain-56']) {
      const c = corners(net);
      expect(text).toContain(`${Math.min(...c).toFixed(1)} to ${Math.max(...c).toFixed(1)} against ${summary(net, 1).centreLoss.toFixed(3)}`);
    }
  });
});

describe('lesion statements', () => {
  const single = (net: string) => lesion(net).blocks.filter((b) => b.error !== null) as { name: string; error: number; changesShape: boolean }[];
  test.each([20, 56])('one block at %i layers: intact and mean single-deletion errors, the worst block', (depth) => {
    const text = statement('single-lesions', { depth });
    for (const net of [`res-${depth}`, `plain-${depth}`]) {
      const errors = single(net).map((b) => b.error);
      expect(text).toContain(`from ${pct(lesion(net).intactError)}`);
      expect(text).toContain(`to ${pct(mean(errors))}`);
    }
    const worst = single(`res-${depth}`).reduce((a, b) => (b.error > a.error ? b : a));
    expect(text).toContain(`worst: ${worst.name}, ${pct(worst.error)}`);
  });
  test('the prose: the contrast holds at both depths (residual mean far below half, plain mean above half), and no single deletion brings ResNet-56 near chance', () => {
    for (const depth of [20, 56]) {
      expect(mean(single(`res-${depth}`).map((b) => b.error))).toBeLessThan(0.5);
      expect(mean(single(`plain-${depth}`).map((b) => b.error))).toBeGreaterThan(0.5);
    }
    expect(Math.max(...single('res-56').map((b) => b.error))).toBeLessThan(TEST_CHANCE_ERROR / 2);
  });
  test.each([20, 56])('overlap at %i layers: the residual net’s worst single deletion against the plain net’s least harmful one', (depth) => {
    const worst = single(`res-${depth}`).reduce((a, b) => (b.error > a.error ? b : a));
    const best = single(`plain-${depth}`).reduce((a, b) => (b.error < a.error ? b : a));
    const text = statement('lesion-overlap', { depth });
    expect(text).toContain(`(${worst.name}, ${pct(worst.error)})`);
    expect(text).toContain(`(${best.name}, ${pct(best.error)})`);
    expect(text.includes('do not overlap')).toBe(worst.error < best.error);
    // The lesson: "strong for our one ResNet-56" (no overlap at 56 layers), and the overlap at 20 is printed.
    if (depth === 56) expect(worst.error).toBeLessThan(best.error);
  });
  test.each([20, 56])('downsampling at %i layers: ranks among single deletions, and the verdict', (depth) => {
    const ranked = [...single(`res-${depth}`)].sort((a, b) => b.error - a.error);
    const ds = ranked.filter((b) => b.changesShape);
    const text = statement('downsampling', { depth });
    for (const d of ds) expect(text).toContain(`${d.name} (${pct(d.error)}, ${ranked.indexOf(d) + 1}`);
    const top = ds.every((d) => ranked.indexOf(d) < ds.length);
    expect(text.includes('not the ones that hurt most')).toBe(!top);
  });
  test('the prose: in both residual nets the first block, layer1.0, is among the two most harmful deletions', () => {
    for (const depth of [20, 56]) {
      const ranked = [...single(`res-${depth}`)].sort((a, b) => b.error - a.error);
      expect(ranked.slice(0, 2).map((b) => b.name)).toContain('layer1.0');
    }
  });
  test.each(['res-56', 'plain-56'])('k blocks of %s: first and last mean ± s.e., and a rise only beyond 3 combined standard errors', (net) => {
    const ks = lesion(net).random.ks;
    const means = ks.map((k) => mean(k.errors));
    // Sample standard deviation of the draws, then the standard error of their mean.
    const se = (e: number[]) => (e.length > 1 ? Math.sqrt(e.reduce((a, x) => a + (x - mean(e)) ** 2, 0) / (e.length - 1)) / Math.sqrt(e.length) : 0);
    const [first, last] = [ks[0]!, ks.at(-1)!];
    const text = statement('k-curve', { depth: 56, net: net.startsWith('res') ? 'residual' : 'plain' });
    expect(text).toContain(`${pct(means[0]!)} ± ${(100 * se(first.errors)).toFixed(1)} at k = ${first.k}`);
    expect(text).toContain(`${pct(means.at(-1)!)} ± ${(100 * se(last.errors)).toFixed(1)} at k = ${last.k}`);
    const risesBeyond = means.at(-1)! - means[0]! > 3 * Math.hypot(se(first.errors), se(last.errors));
    expect(text.includes('more than 3 standard errors')).toBe(risesBeyond);
    expect(text).not.toContain('every added block');
    // The prose: "Veit et al. report the same shape" for the residual net.
    if (net === 'res-56') expect(risesBeyond).toBe(true);
  });
});

describe('path counts', () => {
  test('the prose: ResNet-56 has two downsampling blocks; "the 0.45 % Veit et al. report" is our count rounded', () => {
    expect(lesion('res-56').blocks.filter((b) => b.changesShape)).toHaveLength(2);
    expect(statement('path-share', { blocks: 54, from: 5, to: 17 })).toMatch(/^0\.45\d? %$/);
  });
  test('the share of a 54-block net’s paths through 5 to 17 branches is the binomial sum, summed exactly', () => {
    let c = 1n;
    let inside = 0n;
    for (let k = 0; k <= 54; k++) {
      if (k > 0) c = (c * BigInt(54 - k + 1)) / BigInt(k);
      if (k >= 5 && k <= 17) inside += c;
    }
    const share = Number((inside * 10n ** 12n) / 2n ** 54n) / 1e12;
    expect(statement('path-share', { blocks: 54, from: 5, to: 17 })).toBe(pct(share, 2));
  });
});

describe('post- against pre-activation, and the zero-γ start, paired by seed', () => {
  const paired = postRuns.flatMap((a) => {
    const b = preRuns.find((r) => r.seeds[0] === a.seeds[0]);
    const [pt, qt] = [finalTrain(a, 'res-56'), b && finalTrain(b, 'preres-56')];
    return b && pt !== undefined && qt !== undefined ? [{ seed: a.seeds[0]!, post: { train: pt, test: finalTest(a, 'res-56')! }, pre: { train: qt, test: finalTest(b, 'preres-56')! } }] : [];
  });
  test('the same schedule for both designs; post-activation without the zero-γ start; pre-activation marked as such', () => {
    for (const r of [...postRuns, ...preRuns]) {
      expect(r.config.zeroInitResidual).toBe(false);
      expect(r.config.depths).toEqual([56]);
      for (const k of ['steps', 'batchSize', 'width', 'momentum', 'weightDecay', 'smoothing'] as const) expect(r.config[k]).toEqual(postRuns[0]!.config[k]);
      expect(r.config.schedule).toEqual(postRuns[0]!.config.schedule);
    }
    for (const r of preRuns) expect(r.config.preActivation).toBe(true);
    for (const r of postRuns) expect(r.config.preActivation ?? false).toBe(false);
  });
  test('the paired seeds and the table rows', () => {
    expect(PREACT.seeds.map((s) => s.seed)).toEqual(paired.map((p) => p.seed));
    const list = (k: number[]) => (k.length === 1 ? `seed ${k[0]}` : `seeds ${k.slice(0, -1).join(', ')} and ${k.at(-1)}`);
    expect(statement('preact-seeds')).toBe(list(paired.map((p) => p.seed)));
    for (const [i, p] of paired.entries()) {
      expect(PREACT.seeds[i]!.post.train).toBeCloseTo(p.post.train, 10);
      expect(PREACT.seeds[i]!.pre.test).toBeCloseTo(p.pre.test, 10);
    }
  });
  test.each(['train', 'test'] as const)('%s error: the means, and a verdict only with at least 2 seeds that agree', (metric) => {
    const text = statement(metric === 'train' ? 'preact-train' : 'preact-test');
    const pre = mean(paired.map((p) => p.pre[metric]));
    const post = mean(paired.map((p) => p.post[metric]));
    expect(text).toContain(`pre-activation net ends at ${pct(pre)}`);
    expect(text).toContain(`post-activation one at ${pct(post)}`);
    if (paired.length === 1) expect(text).toContain('one seed cannot tell apart');
    const gaps = paired.map((p) => p.pre[metric] - p.post[metric]);
    const agree = gaps.every((g) => Math.sign(g) === Math.sign(mean(gaps)));
    const range = (v: number[]) => Math.max(...v) - Math.min(...v);
    const spread = Math.max(range(paired.map((p) => p.pre[metric])), range(paired.map((p) => p.post[metric])));
    // A difference is called only when every seed agrees and the mean gap exceeds one design's seed-to-seed spread.
    if (paired.length > 1) expect(text.includes('we do not call it a difference')).toBe(!agree || Math.abs(mean(gaps)) <= spread);
  });
  test('the summary verdict claims a direction only with at least 3 paired seeds agreeing in both errors', () => {
    const v = statement('preact-verdict');
    const range = (v: number[]) => Math.max(...v) - Math.min(...v);
    const beyond = (m: 'train' | 'test') =>
      Math.abs(mean(paired.map((p) => p.pre[m] - p.post[m]))) > Math.max(range(paired.map((p) => p.pre[m])), range(paired.map((p) => p.post[m])));
    const lower = (m: 'train' | 'test') => paired.every((p) => p.pre[m] < p.post[m]) && beyond(m);
    const higher = (m: 'train' | 'test') => paired.every((p) => p.pre[m] > p.post[m]) && beyond(m);
    expect(v.includes('ends lower')).toBe(paired.length >= 3 && lower('train') && lower('test'));
    expect(v.includes('ends higher')).toBe(paired.length >= 3 && higher('train') && higher('test'));
  });
  test('the zero-γ comparison: recipe ResNet-56 (every seed) against the post-activation one, same data, initialiser and settings but the flag', () => {
    const pairs = recipeRuns.flatMap((a) => {
      const b = postRuns.find((r) => r.seeds[0] === a.seeds[0]);
      return b ? [{ a, b }] : [];
    });
    expect(pairs.length).toBeGreaterThanOrEqual(1);
    for (const { a, b } of pairs) {
      expect(a.config.zeroInitResidual).toBe(true);
      for (const k of ['steps', 'batchSize', 'width', 'momentum', 'weightDecay', 'smoothing', 'init', 'bnMomentum'] as const) expect(b.config[k]).toEqual(a.config[k]);
      expect(b.config.schedule).toEqual(a.config.schedule);
      expect(b.data.trainImagesSha256).toBe(a.data.trainImagesSha256);
    }
    const text = statement('zero-init');
    // Every recipe seed's zero-γ result as a range; the runs without the start as their mean.
    const zero = recipeRuns.map((a) => finalTrain(a, 'res-56')!);
    const lo = pct(Math.min(...zero)).replace(' %', '');
    expect(text).toContain(`ends at ${lo}–${pct(Math.max(...zero))} final training error (recipe seeds ${recipeRuns.map((r) => r.seeds[0]).slice(0, -1).join(', ')} and ${recipeRuns.at(-1)!.seeds[0]})`);
    const without = mean(pairs.map(({ b }) => finalTrain(b, 'res-56')!));
    expect(text).toContain(`without it, at ${pct(without)}`);
    // Both commits are stated, and no claim of the same initial weights (the records hold no hash of them).
    for (const r of [...recipeRuns, ...pairs.map((p) => p.b)]) expect(text).toContain(r.git.commit!.slice(0, 7));
    expect(text).not.toMatch(/same initial weights/);
    expect(LESSON).not.toMatch(/same initial weights/);
    // "this net did not need the identity start" only where, without it, the net beats plain-56 in every paired seed.
    const beatsPlain = pairs.every(({ a, b }) => finalTrain(b, 'res-56')! < finalTrain(a, 'plain-56')!);
    expect(text.includes('did not need the identity start')).toBe(beatsPlain);
    expect(beatsPlain).toBe(true); // the lesson's summary table reads "that our net needs it, our runs do not show"
    // A gap is sized against seed spread only when it exceeds the larger of the two groups' ranges.
    const range = (v: number[]) => Math.max(...v) - Math.min(...v);
    const spread = Math.max(range(zero), pairs.length > 1 ? range(pairs.map(({ b }) => finalTrain(b, 'res-56')!)) : 0);
    expect(text.includes('times the larger seed-to-seed spread')).toBe(spread > 0 && Math.abs(without - mean(zero)) > spread);
  });
});

describe('describePreact: signs', () => {
  test('a gap that rounds to 0.0 points gets no sign; a real one does', () => {
    const g = { metric: 'train' as const, n: 2, postMean: 0.1163, preMean: 0.1165, gaps: [0.0003, 0.0001], meanGap: 0.0002, preLower: 0, seedSpread: 0.01 };
    const text = describePreact(g);
    expect(text).not.toMatch(/[+−]0\.0 /);
    expect(text).toContain('0.0 to 0.0 points per seed');
    expect(describePreact({ ...g, gaps: [0.012, 0.02], meanGap: 0.016 })).toContain('+1.2 to +2.0 points per seed');
  });
});

describe('the nets’ own test errors', () => {
  test('each net’s intact error from its lesion record, on every test image', () => {
    const text = statement('intact-errors');
    for (const r of lesions) expect(text).toContain(`${r.net.replace(/^res-/, 'ResNet-')} ${pct(r.intactError)}`);
    expect(lesions.every((r) => r.examples === json('public/data/fashion-mnist/manifest.json').splits.test.count)).toBe(true);
  });
});

describe('the lesson’s summary (“What to remember”)', () => {
  test('plain-56 fails with any one block deleted; in neither residual net are the downsampling blocks the most harmful', () => {
    const single = (net: string) => lesion(net).blocks.flatMap((b) => (b.error === null ? [] : [b]));
    expect(Math.min(...single('plain-56').map((b) => b.error!))).toBeGreaterThan(0.5);
    for (const depth of [20, 56]) {
      const ranked = [...single(`res-${depth}`)].sort((a, b) => b.error! - a.error!);
      expect(ranked[0]!.changesShape).toBe(false);
      expect(statement('downsampling', { depth })).toContain('not the ones that hurt most');
    }
  });
  test('plain-56’s slices bend down at more points than ResNet-56’s, over the plot and below chance loss, in every direction seed; fewer than 20 points below chance per plain slice', () => {
    const of = (net: string) => landscapes.filter((r) => r.net === net && r.slice2d!.alphas.length === 11).sort((a, b) => a.directions.seed - b.directions.seed).map((r) => summariseSlice2d(r.slice2d!, { belowLoss: Math.log(10) }));
    const [p, q] = [of('plain-56'), of('res-56')];
    expect(p.map((_, i) => p[i]!.bendsDownFraction > q[i]!.bendsDownFraction)).toEqual(p.map(() => true));
    const share = (b: { points: number; bendsDown: number }) => b.bendsDown / b.points;
    expect(p.map((_, i) => share(p[i]!.below!) > share(q[i]!.below!))).toEqual(p.map(() => true));
    expect(Math.max(...p.map((x) => x.below!.points))).toBeLessThan(20);
  });
});
