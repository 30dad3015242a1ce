import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyze } from '../../src/model/analyze';
import { cifarResNet, conv, resnet50, resnext50_32x4d } from '../../src/model/builders';
import { instantiate } from '../../src/model/runtime/model';
import { specWeightShapes } from '../../src/model/runtime/pretrained';
import type { BatchNormSpec, DenseSpec } from '../../src/model/spec';
import { Sgd, decayedWeightNames } from '../../src/model/training/sgd';
import { layerWeights, networkWeights, weightSize } from '../../src/model/weights';
import { useBackend } from './setup-tf';

const bn = (zeroGamma = false): BatchNormSpec => ({ kind: 'batchnorm', name: 'layer1.0.bn3', channels: 256, epsilon: 1e-5, momentum: 0.9, zeroGamma });
const fc: DenseSpec = { kind: 'dense', name: 'fc', inUnits: 2048, units: 1000, bias: true };
const brief = (layer: Parameters<typeof layerWeights>[0]) => layerWeights(layer).map(({ name, shape, role, trainable, decayed }) => ({ name, shape, role, trainable, decayed }));

describe('what weights a layer has', () => {
  test('a 3×3 conv has one HWIO kernel [3, 3, in, out], decayed and He-initialised, and no bias unless asked', () => {
    const c = conv('layer1.0.conv2', 64, 128, 3);
    expect(brief(c)).toEqual([{ name: 'layer1.0.conv2.weight', shape: [3, 3, 64, 128], role: 'kernel', trainable: true, decayed: true }]);
    expect(layerWeights(c)[0]!.init).toBe('he');
    const withBias = layerWeights(conv('conv1', 3, 16, 3, { bias: true }));
    expect(withBias.map((w) => [w.name, w.shape, w.role, w.decayed])).toEqual([
      ['conv1.weight', [3, 3, 3, 16], 'kernel', true],
      ['conv1.bias', [16], 'bias', false],
    ]);
  });

  test('a grouped conv’s kernel sees in/groups channels: ResNeXt’s 32×4d 3×3 conv is [3, 3, 4, 128]', () => {
    const [kernel] = layerWeights(conv('layer1.0.conv2', 128, 128, 3, { groups: 32 }));
    expect(kernel!.shape).toEqual([3, 3, 4, 128]);
    expect(weightSize(kernel!.shape)).toBe(4_608); // 32 times fewer than the dense 3×3 conv's 147,456
  });

  test('BatchNorm has γ and β (trained, not decayed) and two running statistics (buffers, never trained)', () => {
    expect(brief(bn())).toEqual([
      { name: 'layer1.0.bn3.weight', shape: [256], role: 'gamma', trainable: true, decayed: false },
      { name: 'layer1.0.bn3.bias', shape: [256], role: 'beta', trainable: true, decayed: false },
      { name: 'layer1.0.bn3.running_mean', shape: [256], role: 'running_mean', trainable: false, decayed: false },
      { name: 'layer1.0.bn3.running_var', shape: [256], role: 'running_var', trainable: false, decayed: false },
    ]);
    expect(layerWeights(bn()).map((w) => w.init)).toEqual(['ones', 'zeros', 'zeros', 'ones']);
    expect(layerWeights(bn(true))[0]!.init).toBe('zeros'); // zero-γ: the residual block starts as the identity
  });

  test('a dense layer has a decayed [in, out] matrix and an undecayed bias', () => {
    expect(brief(fc)).toEqual([
      { name: 'fc.weight', shape: [2048, 1000], role: 'kernel', trainable: true, decayed: true },
      { name: 'fc.bias', shape: [1000], role: 'bias', trainable: true, decayed: false },
    ]);
  });

  test('ReLU and pooling have no weights', () => {
    expect(layerWeights({ kind: 'relu', name: 'relu' })).toEqual([]);
    expect(layerWeights({ kind: 'maxpool', name: 'maxpool', size: 3, stride: 2, pad: 1 })).toEqual([]);
    expect(layerWeights({ kind: 'globalavgpool', name: 'avgpool' })).toEqual([]);
  });
});

describe('every reader of the description agrees', () => {
  test.each([
    ['resnet50', resnet50(), 25_557_032],
    ['resnext50_32x4d', resnext50_32x4d(), 25_028_904],
  ] as const)('%s: the trainable weights add up to torchvision’s %i parameters, as analyze counts them', (_name, spec, params) => {
    const weights = networkWeights(spec);
    const count = (trainable: boolean) => weights.filter((w) => w.trainable === trainable).reduce((n, w) => n + weightSize(w.shape), 0);
    const report = analyze(spec);
    expect(count(true)).toBe(params);
    expect(report.params).toBe(params);
    expect(count(false)).toBe(report.buffers);
    expect([...specWeightShapes(spec)]).toEqual(weights.map((w) => [w.name, w.shape]));
    expect(new Set(weights.map((w) => w.name)).size).toBe(weights.length); // no two weights share a name
  });

  describe('on a backend', () => {
    beforeAll(() => useBackend('cpu'));

    test('a Model holds exactly the described weights, and the optimiser decays exactly the described ones', () => {
      const spec = cifarResNet({ depth: 8, width: 4, inputShape: [8, 8, 1] });
      const before = tf.memory().numTensors;
      const model = instantiate(spec, { seed: 3 });
      const weights = networkWeights(spec);
      expect([...model.weights].map(([name, v]) => [name, v.shape, v.trainable])).toEqual(weights.map((w) => [w.name, w.shape, w.trainable]));
      expect(model.numParams).toBe(analyze(spec).params);
      expect(model.buffers.reduce((n, v) => n + v.size, 0)).toBe(analyze(spec).buffers);
      const decayed = decayedWeightNames(spec);
      expect([...decayed]).toEqual(weights.filter((w) => w.role === 'kernel').map((w) => w.name));
      expect(model.decayedVariableNames).toEqual(new Set([...decayed].map((n) => model.weight(n).name)));
      // Freezing everything leaves nothing to train, and never makes a buffer trainable when unfreezing.
      model.setTrainable(false);
      expect(model.trainableVariables).toHaveLength(0);
      model.setTrainable(true);
      expect(model.trainableVariables).toHaveLength(weights.filter((w) => w.trainable).length);
      const sgd = Sgd.forModel(model, { momentum: 0.9, weightDecay: 1e-4 });
      sgd.dispose();
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    test('initial values follow the description: γ = 1 (0 with zero-γ), β = 0, running mean 0 and variance 1', () => {
      const spec = cifarResNet({ depth: 8, width: 4, zeroInitResidual: true, inputShape: [8, 8, 1] });
      const model = instantiate(spec, { seed: 1 });
      for (const w of networkWeights(spec)) {
        const values = Array.from(model.weight(w.name).dataSync());
        if (w.init === 'zeros') expect(values.every((v) => v === 0), w.name).toBe(true);
        else if (w.init === 'ones') expect(values.every((v) => v === 1), w.name).toBe(true);
        else expect(new Set(values).size, w.name).toBeGreaterThan(1); // random: not a constant
      }
      expect(networkWeights(spec).filter((w) => w.role === 'gamma' && w.init === 'zeros').map((w) => w.name)).toEqual(['layer1.0.bn2.weight', 'layer2.0.bn2.weight', 'layer3.0.bn2.weight']);
      model.dispose();
    });
  });
});
