import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const LESSONS = join(import.meta.dirname, '../../src/lessons');
const lessons = readdirSync(LESSONS).filter((f) => f.endsWith('.mdx'));

/** Exercises a lesson uses: predict-then-run experiments and self-checked questions (a Solution alone is not one). */
const exercises = (mdx: string) => (mdx.match(/<(PredictThenRun|CheckedAnswer)\b/g) ?? []).length;

describe('every lesson teaches with exercises', () => {
  test('there are nine lessons', () => {
    expect(lessons.length).toBe(9);
  });

  test.each(lessons)('%s has at least two exercises', (file) => {
    expect(exercises(readFileSync(join(LESSONS, file), 'utf8'))).toBeGreaterThanOrEqual(2);
  });

  test.each(lessons)('%s puts "What to look for" after the experiment it is about, never before the first one', (file) => {
    const mdx = readFileSync(join(LESSONS, file), 'utf8');
    const look = mdx.search(/what to look for/i);
    if (look < 0) return;
    // The first widget or cell of the lesson must come before the first "what to look for".
    const firstExperiment = mdx.search(/<[A-Z][A-Za-z]+(Lab|Toy|Flow|Conv|Merge|Explorer|Classifier)\b|```js cell|<GradientFlow\b|<ResidualToy\b|<DegradationLab\b/);
    expect(firstExperiment).toBeGreaterThanOrEqual(0);
    expect(look).toBeGreaterThan(firstExperiment);
  });
});
