/**
 * The front page's gradient-flow figure: the gradient-flow lab's "Measure at initialisation" (GradientFlowLab, the
 * same code its worker runs) in Node, for a plain and a residual net of one depth and width, with BatchNorm off and
 * on, over several seeds. Each measurement is ‖∂ℒ/∂x_l‖ at the stem's output and at every block's output, one
 * backward pass on the lab's probe batch (the first 32 test images of the shipped Fashion-MNIST subset, BatchNorm in
 * training mode). Writes one JSON record that the front page draws at build time.
 *
 *   npx tsx scripts/front-gradient-flow.ts                       # depth 56, width 8, seeds 1,2,3
 *   npx tsx scripts/front-gradient-flow.ts --depth 110 --seeds 1,2,3,4,5 --out src/data/front/gradient-flow-110.json
 */
import { resolve } from 'node:path';
import { GradientFlowLab, batchOf } from '../src/widgets/gradient-flow/lab';
import { NETS } from '../src/widgets/gradient-flow/series';
import { ROOT, describeBackend, describeSubset, environment, gitState, loadSubset, log, parseFlags, round, runMain, setupBackend, shownPath, usage, writeRecord } from './lib/cli';

/** The lab's probe batch (src/widgets/gradient-flow/worker.ts): the first 32 test images. */
const PROBE = { split: 'test', start: 0, count: 32 } as const;

async function main(argv: string[]): Promise<number> {
  const { int, ints, string } = parseFlags(argv, { known: ['depth', 'width', 'seeds', 'out'] });
  const depth = int('depth', 56);
  const width = int('width', 8);
  const seeds = ints('seeds', '1,2,3');
  const out = resolve(ROOT, string('out', 'src/data/front/gradient-flow.json'));
  if (depth < 8 || (depth - 2) % 6 !== 0) usage(`--depth must be 6n + 2 (8, 20, 56, 110…), got ${depth}`);
  if (width < 1 || seeds.length === 0) usage('--width must be at least 1 and --seeds must name at least one seed');

  const env = await setupBackend('wasm');
  const data = await loadSubset();
  const probe = batchOf(data.test, PROBE.start, PROBE.count);
  const started = performance.now();
  log(`gradient norms at initialisation on ${describeBackend(env)}: depth ${depth}, width ${width}, seeds ${seeds.join(', ')}`);
  const runs = [];
  try {
    for (const batchNorm of [false, true]) {
      for (const seed of seeds) {
        const lab = new GradientFlowLab({ depth, width, batchNorm, seed }, probe);
        try {
          const m = await lab.measure();
          const nets = Object.fromEntries(
            NETS.map((net) => [net, { loss: round(m[net].gradients.loss, 6), boundaries: m[net].gradients.boundaries.map((b) => ({ name: b.name, depth: b.depth, norm: round(b.norm, 8) })) }]),
          );
          runs.push({ batchNorm, seed, nets });
          log(`  BatchNorm ${batchNorm ? 'on ' : 'off'} seed ${seed}: ${NETS.map((n) => `${n} first ÷ last ${(m[n].gradients.boundaries[0]!.norm / m[n].gradients.boundaries.at(-1)!.norm).toExponential(2)}`).join(', ')}`);
        } finally {
          lab.dispose();
        }
      }
    }
  } finally {
    probe.x.dispose();
    probe.y.dispose();
  }
  await writeRecord(out, {
    format: 'front-gradient-flow/1',
    command: `npx tsx scripts/front-gradient-flow.ts${argv.length ? ` ${argv.join(' ')}` : ''}`,
    date: new Date().toISOString(),
    git: gitState(),
    config: { depth, width, shortcut: 'A', seeds, probe: PROBE, batchNormMode: 'training' },
    data: describeSubset(data),
    environment: environment(env),
    wallSeconds: round((performance.now() - started) / 1000, 1),
    runs,
  });
  log(`wrote ${shownPath(out)}`);
  return 0;
}

runMain(main);
