/**
 * Prints what the lesion records say (src/data/lesions/*.json, written by scripts/lesion.ts), computed from them:
 * each net's intact error, the worst single deletion of a block that keeps the shape, the downsampling blocks' errors,
 * and the error against the number k of deleted blocks.
 *
 *   npx tsx scripts/lesion-report.ts [--dir src/data/lesions]
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseLesionRecord, summariseLesions } from '../src/model/analysis/lesion-record';
import { ROOT, log, parseFlags } from './lib/cli';

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;

async function main(argv: string[]) {
  const { string } = parseFlags(argv, { known: ['dir'] });
  const dir = resolve(ROOT, string('dir', 'src/data/lesions'));
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const record = parseLesionRecord(JSON.parse(await readFile(join(dir, file), 'utf8')));
    const s = summariseLesions(record);
    log(`## ${s.net} (seed ${record.seed}; ${record.command}; commit ${record.git.commit?.slice(0, 7)}${record.interrupted ? '; INTERRUPTED' : ''})`);
    log(`intact test error: ${pct(s.intactError)} on ${record.examples} test images`);
    if (s.worstKeepingShape) log(`one block deleted, blocks that keep the shape: worst ${pct(s.worstKeepingShape.error)} (${s.worstKeepingShape.block}), mean ${pct(s.meanKeepingShape!)}`);
    for (const d of s.downsampling) log(`one downsampling block deleted (shortcut kept): ${d.block} ${pct(d.error)}`);
    if (s.notDeletable.length) log(`not deletable (no shortcut, shape changes): ${s.notDeletable.join(', ')}`);
    for (const k of s.byK) log(`k = ${k.k}: mean ${pct(k.mean)}, sd ${pct(k.sd)}, range ${pct(k.min)}…${pct(k.max)} over ${k.draws} ${k.k === 1 ? 'blocks' : 'draws'}`);
    log('');
  }
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
