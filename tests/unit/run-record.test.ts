import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseDegradationRecord, parseResnextRecord, parseRunRecord } from '../../src/model/training/record';

const RUN_DIR = join(import.meta.dirname, '../../src/data/runs');
const FILES = readdirSync(RUN_DIR).filter((f) => f.endsWith('.json'));
const read = (file: string): unknown => JSON.parse(readFileSync(join(RUN_DIR, file), 'utf8'));

/** Objects with their keys sorted, so two JSON values compare by content, not by key order. */
const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)])) : v;

describe('the run record', () => {
  test('there are committed runs of both experiments', () => {
    const kinds = FILES.map((f) => (read(f) as { experiment: string }).experiment);
    expect(kinds).toContain('degradation');
    expect(kinds).toContain('resnext');
  });

  test.each(FILES)('%s parses, and the parsed record holds every field of the file', (file) => {
    const json = read(file);
    const record = parseRunRecord(json, file);
    expect(record.experiment).toBe(file.startsWith('resnext') ? 'resnext' : 'degradation');
    expect(canonical(record)).toEqual(canonical(json));
    for (const run of record.runs) expect(run.curves.error).toHaveLength(run.steps);
  });

  const degradation = () => read(FILES.find((f) => f.startsWith('degradation-recipe'))!) as Record<string, any>;
  const resnext = () => read(FILES.find((f) => f.startsWith('resnext'))!) as Record<string, any>;

  test('a malformed file is rejected with the path of the bad field', () => {
    const missing = degradation();
    delete missing.runs[1].curves;
    expect(() => parseDegradationRecord(missing, 'f.json')).toThrow(/^f\.json: runs\[1\]\.curves must be an object, got nothing$/);

    const badValue = degradation();
    badValue.runs[0].curves.error[7] = 'x';
    expect(() => parseDegradationRecord(badValue, 'f.json')).toThrow(/runs\[0\]\.curves\.error must be an array of finite numbers/);

    const badStatus = resnext();
    badStatus.runs[0].status = 'done';
    expect(() => parseResnextRecord(badStatus, 'r.json')).toThrow(/runs\[0\]\.status must be one of "finished", "stopped", "diverged", got "done"/);

    const badSchedule = degradation();
    badSchedule.config.schedule.milestones = [600, 400];
    expect(() => parseDegradationRecord(badSchedule, 'f.json')).toThrow(/config\.schedule: step schedule: milestones must be increasing/);

    expect(() => parseRunRecord([], 'a.json')).toThrow(/must be an object/);
    expect(() => parseRunRecord({ ...degradation(), experiment: 'other' }, 'o.json')).toThrow(/experiment must be one of "degradation", "resnext"/);
  });

  test('one experiment’s file is not read as the other’s', () => {
    expect(() => parseResnextRecord(degradation(), 'd.json')).toThrow(/experiment must be one of "resnext", got "degradation"/);
    expect(() => parseDegradationRecord(resnext(), 'r.json')).toThrow(/experiment must be one of "degradation", got "resnext"/);
  });

  test('an unfinished ResNeXt net (test: null) and an older degradation file (no trainSet) are valid records', () => {
    const r = resnext();
    r.runs[0].test = null;
    r.runs[0].status = 'stopped';
    expect(parseResnextRecord(r).runs[0]!.test).toBeNull();
    const d = degradation();
    for (const run of d.runs) {
      delete run.trainSet;
      delete run.zeroInitResidual;
    }
    expect(parseDegradationRecord(d).runs.every((run) => run.trainSet === undefined)).toBe(true);
  });
});
