import { describe, expect, test } from 'vitest';
import { decadeDomain, drawable, extentDomain, legendLayout, linePath, plotArea, scale, ticks, ticksAt, type Tick } from '../../src/widgets/plots/layout';
import { CATEGORY, depthColor } from '../../src/widgets/plots/palette';

/** Ticks with positions rounded to 0.01 px, so a snapshot does not pin floating-point noise. */
const round = (ts: Tick[]) => ts.map((t) => `${t.label} @ ${Math.round(t.position * 100) / 100}`);

describe('the plot kit’s geometry', () => {
  const area = plotArea(360, 260, { top: 28, right: 12, bottom: 36, left: 44 });

  test('the plot area is the frame less its margins', () => {
    expect(area).toEqual({ left: 44, right: 348, top: 28, bottom: 224 });
  });

  test('a linear error axis: nice domain, five ticks labelled in whole percent, 0 at the bottom', () => {
    const y = scale([0, 0.83], [area.bottom, area.top], { nice: true });
    expect(y.domain()).toEqual([0, 0.9]);
    expect(round(ticks(y, 5, '.0%'))).toMatchInlineSnapshot(`
      [
        "0% @ 224",
        "20% @ 180.44",
        "40% @ 136.89",
        "60% @ 93.33",
        "80% @ 49.78",
      ]
    `);
  });

  test('a log axis over whole decades labels each decade once', () => {
    const dom = decadeDomain([3e-4, 0.02, 0, Number.NaN, 7]);
    expect(dom.map((v) => Math.round(Math.log10(v)))).toEqual([-4, 1]);
    const y = scale(dom, [240, 12], { type: 'log' });
    expect(round(ticks(y, 5, '.0e')).filter((t) => !t.startsWith(' '))).toMatchInlineSnapshot(`
      [
        "1e-4 @ 240",
        "1e-3 @ 194.4",
        "1e-2 @ 148.8",
        "1e-1 @ 103.2",
        "1e+0 @ 57.6",
        "1e+1 @ 12",
      ]
    `);
  });

  test('log domains: one decade at least, [0.1, 10] with nothing to show', () => {
    expect(decadeDomain([5, 5])).toEqual([1, 10]);
    expect(decadeDomain([0, -1])).toEqual([0.1, 10]);
  });

  test('linear domains: the extent, one unit wide for a single value, widened to a fixed range', () => {
    expect(extentDomain([0.2, 0.7, Number.NaN])).toEqual([0.2, 0.7]);
    expect(extentDomain([3])).toEqual([3, 4]);
    expect(extentDomain([])).toEqual([0, 1]);
    expect(extentDomain([-0.2, 0.5], [0, 1])).toEqual([-0.2, 1]);
  });

  test('a log scale cannot draw 0, negative or non-finite values; a linear one draws negatives', () => {
    const pts = [-1, 0, 0.5, Number.NaN, Infinity].map((y, x) => ({ x, y }));
    expect(drawable(pts, 'log').map((p) => p.y)).toEqual([0.5]);
    expect(drawable(pts, 'linear').map((p) => p.y)).toEqual([-1, 0, 0.5]);
  });

  test('a clamped scale keeps an outlier on the edge of the plot', () => {
    const y = scale([-1.5, 1.5], [270, 10], { clamp: true });
    expect([y(-9), y(0), y(9)]).toEqual([270, 140, 10]);
  });

  test('ticks at chosen values, e.g. every 50 training steps', () => {
    const x = scale([0, 200], [48, 628]);
    expect(round(ticksAt(x, [0, 50, 100, 150, 200], String))).toMatchInlineSnapshot(`
      [
        "0 @ 48",
        "50 @ 193",
        "100 @ 338",
        "150 @ 483",
        "200 @ 628",
      ]
    `);
  });

  test('a line breaks at values it cannot draw instead of dropping to 0, and is empty with none', () => {
    const x = scale([0, 4], [0, 100]);
    const y = scale([0, 1], [50, 0]);
    expect(linePath([0.5, 0.25, Number.NaN, 1, 0], (_, i) => x(i), (v) => y(v))).toMatchInlineSnapshot(`"M0,25L25,37.5M75,0L100,50"`);
    expect(linePath([Number.NaN, Infinity], (_, i) => x(i), (v) => y(v), { defined: (v) => Number.isFinite(v) })).toBe('');
    expect(linePath([1 / 3, 2 / 3], (_, i) => x(i) + 0.123456, (v) => y(v), { digits: 1 })).toMatchInlineSnapshot(`"M0.1,33.3L25.1,16.7"`);
  });

  test('legend items: a column steps down, a row steps across by each label’s width', () => {
    expect(legendLayout(['plain-20', 'plain-56'], { x: 348, y: 32, direction: 'column', step: 14 })).toMatchInlineSnapshot(`
      [
        {
          "label": "plain-20",
          "x": 348,
          "y": 32,
        },
        {
          "label": "plain-56",
          "x": 348,
          "y": 46,
        },
      ]
    `);
    const key = legendLayout(['your run: training error', 'reference: test'], { x: 4, y: 11, direction: 'row', step: (label) => 34 + label.length * 6 });
    expect(key.map((k) => k.x)).toEqual([4, 4 + 34 + 24 * 6]);
  });
});

describe('the palette', () => {
  test('each depth of the degradation plots has its own Tableau colour; other depths share purple', () => {
    const depths = [8, 14, 20, 32, 44, 56];
    expect(new Set(depths.map(depthColor)).size).toBe(depths.length);
    expect(depths.map(depthColor).every((c) => Object.values(CATEGORY).includes(c as never))).toBe(true);
    expect(depthColor(110)).toBe(CATEGORY.purple);
  });
});
