/**
 * Speeds of the degradation lab's nets on wasm in Node, for the lab's time estimate (WASM_SPEEDS in
 * src/widgets/degradation-lab/series.ts): SGD steps per second of plain and residual 20- and 56-layer nets (width 8,
 * batch 64, 28×28 Fashion-MNIST, the lab's 9,000-image training part), and seconds to evaluate the 1,000 validation
 * images with BatchNorm on its running averages. The number depends on the machine and on what else it runs: note
 * the load average beside it.
 *
 *   npx tsx scripts/time-lab-speeds.ts            # 20 timed steps per net (STEPS=… to change)
 */
import { loadavg } from 'node:os';
import { loadSubset, setupBackend } from './lib/cli';
import { cifarResNet } from '../src/model/builders';
import { evaluate } from '../src/model/training/evaluate';
import { splitValidation } from '../src/model/training/split';
import { startTraining } from '../src/model/training/trainer';

const steps = Number(process.env.STEPS ?? 20);
const env = await setupBackend('wasm');
const data = await loadSubset();
const { train, validation } = splitValidation(data.train, { fraction: 0.1, seed: 1 });
console.log(JSON.stringify({ ...env, steps, date: new Date().toISOString(), loadAverage: loadavg().map((l) => +l.toFixed(1)) }));
for (const depth of [20, 56]) {
  for (const shortcut of ['plain', 'A'] as const) {
    const run = startTraining({
      spec: cifarResNet({ depth, shortcut, width: 8, numClasses: 10, inputShape: [28, 28, 1] }),
      train,
      steps,
      batchSize: 64,
      schedule: { kind: 'constant', lr: 0.1 },
      seed: 1,
      keepModel: true,
    });
    const r = await run.done;
    const t0 = performance.now();
    await evaluate(r.model!, validation, { mode: 'inference' });
    const evalSeconds = (performance.now() - t0) / 1000;
    r.model!.dispose();
    const loadAverage = +loadavg()[0]!.toFixed(1);
    console.log(JSON.stringify({ depth, shortcut, stepsPerSecond: +r.stepsPerSecond.toFixed(3), evalSeconds: +evalSeconds.toFixed(2), loadAverage }));
  }
}
