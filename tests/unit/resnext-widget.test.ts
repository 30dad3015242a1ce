import { describe, expect, test } from 'vitest';
import { countParams, smallResNeXt } from '../../src/model/index';
import { describeForms, tradeoffChoices, tradeoffCsv } from '../../src/widgets/split-transform-merge/forms';
import { chartGeometry, netLabel, summarize, tableRows, toCsv, type ResnextRunFile } from '../../src/widgets/split-transform-merge/run';
import { RESNEXT_RUN, RESNEXT_RUNS, resnextRun } from '../../src/widgets/split-transform-merge/reference';

describe('the split-transform-merge widget', () => {
  test('the three forms run 3C, 2C + 1 and 3 convolutions', () => {
    const forms = describeForms(256, 32, 4);
    expect(forms.map((f) => [f.id, f.convOps])).toEqual([
      ['a', 96],
      ['b', 65],
      ['c', 3],
    ]);
    expect(forms[2]!.layers[1]).toBe('one 3×3, 128→128 in 32 groups of 4');
    expect(forms[1]!.layers).toContain('concatenate → 128 channels');
  });

  test('its menu is Table 2, labelled C×d, and its CSV has one line per row', () => {
    const rows = tradeoffChoices();
    expect(rows.map((r) => r.label)).toEqual(['1×64d', '2×40d', '4×24d', '8×14d', '32×4d']);
    const csv = tradeoffCsv(rows).trim().split('\n');
    expect(csv[0]).toBe('cardinality_C,width_d,grouped_conv_width,params_per_block');
    expect(csv[5]).toBe('32,4,128,70144');
  });
});

/** A hand-made two-net run: 4 steps, smoothing 2. */
const tiny: ResnextRunFile = {
  ...RESNEXT_RUN,
  config: { ...RESNEXT_RUN.config, steps: 4, smoothing: 2, evaluation: { examples: 10 } },
  runs: [
    { name: '1x64d', cardinality: 1, widthPerGroup: 64, seed: 1, params: 10, macs: 20, status: 'finished', steps: 4, seconds: 1, stepsPerSecond: 4, evaluations: [{ step: 4, mode: 'batch', error: 0.5, loss: 1, examples: 10 }], curves: { loss: [1, 1, 1, 1], error: [1, 0.5, 0.5, 0], lr: [0.1, 0.1, 0.1, 0.1] } },
    { name: '32x4d', cardinality: 32, widthPerGroup: 4, seed: 1, params: 9, macs: 21, status: 'finished', steps: 4, seconds: 1, stepsPerSecond: 4, evaluations: [{ step: 2, mode: 'batch', error: 0.25, loss: 1, examples: 10 }], curves: { loss: [1, 1, 1, 1], error: [1, 1, 0, 0], lr: [0.1, 0.1, 0.1, 0.1] } },
  ],
};

describe('the reference run, read for the lesson', () => {
  test('summaries use the smoothed last step and the last test evaluation', () => {
    expect(summarize(tiny).map((s) => [s.label, s.trainError, s.testError, s.testStep])).toEqual([
      ['ResNet (1×64d)', 0.25, 0.5, 4],
      ['ResNeXt 32×4d', 0, 0.25, 2],
    ]);
    expect(netLabel({ cardinality: 8, widthPerGroup: 14 })).toBe('ResNeXt 8×14d');
  });

  test('the table has the sampled steps plus every evaluation step, and the CSV mirrors it', () => {
    const rows = tableRows(tiny, 3);
    expect(rows.map((r) => r.step)).toEqual([2, 3, 4]);
    expect(rows[0]!.values['32x4d']).toEqual({ train: 1, test: 0.25 });
    expect(toCsv(tiny, rows).split('\n')[0]).toBe('step,1x64d_train_error_smoothed,1x64d_test_error,32x4d_train_error_smoothed,32x4d_test_error');
  });

  test('the chart maps step 4 to the right edge and error 0 to the bottom', () => {
    const g = chartGeometry(tiny, 200, 100);
    expect(g.lines).toHaveLength(2);
    expect(g.lines[0]!.dashed).toBe(true);
    expect(g.lines[1]!.d.endsWith(`L${g.plot.right.toFixed(1)},${g.plot.bottom.toFixed(1)}`)).toBe(true);
    expect(g.dots.map((d) => d.step)).toEqual([4, 2]);
  });

  test.each(RESNEXT_RUNS.map((run) => [run.seeds.join(','), run] as const))(
    'the committed run (seed %s) compares a ResNet and a 32×4d ResNeXt that both finished, with the parameters it says',
    (_, run) => {
      expect(run.runs.map((r) => r.name)).toEqual(['1x64d', '32x4d']);
      for (const r of run.runs) {
        expect(r.status).toBe('finished');
        expect(r.curves.error).toHaveLength(run.config.steps);
        const spec = smallResNeXt({ cardinality: r.cardinality, widthPerGroup: r.widthPerGroup, layers: run.config.layers, width: run.config.width });
        expect(r.params).toBe(countParams(spec));
      }
      expect(run.command).toMatch(/^npm run experiment -- resnext /);
    },
  );

  test('the runs are the same experiment with different seeds, and an unknown seed fails the build', () => {
    expect(RESNEXT_RUNS.map((r) => r.seeds[0])).toEqual([1, 2]);
    for (const run of RESNEXT_RUNS) expect(run.config).toEqual(RESNEXT_RUN.config);
    expect(resnextRun(2).seeds).toEqual([2]);
    expect(() => resnextRun(7)).toThrow(/no ResNeXt reference run with seed 7/);
  });
});
