/**
 * What a link setting accepts, in words of one language: the guide's table (src/pages/guide/_LinkSettings.astro)
 * words it in the page's language. In English it reads exactly as describeField (src/widgets/shared/url-state.ts),
 * which tests/unit/guide-link-settings.test.ts checks.
 */
import type { Field } from '../../widgets/shared/url-state';
import type { strings } from './strings';

type Words = (typeof strings)['en'];

export function describeSetting(f: Field, t: Words): string {
  const bounds = (b: { min?: number; max?: number }) =>
    b.min !== undefined && b.max !== undefined
      ? t.fromTo(b.min, b.max)
      : b.min !== undefined
        ? t.atLeast(b.min)
        : b.max !== undefined
          ? t.atMost(b.max)
          : '';
  switch (f.kind) {
    case 'int':
      return f.values ? t.or(f.values) : t.wholeNumber(bounds(f));
    case 'number':
      return t.number(bounds(f));
    case 'enum':
      return t.or(f.values);
    case 'bool':
      return t.trueOrFalse;
    case 'list':
      return t.list(describeSetting(f.of, t));
  }
}
