import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LesionRecord, LESION_FORMAT, parseLesionRecord, summariseLesions } from '../../src/model/analysis/lesion-record';

const block = (name: string, index: number, changesShape: boolean, residual: boolean, error: number | null) => ({
  name,
  stage: name.split('.')[0]!,
  index,
  residual,
  changesShape,
  deletable: residual || !changesShape,
  error,
});

/** A hand-made record of a 4-block net: two blocks keep the shape, two downsample. */
function record(residual: boolean): LesionRecord {
  return {
    format: LESION_FORMAT,
    version: 1,
    net: residual ? 'res-10' : 'plain-10',
    seed: 1,
    architecture: { depth: 10, shortcut: residual ? 'A' : 'plain', width: 8, zeroInitResidual: residual },
    command: 'by hand',
    git: { commit: null, dirty: false },
    split: 'test',
    examples: 2000,
    intactError: 0.1,
    blocks: [
      block('layer1.0', 0, false, residual, 0.12),
      block('layer2.0', 1, true, residual, residual ? 0.4 : null),
      block('layer2.1', 2, false, residual, 0.15),
      block('layer3.0', 3, true, residual, residual ? 0.3 : null),
    ],
    random: {
      seed: 1,
      drawsPerK: 2,
      ks: [
        { k: 1, source: 'every single block', sets: [['layer1.0'], ['layer2.1']], errors: [0.12, 0.15], mean: 0.135, sd: 0.0212 },
        { k: 2, source: 'random draws', sets: [['layer1.0', 'layer2.1'], ['layer1.0', 'layer2.1']], errors: [0.2, 0.3], mean: 0.25, sd: 0.0707 },
      ],
    },
    evaluations: 5,
    secondsPerEvaluation: 1,
    wallSeconds: 5,
    interrupted: false,
  };
}

describe('lesion records', () => {
  it('summarises: worst and mean single deletion among shape-keeping blocks, downsampling blocks apart, error by k', () => {
    const s = summariseLesions(parseLesionRecord(record(true)));
    expect(s.worstKeepingShape).toEqual({ block: 'layer2.1', error: 0.15 });
    expect(s.meanKeepingShape).toBeCloseTo(0.135, 12);
    expect(s.downsampling).toEqual([{ block: 'layer2.0', error: 0.4 }, { block: 'layer3.0', error: 0.3 }]);
    expect(s.notDeletable).toEqual([]);
    expect(s.byK).toEqual([
      { k: 1, mean: 0.135, sd: 0.0212, min: 0.12, max: 0.15, draws: 2 },
      { k: 2, mean: 0.25, sd: 0.0707, min: 0.2, max: 0.3, draws: 2 },
    ]);
    const plain = summariseLesions(parseLesionRecord(record(false)));
    expect(plain.notDeletable).toEqual(['layer2.0', 'layer3.0']);
    expect(plain.downsampling).toEqual([]);
  });

  it('refuses a record whose sets are not k distinct deletable blocks, or whose mean is not its errors\' mean', () => {
    const badSet = record(false);
    badSet.random.ks[1]!.sets[0] = ['layer1.0', 'layer2.0']; // layer2.0 cannot be deleted in a plain net
    expect(() => parseLesionRecord(badSet)).toThrow(/not 2 distinct deletable blocks/);
    const badMean = record(true);
    badMean.random.ks[1]!.mean = 0.3;
    expect(() => parseLesionRecord(badMean)).toThrow(/not the mean/);
    const badBlock = record(false);
    badBlock.blocks[1]!.error = 0.9;
    expect(() => parseLesionRecord(badBlock)).toThrow(/cannot be deleted but has an error/);
  });
});

const DIR = join(__dirname, '../../src/data/lesions');
const MANIFEST = join(__dirname, '../../public/data/reference-nets/manifest.json');

describe.runIf(existsSync(DIR))('the committed lesion records', () => {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { nets: { id: string; sha256: string; training: { testError: number; seed: number } }[] };
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    it(`${file}: checks out, on the shipped net, whose intact error is the one its manifest records`, () => {
      const r = parseLesionRecord(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
      const net = manifest.nets.find((n) => n.id === r.net)!;
      expect(file).toBe(`${r.net}-seed${net.training.seed}.json`);
      // Measured twice, independently: by the packager on the shipped weights, and by the lesion script.
      expect(r.intactError).toBeCloseTo(net.training.testError, 4);
      expect((r as unknown as { weights: { sha256: string } }).weights.sha256).toBe(net.sha256);
      expect(r.git.dirty).toBe(false);
      const residual = r.architecture.shortcut !== 'plain';
      // Residual nets: every block deletable. Plain nets: exactly the blocks that change the shape are not.
      for (const b of r.blocks) expect(b.deletable, b.name).toBe(residual || !b.changesShape);
      // k = 1 is every single deletion, not a sample.
      expect(r.random.ks[0]!.errors).toEqual(r.blocks.filter((b) => b.deletable).map((b) => b.error));
    });
  }
});
