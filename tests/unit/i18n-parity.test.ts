import { describe, expect, it } from 'vitest';
import { compareMdx, mdxStructure } from '../../src/i18n/parity';
import { untranslatedStrings } from '../../src/i18n/untranslated';
import { localeFromLang, localeFromPath, localePath } from '../../src/i18n/locales';
import { checkI18n } from '../../scripts/check-i18n';

const english = `---
title: A lesson
---
import Lab from '../widgets/lab/Lab.astro';

The *degradation problem* <Cite id="he2016" at="§4.1" />: with $n$ layers the error is $e_n$.

$$
y = F(x) + x
$$

<PredictThenRun question="Which trains faster?" choices={['yes', 'no']} result="faster">

\`\`\`js cell
const net = cifarResNet({ depth: 20 });
\`\`\`

</PredictThenRun>

<Lab depth={56} caption="Plain and residual nets" />
{ok ? \`\${n} steps to go\` : 'done'}
`;

/** The English lesson with its prose, prose props and choice labels in Chinese: a faithful translation. */
const faithful = english
  .replace('title: A lesson', 'title: 一节课')
  .replace('The *degradation problem*', '退化问题（degradation problem）')
  .replace(': with $n$ layers the error is $e_n$.', '：误差为 $e_n$，层数为 $n$。')
  .replace('Which trains faster?', '哪个训练得更快？')
  .replace("choices={['yes', 'no']}", "choices={[{ value: 'yes', label: '是' }, { value: 'no', label: '否' }]}")
  .replace('Plain and residual nets', '普通网络与残差网络')
  .replace('${n} steps to go', '还剩 ${n} 步')
  .replace("'done'", "'完成'");

describe('translated lesson parity (src/i18n/parity.ts)', () => {
  it('reads imports, code, math, components and expressions', () => {
    const s = mdxStructure(english);
    expect(s.imports).toEqual(["import Lab from '../widgets/lab/Lab.astro';"]);
    expect(s.fences).toHaveLength(1);
    expect(s.displayMath).toEqual(['y = F(x) + x']);
    expect(s.inlineMath).toEqual(['e_n', 'n']);
    expect(s.nodes.map((n) => n.name)).toEqual(['Cite', 'PredictThenRun', 'Lab', '{…}']);
  });

  it('accepts a translation that changes only prose (reordered inline math, labels as { value, label })', () => {
    expect(compareMdx(english, faithful)).toEqual([]);
  });

  it.each([
    ['changed code', faithful.replace('depth: 20', 'depth: 56'), /code block 1 differs/],
    ['changed display math', faithful.replace('F(x) + x', 'F(x)'), /display math 1 differs/],
    ['dropped inline math', faithful.replace('层数为 $n$', '层数为 n'), /inline math/],
    ['changed numeric prop', faithful.replace('depth={56}', 'depth={20}'), /Lab .*depth/],
    ['changed identifier string', faithful.replace('result="faster"', 'result="slower"'), /result/],
    ['changed choice value', faithful.replace("value: 'no'", "value: 'nope'"), /choices/],
    ['missing component', faithful.replace(/<Lab[^\n]*\n/, ''), /components and expressions: 4 in English, 3/],
    ['changed expression code', faithful.replace('ok ?', '!ok ?'), /expression/],
    ['changed import', faithful.replace('lab/Lab', 'lab/Other'), /import 1 differs/],
    ['an English prop string changed to other English', faithful.replace('哪个训练得更快？', 'Which is faster?'), /question/],
  ])('rejects %s', (_what, translated, message) => {
    const problems = compareMdx(english, translated);
    expect(problems.join('\n')).toMatch(message);
  });
});

describe('untranslated widget strings (src/i18n/untranslated.ts)', () => {
  it('flags empty, missing, extra and English-left strings; allows names', () => {
    const en = { a: 'Train', b: 'ResNet-50 (CSV)', c: 'Stop', d: 'Reset', f: (n: number) => `${n} steps` };
    const zh = { a: 'Train', b: 'ResNet-50 (CSV)', c: '', f: (n: number) => `${n} 步`, e: '多余' } as unknown as typeof en;
    const problems = untranslatedStrings(en, zh).join('\n');
    expect(problems).toMatch(/a: "Train" is the English string/);
    expect(problems).not.toMatch(/^b:/m);
    expect(problems).toMatch(/c: empty/);
    expect(problems).toMatch(/d: missing/);
    expect(problems).toMatch(/e: in zh-cn only/);
    expect(problems).not.toMatch(/^f:/m);
  });
});

describe('locales (src/i18n/locales.ts)', () => {
  it('finds the locale from a path under any base path, and from <html lang>', () => {
    expect(localeFromPath('/zh-cn/lessons/x/')).toBe('zh-cn');
    expect(localeFromPath('/lessons/x/')).toBe('en');
    expect(localeFromPath('/ml101/zh-cn/', '/ml101/')).toBe('zh-cn');
    expect(localeFromPath('/ml101/lessons/zh-cn/', '/ml101/')).toBe('en');
    expect(localePath('zh-cn', '/catalog/')).toBe('/zh-cn/catalog/');
    expect(localePath('en', '/catalog/')).toBe('/catalog/');
    expect(localeFromLang('zh-CN')).toBe('zh-cn');
    expect(localeFromLang('en')).toBe('en');
  });
});

describe('the repository', () => {
  it('has a zh-CN counterpart for every lesson, guide, catalog entry and string table (npm run check-i18n)', async () => {
    expect(await checkI18n(process.cwd())).toEqual([]);
  }, 60_000);
});
