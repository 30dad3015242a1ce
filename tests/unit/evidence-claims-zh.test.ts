// The zh-CN evidence lesson states the same computed results as the English one: every <EvidenceClaim> it uses renders
// in Chinese from the same data, with exactly the same numbers (every number of the English statement, in the same
// multiset) and the same verdict. The English statements themselves are checked against the JSON in
// evidence-claims.test.ts; this file checks that the translation cannot drift from them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type ClaimId, CLAIMS, PREACT, statement } from '../../src/widgets/evidence/statements';
import { landscapeRows } from '../../src/widgets/evidence/claims';
import { LANDSCAPES } from '../../src/widgets/evidence/records';
import { landscapeTable, preactTable } from '../../src/widgets/evidence/tables';

const ROOT = join(import.meta.dirname, '../..');
const ZH_LESSON = readFileSync(join(ROOT, 'src/lessons-zh-cn/why-residual-networks-train.mdx'), 'utf8');
const uses = [...ZH_LESSON.matchAll(/<EvidenceClaim\s+([^>]*?)\/>/g)].map((m) => {
  const attrs = Object.fromEntries([...m[1]!.matchAll(/(\w+)=(?:"([^"]*)"|\{([^}]*)\})/g)].map((a) => [a[1]!, a[2] ?? Number(a[3])]));
  return attrs as { claim: ClaimId } & Record<string, string | number>;
});
const render = (u: (typeof uses)[number], locale: 'en' | 'zh-cn') => {
  const { claim, ...o } = u;
  return statement(claim, o, locale);
};
/**
 * Every number in a text, as written ("16.4", "2,000", "06858d2", "−1.2"), sorted: the two languages must agree. Net
 * names (ResNet-56) are left out: a translation may name a net once more to be clear, which states no new number.
 */
const numbers = (text: string) => (text.replace(/\b(ResNet|plain)-\d+/g, 'net').match(/[−+]?\d[\d.,]*\d|[−+]?\d/g) ?? []).sort();
/** Sentences that a lesson continues after (the lesson adds the full stop, or they sit in a table cell or a list). */
const UNFINISHED: ClaimId[] = ['setting', 'centre-losses', 'intact-errors', 'preact-verdict', 'preact-seeds', 'preact-minutes', 'path-share', 'blocks'];

describe('the zh-CN lesson’s statements', () => {
  test('it uses the same claims as the English lesson, in the same order', () => {
    const en = readFileSync(join(ROOT, 'src/lessons/why-residual-networks-train.mdx'), 'utf8');
    const claims = (mdx: string) => [...mdx.matchAll(/<EvidenceClaim\s+([^>]*?)\/>/g)].map((m) => m[1]!.trim());
    expect(claims(ZH_LESSON)).toEqual(claims(en));
    expect(uses.length).toBeGreaterThan(10);
    for (const u of uses) expect(CLAIMS).toContain(u.claim);
  });
  test.each(uses.map((u) => [JSON.stringify(u), u] as const))('%s: Chinese, with exactly the English statement’s numbers', (_, u) => {
    const [en, zh] = [render(u, 'en'), render(u, 'zh-cn')];
    expect(zh).not.toMatch(/NaN|undefined|Infinity|null/);
    expect(numbers(zh)).toEqual(numbers(en));
    if (u.claim === 'path-share' || u.claim === 'blocks') expect(zh).toBe(en);
    else expect(zh).toMatch(/[\u4e00-\u9fff]/);
    // Chinese punctuation in Chinese sentences: no ASCII comma, semicolon, colon or bracket between words.
    expect(zh).not.toMatch(/[,;:] |[()]/);
    // A statement the lesson continues has no final punctuation, as in English; the others end with 。
    if (UNFINISHED.includes(u.claim)) expect(zh).not.toMatch(/[。.，,；;：:]$/);
    else expect(zh.endsWith('。')).toBe(true);
  });
});

describe('the zh-CN statements reach the English ones’ verdicts', () => {
  const both = (claim: ClaimId, o = {}) => [statement(claim, o, 'en'), statement(claim, o, 'zh-cn')] as const;
  const same = (pairs: [string, string][], [en, zh]: readonly [string, string]) => {
    for (const [e, z] of pairs) expect(zh.includes(z), `"${z}" in ${zh}`).toBe(en.includes(e));
  };
  test.each([20, 56])('at %i layers', (depth) => {
    same([['do not call it a difference', '不认为两者有差别'], ['in all 3 direction seeds', '在全部 3 个方向种子中']], both('convexity', { depth }));
    same([['do not call it a difference', '不认为两者有差别'], ['in all 3 direction seeds', '在全部 3 个方向种子中']], both('below-chance', { depth }));
    same([["ResNet-" + depth + "'s slice rises higher", `ResNet-${depth} 的切片都升得更高`], [`plain-${depth}'s slice rises higher`, `plain-${depth} 的切片都升得更高`], ['neither rises', '没有哪一个']], both('corner-rise', { depth }));
    same([['do not overlap', '没有重叠'], ['the two overlap', '两者有重叠']], both('lesion-overlap', { depth }));
    same([['not the ones that hurt most', '并不是删除后危害最大的块'], ['they are the most harmful', '它们是危害最大的删除']], both('downsampling', { depth }));
    for (const net of ['residual', 'plain'] as const) same([['more than 3 standard errors', '超过 3 个标准误差'], ['we do not call it a rise', '不认为它上升了']], both('k-curve', { depth, net }));
  });
  test('post- against pre-activation, and the zero-γ start', () => {
    for (const claim of ['preact-train', 'preact-test'] as const) {
      same([['do not call it a difference', '不认为两者有差别'], ['is lower', '更低'], ['is higher', '更高'], ['sign is not the same', '符号并非']], both(claim));
    }
    same([['ends lower', '都更低'], ['ends higher', '都更高'], ['do not agree', '没有一致的方向'], ['too few', '太少']], both('preact-verdict'));
    same([['did not need the identity start', '并不需要从恒等映射开始'], ['lower without the start', '不使用初始化时更低'], ['times the larger seed-to-seed spread', '倍']], both('zero-init'));
  });
});

describe('the zh-CN tables', () => {
  test('Chinese headings and caption over the same cells, and the same CSV as the English page', () => {
    for (const [en, zh] of [
      [landscapeTable(landscapeRows(LANDSCAPES)), landscapeTable(landscapeRows(LANDSCAPES), 'zh-cn')],
      [preactTable(PREACT), preactTable(PREACT, 'zh-cn')],
    ]) {
      expect(zh!.rows).toEqual(en!.rows);
      expect(zh!.csv).toBe(en!.csv);
      expect(zh!.header).toHaveLength(en!.header.length);
      for (const h of [...zh!.header, zh!.caption]) expect(h).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(numbers(preactTable(PREACT, 'zh-cn').caption)).toEqual(numbers(preactTable(PREACT).caption));
  });
});
