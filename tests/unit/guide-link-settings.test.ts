import { describe, expect, test } from 'vitest';
import { describeField, type Field } from '../../src/widgets/shared/url-state';
import { describeSetting } from '../../src/components/guide/describe-setting';
import { strings } from '../../src/components/guide/strings';
import { LAB_LINK } from '../../src/widgets/degradation-lab/link';
import { FLOW_LINK } from '../../src/widgets/gradient-flow/link';
import { TOY_LINK } from '../../src/widgets/residual-toy/link';
import { LESION_LINK } from '../../src/widgets/lesion-study/link';
import { CLASSIFIER_LINK } from '../../src/widgets/resnet50-classifier/link';
import { LANDSCAPE_LINK } from '../../src/widgets/loss-landscape/link';

const schemas = { LAB_LINK, FLOW_LINK, TOY_LINK, LESION_LINK, CLASSIFIER_LINK, LANDSCAPE_LINK };
const every = Object.entries(schemas).flatMap(([link, s]) =>
  Object.entries(s.schema as Record<string, Field>).map(([name, field]) => [`${link}.${name}`, field] as const),
);
const shapes: Field[] = [
  { kind: 'int', min: 1, max: 8 },
  { kind: 'int', min: 2 },
  { kind: 'int', max: 9 },
  { kind: 'int' },
  { kind: 'number', min: 0.001, max: 1 },
  { kind: 'enum', values: ['a'] },
  { kind: 'bool' },
  { kind: 'list', of: { kind: 'int', values: [8, 20, 32] } },
];

describe("the guide's table of link settings", () => {
  test.each(every)('%s reads in English exactly as describeField words it', (_, field) => {
    expect(describeSetting(field, strings.en)).toBe(describeField(field));
  });
  test.each(shapes.map((f) => [JSON.stringify(f), f] as const))('%s: English as describeField; Chinese differs and keeps the numbers', (_, field) => {
    const en = describeSetting(field, strings.en);
    expect(en).toBe(describeField(field));
    const zh = describeSetting(field, strings['zh-cn']);
    for (const n of en.match(/\d+(\.\d+)?/g) ?? []) expect(zh).toContain(n);
  });
  test('a list of choices reads in Chinese with 、 and 或', () => {
    expect(describeSetting({ kind: 'list', of: { kind: 'enum', values: ['plain', 'res'] } }, strings['zh-cn'])).toBe('以逗号分隔，每一项为 plain 或 res');
  });
});
