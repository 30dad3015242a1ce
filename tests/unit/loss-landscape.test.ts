// The loss-landscape widget's pure cores against the committed records (src/data/landscapes): which records a view
// shows, how a live grid fills in, the colour domain the panels share, the contour bands, the table and CSV, and the
// sentence under the plots. No DOM, no tfjs, no network.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLandscapeRecord, type LandscapeRecord } from '../../src/model/analysis/landscape-record';
import { linspace } from '../../src/model/analysis/directions';
import { colourScale, contourBands, gridToPixels, polygonPath } from '../../src/widgets/loss-landscape/contour';
import {
  GRID_HEADER, axis, centreLoss, checkSettings, completeRows, computedPoints, curveOf, emptyPanel, fillPoints, gridCsv, gridRows, levels, referenceViews, sharedLogDomain, timeLeft, viewCaption, type View,
} from '../../src/widgets/loss-landscape/series';

const dir = join(__dirname, '../../src/data/landscapes');
const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
const records: LandscapeRecord[] = files.map((f) => parseLandscapeRecord(JSON.parse(readFileSync(join(dir, f), 'utf8')), f));
const record = (net: string, seed: number, grid: number) => records.find((r) => r.net === net && r.directions.seed === seed && r.slice2d?.alphas.length === grid)!;
const views = referenceViews(records);

describe('reference views', () => {
  test('one view per depth and seed with both a plain and a residual record, plain first', () => {
    const keys = [...new Set(records.map((r) => `${r.architecture.depth}-${r.directions.seed}`))].sort();
    expect(Object.keys(views).sort()).toEqual(keys);
    for (const v of Object.values(views)) expect(v.panels.map((p) => p.kind)).toEqual(['plain', 'residual']);
  });

  test('the finest committed grid wins: 56 layers, seed 1 shows the 21×21 records, with the 11×11 records’ 1-D slice', () => {
    const v = views['56-1']!;
    const fine = record('res-56', 1, 21);
    expect(fine).toBeDefined();
    expect(v.panels[1]!.loss).toEqual(fine.slice2d!.loss);
    expect(v.panels[1]!.curve?.loss).toEqual(record('res-56', 1, 11).slice1d!.loss);
    expect(views['56-2']!.panels[1]!.alphas).toHaveLength(11);
  });

  test('a view carries each net’s training-set error, span, seed and batch from its records', () => {
    const v = views['20-2']!;
    const res = record('res-20', 2, 11);
    expect(v.panels[1]!.trainSetError).toBe(res.referenceNet.trainSetError);
    expect(v.span).toBe(1);
    expect(v.seed).toBe(2);
    expect(v.batch).toEqual({ count: res.data.batch.count, seed: res.data.batch.seed });
  });

  test('the caption states seed, grid, span, batch and both nets’ training-set errors and centre losses from the records', () => {
    const v = views['20-1']!;
    const text = viewCaption(v);
    const plain = record('plain-20', 1, 11);
    expect(text).toContain('Direction seed 1');
    expect(text).toContain('11×11 grid over α, β in ±1');
    expect(text).toContain(`fixed batch of ${plain.data.batch.count} training images`);
    expect(text).toContain(`plain-20 (training-set error ${(100 * plain.referenceNet.trainSetError).toFixed(1)} %`);
    expect(centreLoss(v.panels[0]!)).toBe(plain.slice2d!.loss[5]![5]);
  });
});

describe('a live grid', () => {
  test('its axes are the library’s linspace over ±span, with 0 at the centre', () => {
    expect(axis(1, 11)).toEqual(linspace(-1, 1, 11));
    expect(axis(1.5, 21)[10]).toBe(0);
  });

  test('settings outside the allowed ranges are refused with the bad value quoted', () => {
    expect(() => checkSettings({ depth: 32, grid: 11, span: 1, seed: 1 })).toThrow(/got 32/);
    expect(() => checkSettings({ depth: 20, grid: 12, span: 1, seed: 1 })).toThrow(/odd.*got 12/);
    expect(() => checkSettings({ depth: 20, grid: 43, span: 1, seed: 1 })).toThrow(/got 43/);
    expect(() => checkSettings({ depth: 20, grid: 5, span: 1, seed: 0 })).toThrow(/got 0/);
    expect(checkSettings({ depth: 56, grid: 41, span: 2, seed: 999 }).grid).toBe(41);
  });

  test('fills in row by row: points land at (row, column) = divmod(index, n), complete rows counted from the first', () => {
    const p = emptyPanel('residual', 'res-20', 1, 5);
    expect(completeRows(p)).toBe(0);
    expect(fillPoints(p, [0, 1, 2, 3, 4, 5, 6].map((index) => ({ index, loss: 1 + index, error: 0.1 })))).toBe(7);
    expect(p.loss[0]).toEqual([1, 2, 3, 4, 5]);
    expect(p.loss[1]).toEqual([6, 7, null, null, null]);
    expect(completeRows(p)).toBe(1);
    expect(computedPoints(p)).toBe(7);
    // A point sent twice is not counted twice.
    expect(fillPoints(p, [{ index: 6, loss: 7, error: 0.1 }])).toBe(0);
    expect(() => fillPoints(p, [{ index: 25, loss: 1, error: 0 }])).toThrow(/outside a 5×5 grid/);
  });

  test('its 1-D curve is the centre row (β = 0) where computed', () => {
    const p = emptyPanel('plain', 'plain-20', 1, 5);
    fillPoints(p, Array.from({ length: 13 }, (_, index) => ({ index, loss: index + 1, error: 0 })));
    expect(curveOf(p)).toEqual([{ alpha: -1, loss: 11 }, { alpha: -0.5, loss: 12 }, { alpha: 0, loss: 13 }]);
    expect(centreLoss(p)).toBe(13);
  });

  test('time left is the rate so far applied to the points left', () => {
    expect(timeLeft(0, 50, 3)).toBeNull();
    expect(timeLeft(10, 50, 5)).toBe(20);
  });
});

describe('one colour scale for every panel', () => {
  test('the domain spans the lowest and the highest loss of all panels, in log10', () => {
    const v = views['20-1']!;
    const all = v.panels.flatMap((p) => p.loss.flat() as number[]);
    const [lo, hi] = sharedLogDomain(v.panels)!;
    expect(lo).toBeCloseTo(Math.log10(Math.min(...all)), 12);
    expect(hi).toBeCloseTo(Math.log10(Math.max(...all)), 12);
    // Not either net's own range: the plain net's maximum is above the residual net's here.
    const own = sharedLogDomain([v.panels[1]!])!;
    expect(own[1]).toBeLessThan(hi);
  });

  test('the same loss gets the same colour in both panels', () => {
    const v = views['56-1']!;
    const domain = sharedLogDomain(v.panels)!;
    const [plain, res] = v.panels.map((p) => contourBands(p, domain, 10));
    const fills = (c: typeof plain) => new Map(c!.bands.map((b) => [b.level, b.fill]));
    const a = fills(plain);
    const b = fills(res);
    const shared = [...a.keys()].filter((k) => b.has(k));
    expect(shared.length).toBeGreaterThan(2);
    for (const k of shared) expect(a.get(k)).toBe(b.get(k));
  });

  test('before any point there is no domain, and one value gives a unit-wide one', () => {
    const p = emptyPanel('plain', 'plain-20', 1, 5);
    expect(sharedLogDomain([p])).toBeNull();
    fillPoints(p, [{ index: 0, loss: 10, error: 0 }]);
    expect(sharedLogDomain([p])).toEqual([0.5, 1.5]);
    expect(levels([0, 1], 3)).toEqual([0.25, 0.5, 0.75]);
  });
});

describe('contour bands', () => {
  test('a bowl: every band is a closed region around the centre, the highest levels only near the corners', () => {
    const p = emptyPanel('residual', 'bowl', 1, 11);
    fillPoints(p, p.betas.flatMap((b, r) => p.alphas.map((a, c) => ({ index: r * 11 + c, loss: 0.1 * 10 ** (a * a + b * b), error: 0 }))));
    const domain = sharedLogDomain([p])!;
    const c = contourBands(p, domain, 6);
    expect(c.rows).toBe(11);
    // Under the bands, only the four corners that marching squares cuts off are drawn as cells.
    expect(c.cells.map((x) => [x.row, x.col])).toEqual([[0, 0], [0, 10], [10, 0], [10, 10]]);
    expect(c.bands[0]!.level).toBe(domain[0]);
    // Lower levels cover more of the grid (areas ≥ level shrink as the level rises).
    const area = (poly: number[][][][]) => poly.reduce((s, rings) => s + Math.abs(shoelace(rings[0]!)) - rings.slice(1).reduce((h, ring) => h + Math.abs(shoelace(ring)), 0), 0);
    const areas = c.bands.map((b) => area(b.polygon.coordinates));
    for (let i = 1; i < areas.length; i++) expect(areas[i]!).toBeLessThan(areas[i - 1]!);
    // The lowest band covers the whole 11×11 grid but its corners, which marching squares cuts (¼ of a cell's half each).
    expect(areas[0]).toBeCloseTo(121 - 4 * 0.125, 6);
    expect(c.bands.at(-1)!.fill).toBe(colourScale(domain)(domain[0] + ((domain[1] - domain[0]) * 6.5) / 7));
  });

  test('only complete rows are contoured; the row in progress is drawn as cells, and no hole is read as a basin', () => {
    const p = emptyPanel('plain', 'plain-20', 1, 5);
    fillPoints(p, Array.from({ length: 12 }, (_, index) => ({ index, loss: 1 + index, error: 0 })));
    const c = contourBands(p, sharedLogDomain([p])!, 4);
    expect(c.rows).toBe(2);
    expect(c.cells.map((x) => [x.row, x.col])).toEqual([[0, 0], [0, 4], [1, 0], [1, 4], [2, 0], [2, 1]]);
    // Every band lies inside the two contoured rows (grid units 0…2 in y).
    for (const b of c.bands) for (const rings of b.polygon.coordinates) for (const ring of rings) for (const [, gy] of ring) expect(gy).toBeLessThanOrEqual(2);
  });

  test('one complete row is too few to contour: its points are cells', () => {
    const p = emptyPanel('plain', 'plain-20', 1, 5);
    fillPoints(p, Array.from({ length: 6 }, (_, index) => ({ index, loss: 1 + index, error: 0 })));
    const c = contourBands(p, sharedLogDomain([p])!, 4);
    expect(c.rows).toBe(0);
    expect(c.bands).toHaveLength(0);
    expect(c.cells).toHaveLength(6);
  });

  test('grid units map to pixels with each grid point in the middle of its cell, row 0 at the bottom', () => {
    const p = emptyPanel('plain', 'x', 1, 5);
    const px = gridToPixels(p, { left: 0, right: 100, top: 0, bottom: 50 });
    expect(px.x(0.5)).toBe(10);
    expect(px.y(0)).toBe(50);
    expect(px.alphaDomain).toEqual([-1.25, 1.25]);
    expect(polygonPath({ type: 'MultiPolygon', value: 0, coordinates: [[[[0, 0], [5, 0], [5, 5], [0, 0]]]] }, px)).toBe('M0,50L100,50L100,0L0,50Z');
  });
});

describe('table and CSV', () => {
  test('one row per computed point and net, with α, β, loss and error; the CSV has the same rows', () => {
    const v = views['20-1']!;
    const rows = gridRows(v);
    expect(rows).toHaveLength(2 * 121);
    const plain = record('plain-20', 1, 11).slice2d!;
    expect(rows[0]).toEqual(['plain-20', plain.alphas[0], plain.betas[0], plain.loss[0]![0], plain.error[0]![0]]);
    const lines = gridCsv(v).trimEnd().split('\r\n');
    expect(lines[0]).toBe(GRID_HEADER.join(','));
    expect(lines).toHaveLength(1 + rows.length);
  });

  test('a live view tabulates only what is computed so far', () => {
    const p = emptyPanel('saved', 'your res-20', 1, 5);
    fillPoints(p, [{ index: 0, loss: 2, error: 0.5 }]);
    const v: View = { source: 'live', depth: 20, seed: 4, span: 1, batch: { count: 256, seed: 1 }, panels: [p] };
    expect(gridRows(v)).toEqual([['your res-20', -1, -1, 2, 0.5]]);
    expect(viewCaption(v)).toMatch(/^Computed in this page: your res-20\. Direction seed 4/);
  });
});

/** Signed area of a closed ring (shoelace formula). */
function shoelace(ring: number[][]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s / 2;
}
