import { describe, expect, test } from 'vitest';
import { type Schema, describeField, describeRejected, parseField, readSettings, writeSettings } from '../../src/widgets/shared/url-state';

const lab = {
  depths: { kind: 'list', of: { kind: 'int', min: 8, max: 110 } },
  variant: { kind: 'list', of: { kind: 'enum', values: ['plain', 'res'] }, minItems: 1 },
  steps: { kind: 'int', min: 1, max: 5000 },
  lr: { kind: 'number', min: 0, max: 10 },
  schedule: { kind: 'enum', values: ['constant', 'step'] },
  bn: { kind: 'bool' },
} as const satisfies Schema;

describe('settings in the URL', () => {
  test('every kind of field survives a round trip through the query', () => {
    const settings = { depths: [20, 56], variant: ['res'], steps: 300, lr: 0.05, schedule: 'step', bn: false };
    const search = writeSettings(lab, '', 'dl', settings);
    expect(search).toBe('?dl.depths=20,56&dl.variant=res&dl.steps=300&dl.lr=0.05&dl.schedule=step&dl.bn=false');
    expect(readSettings(lab, search, 'dl')).toEqual({ settings, rejected: [] });
  });

  test('an empty list is a setting (no depth ticked), and survives the round trip', () => {
    const search = writeSettings(lab, '', 'dl', { depths: [] });
    expect(search).toBe('?dl.depths=');
    expect(readSettings(lab, search, 'dl').settings).toEqual({ depths: [] });
  });

  test('reads percent-encoded values and numbers written in exponent form', () => {
    const { settings } = readSettings(lab, '?dl.depths=20%2C56&dl.lr=1e-3', 'dl');
    expect(settings).toEqual({ depths: [20, 56], lr: 0.001 });
  });

  test('two widgets on one page read only their own parameters', () => {
    const search = '?a.steps=100&b.steps=200&a.bn=true';
    expect(readSettings(lab, search, 'a').settings).toEqual({ steps: 100, bn: true });
    expect(readSettings(lab, search, 'b').settings).toEqual({ steps: 200 });
  });

  test('a key does not claim the parameters of a longer key that starts with it', () => {
    const search = '?lab.steps=100&lab.x.steps=200';
    expect(readSettings(lab, search, 'lab')).toEqual({ settings: { steps: 100 }, rejected: [] });
    expect(readSettings(lab, search, 'lab.x').settings).toEqual({ steps: 200 });
    expect(writeSettings(lab, search, 'lab', { steps: 7 })).toBe('?lab.steps=7&lab.x.steps=200');
  });

  test('writing leaves every other parameter as it was, and keeps each own parameter in its place', () => {
    const before = '?backend=wasm&dl.steps=100&other.q=a%20b+c&flag&dl.lr=0.1';
    const after = writeSettings(lab, before, 'dl', { steps: 250, lr: 0.2, bn: true });
    expect(after).toBe('?backend=wasm&dl.steps=250&other.q=a%20b+c&flag&dl.lr=0.2&dl.bn=true');
  });

  test("writing drops the widget's stale parameters and fields it was not given", () => {
    expect(writeSettings(lab, '?dl.old=1&dl.steps=9&x=1', 'dl', { lr: 0.1 })).toBe('?x=1&dl.lr=0.1');
    expect(writeSettings(lab, '?dl.steps=9', 'dl', {})).toBe('');
  });

  test('a value the schema would not read back is not written', () => {
    expect(writeSettings(lab, '', 'dl', { steps: 0, lr: Number.NaN, schedule: 'cosine' as 'step' })).toBe('');
  });

  test('bad values are ignored, each reported with its reason, and the good ones still apply', () => {
    const search = '?dl.lr=abc&dl.steps=0&dl.depths=20,7&dl.schedule=cosine&dl.bn=maybe&dl.colour=red&dl.variant=&dl.steps=5';
    const { settings, rejected } = readSettings(lab, search, 'dl');
    expect(settings).toEqual({});
    expect(rejected).toEqual([
      { field: 'lr', raw: 'abc', reason: 'not a number' },
      { field: 'steps', raw: '0', reason: 'not between 1 and 5000' },
      { field: 'depths', raw: '20,7', reason: '7 is not between 8 and 110' },
      { field: 'schedule', raw: 'cosine', reason: 'not one of constant, step' },
      { field: 'bn', raw: 'maybe', reason: 'not true or false' },
      { field: 'colour', raw: 'red', reason: 'not a setting of this widget' },
      { field: 'variant', raw: '', reason: 'empty' },
    ]);
    expect(describeRejected(rejected.slice(0, 2))).toBe('lr=abc (not a number); steps=0 (not between 1 and 5000)');
  });

  test('a broken percent escape or a field name like __proto__ does not throw', () => {
    expect(() => readSettings(lab, '?dl.lr=%E0%A4%A&dl.__proto__=1&dl.constructor=2', 'dl')).not.toThrow();
    const { settings, rejected } = readSettings(lab, '?dl.lr=%E0%A4%A&dl.__proto__=1', 'dl');
    expect(settings).toEqual({});
    expect(rejected.map((r) => r.field)).toEqual(['lr', '__proto__']);
  });

  test('whole numbers reject fractions; numbers reject the empty string and infinity', () => {
    expect(parseField({ kind: 'int' }, '2.5')).toEqual({ ok: false, reason: 'not a whole number' });
    expect(parseField({ kind: 'number' }, '')).toEqual({ ok: false, reason: 'not a number' });
    expect(parseField({ kind: 'number' }, 'Infinity')).toEqual({ ok: false, reason: 'not a number' });
    expect(parseField({ kind: 'int', min: 1 }, '0')).toEqual({ ok: false, reason: 'less than 1' });
  });

  test('a whole number can be limited to the values a widget offers', () => {
    const depth = { kind: 'int', values: [8, 20, 32] } as const;
    expect(parseField(depth, '20')).toEqual({ ok: true, value: 20 });
    expect(parseField(depth, '26')).toEqual({ ok: false, reason: 'not one of 8, 20, 32' });
  });

  test('lists drop duplicates and keep their order', () => {
    expect(parseField(lab.depths, '56,20,56')).toEqual({ ok: true, value: [56, 20] });
  });

  test('each kind of field is described in words for the authoring guide', () => {
    expect(Object.values(lab).map(describeField)).toEqual([
      'comma-separated, each a whole number from 8 to 110',
      'comma-separated, each plain or res',
      'a whole number from 1 to 5000',
      'a number from 0 to 10',
      'constant or step',
      'true or false',
    ]);
    expect(describeField({ kind: 'int', values: [32, 64, 128] })).toBe('32, 64 or 128');
  });
});
