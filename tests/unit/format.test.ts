import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/model/analyze';
import { resnet50 } from '../../src/model/builders';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatExact,
  formatMs,
  formatPercent,
  formatProbability,
  formatShape,
  formatShare,
} from '../../src/lib/format';

describe('one rule per kind of number', () => {
  test('ResNet-50’s 25,557,032 parameters read "25.6M" and its multiply-adds "4.09G": three significant figures', () => {
    const r = analyze(resnet50());
    expect(r.params).toBe(25_557_032);
    expect([formatCount(r.params), formatCount(r.macs), formatExact(r.params)]).toEqual(['25.6M', '4.09G', '25,557,032']);
  });

  test('counts switch unit at 950 of the smaller one and never print four digits', () => {
    expect([999, 1_000, 949_999, 950_000, 9_996_000, 99_960_000, 949_999_999, 950_000_000].map(formatCount)).toEqual(['999', '1.00K', '950K', '0.95M', '10.0M', '100M', '950M', '0.95G']);
    expect(formatCount(-25_557_032)).toBe('-25.6M');
    expect(formatCount(Number.NaN)).toBe('NaN');
  });

  test('shapes join with ×', () => {
    expect(formatShape([7, 7, 2048])).toBe('7×7×2048');
    expect(formatShape([])).toBe('');
  });

  test('percentages in text have a space and one decimal; missing values leave the cell empty', () => {
    expect(formatPercent(0.1234)).toBe('12.3 %');
    expect(formatPercent(0.12345, 2)).toBe('12.35 %');
    expect(formatPercent(1)).toBe('100.0 %');
    expect([formatPercent(undefined), formatPercent(Number.NaN), formatPercent(Infinity)]).toEqual(['', '', '']);
  });

  test('a tiny share never reads 0.0 %, a near-certain one never 100.0 %, and nothing reads 0 %', () => {
    expect([0.7395, 0.0004, 0.9999, 0].map(formatProbability)).toEqual(['74.0%', '<0.1%', '100%', '0.0%']);
    expect([formatShare(7_098_368, 25_557_032), formatShare(128, 25_557_032), formatShare(0, 25_557_032), formatShare(5, 0)]).toEqual(['27.8%', '<0.1%', '0%', '0%']);
  });

  test('bytes in decimal units; a negative count is refused with the value quoted', () => {
    expect([0, 999, 14_517, 25_833_632, 2_500_000_000].map(formatBytes)).toEqual(['0 B', '999 B', '14.5 kB', '25.8 MB', '2.50 GB']);
    expect(() => formatBytes(-3)).toThrow(/-3/);
  });

  test('durations: milliseconds for waits, minutes and hours for runs, a dash when unknown', () => {
    expect([4.56, 312.4, 1250, 12_340, Number.NaN].map(formatMs)).toEqual(['4.6 ms', '312 ms', '1.25 s', '12.3 s', '–']);
    expect([undefined, 45, 185, 3720, Infinity].map(formatDuration)).toEqual(['—', '45 s', '3 min 05 s', '1 h 02 min', '—']);
  });
});
