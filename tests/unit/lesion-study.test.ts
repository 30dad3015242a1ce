// The lesion study widget's pure core against the committed records: what it draws, tabulates and says is what
// summariseLesions (and so scripts/lesion-report.ts) computes from the same files.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLesionRecord, summariseLesions } from '../../src/model/analysis/lesion-record';
import { BLOCK_HEADER, blockCsv, blockRows, compareWithRecord, kCsv, kRows, meanSingleDeletion, pct, studyCaption, studyData } from '../../src/widgets/lesion-study/series';

const dir = join(__dirname, '../../src/data/lesions');
const records = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => parseLesionRecord(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
const byId = (id: string) => records.find((r) => r.net === id)!;

describe.each([20, 56])('depth %i', (depth) => {
  const data = studyData(records, depth);
  const res = byId(`res-${depth}`);
  const plain = byId(`plain-${depth}`);

  test('sorts the records into the residual and the plain net', () => {
    expect(data.nets.residual?.id).toBe(`res-${depth}`);
    expect(data.nets.plain?.id).toBe(`plain-${depth}`);
    expect(data.nets.residual!.blocks.map((b) => b.error)).toEqual(res.blocks.map((b) => b.error));
  });

  test('the mean single-block error is the k = 1 mean of the record and of the summary', () => {
    for (const [n, r] of [[data.nets.residual!, res], [data.nets.plain!, plain]] as const) {
      const k1 = summariseLesions(r).byK.find((k) => k.k === 1)!;
      expect(meanSingleDeletion(n)).toBeCloseTo(k1.mean, 4);
    }
  });

  test('the caption states the intact and mean errors the summaries give', () => {
    const caption = studyCaption(data);
    for (const r of [res, plain]) {
      const s = summariseLesions(r);
      expect(caption).toContain(`${r.net}`);
      expect(caption).toContain(`from ${pct(s.intactError)} to ${pct(s.byK.find((k) => k.k === 1)!.mean)}`);
    }
    const blocked = summariseLesions(plain).notDeletable.length;
    if (blocked) expect(caption).toContain(`${blocked} of its ${plain.blocks.length} blocks cannot be deleted`);
  });

  test('the tables hold one row per block and per (net, k), plain blocks that change shape marked', () => {
    const rows = blockRows(data);
    expect(rows).toHaveLength(res.blocks.length);
    const notDeletable = rows.filter((r) => r[3] === 'not deletable').map((r) => r[1]);
    expect(notDeletable).toEqual(summariseLesions(plain).notDeletable);
    expect(rows.filter((r) => r[2] === true).map((r) => r[1])).toEqual(summariseLesions(res).downsampling.map((d) => d.block));
    expect(kRows(data)).toHaveLength(res.random.ks.length + plain.random.ks.length);
    expect(blockCsv(data).split('\r\n')[0]).toBe(BLOCK_HEADER.join(','));
    expect(kCsv(data).split('\r\n')).toHaveLength(kRows(data).length + 2); // header, rows, final CRLF
  });

  test('a live result is compared block by block', () => {
    const n = data.nets.residual!;
    const first = n.blocks.find((b) => b.error !== null)!;
    expect(compareWithRecord(n, [{ name: first.name, error: first.error! }]).differ).toEqual([]);
    expect(compareWithRecord(n, [{ name: first.name, error: first.error! + 0.0005 }]).differ).toHaveLength(1);
  });
});
