import { describe, expect, test } from 'vitest';
import { resnet } from '../../src/model/builders';
import { specWeightShapes } from '../../src/model/runtime/index';
import { matchKerasGraph, type KerasGraphJson, type KerasLayerJson, type KerasWeights } from '../../scripts/weights/keras-graph';
import { randomArray } from './setup-tf';

/**
 * A small Keras functional graph written the way keras_applications' ResNet50 names and wires its layers (conv1_pad,
 * bn_conv1, res2a_branch2a, bn2a_branch1, ...), built layer by layer here, independently of our builders.
 */
class KerasGraphBuilder {
  readonly layers: KerasLayerJson[] = [];
  readonly weights: KerasWeights = new Map();
  private readonly channels = new Map<string, number>();
  private seed = 1;

  layer(name: string, className: string, config: Record<string, unknown>, inputs: string[], channels?: number): string {
    this.layers.push({ name, class_name: className, config, inbound_nodes: inputs.length ? [inputs.map((i) => [i, 0, 0, {}])] : [] });
    this.channels.set(name, channels ?? this.channels.get(inputs[0]!)!);
    return name;
  }
  private weight(name: string, shape: number[]) {
    this.weights.set(name, { shape, data: randomArray(shape.reduce((a, b) => a * b, 1), this.seed++) });
  }
  input(name: string, shape: [number, number, number]) {
    return this.layer(name, 'InputLayer', { batch_input_shape: [null, ...shape] }, [], shape[2]);
  }
  zeroPad(name: string, from: string, pad: number) {
    return this.layer(name, 'ZeroPadding2D', { padding: [[pad, pad], [pad, pad]] }, [from]);
  }
  conv(name: string, from: string, filters: number, kernel: number, stride = 1, padding: 'valid' | 'same' = 'valid') {
    const config = {
      ...{ filters, kernel_size: [kernel, kernel], strides: [stride, stride], padding },
      ...{ dilation_rate: [1, 1], use_bias: true, activation: 'linear' },
    };
    this.weight(`${name}/kernel`, [kernel, kernel, this.channels.get(from)!, filters]);
    this.weight(`${name}/bias`, [filters]);
    return this.layer(name, 'Conv2D', config, [from], filters);
  }
  bn(name: string, from: string, epsilon = 1e-3) {
    for (const w of ['gamma', 'beta', 'moving_mean', 'moving_variance']) this.weight(`${name}/${w}`, [this.channels.get(from)!]);
    return this.layer(name, 'BatchNormalization', { axis: 3, epsilon, center: true, scale: true }, [from]);
  }
  relu(name: string, from: string) {
    return this.layer(name, 'Activation', { activation: 'relu' }, [from]);
  }
  add(name: string, a: string, b: string) {
    return this.layer(name, 'Add', {}, [a, b]);
  }
  graph(input: string, output: string): KerasGraphJson {
    return { layers: this.layers, input_layers: [[input, 0, 0]], output_layers: [[output, 0, 0]] };
  }
}

/** Our side: a bottleneck ResNet with one stage of two blocks (projection, then identity), as the converter builds it. */
const spec = resnet({
  name: 'tiny',
  block: 'bottleneck',
  layers: [2],
  widths: [2],
  stemWidth: 4,
  numClasses: 3,
  inputShape: [16, 16, 3],
  strideOn: '1x1',
  convBias: true,
  bnEpsilon: 1e-3,
});

interface Variation {
  /** BatchNorm epsilon of bn2a_branch2b. */
  epsilon?: number;
  /** Padding of conv1_pad as Keras writes it. */
  stemPad?: number[][];
  /** Leave out the BatchNorm of the second block's last conv. */
  dropBn2c?: boolean;
}

/** The Keras twin of `spec`: stem, conv block res2a (body + projection shortcut), identity block res2b, head. */
function kerasTwin(v: Variation = {}): { graph: KerasGraphJson; weights: KerasWeights } {
  const k = new KerasGraphBuilder();
  const input = k.input('input_1', [16, 16, 3]);
  let x = k.zeroPad('conv1_pad', input, 3);
  if (v.stemPad) k.layers.at(-1)!.config.padding = v.stemPad;
  x = k.relu('activation_1', k.bn('bn_conv1', k.conv('conv1', x, 4, 7, 2)));
  x = k.layer('max_pooling2d_1', 'MaxPooling2D', { pool_size: [3, 3], strides: [2, 2], padding: 'valid' }, [k.zeroPad('pool1_pad', x, 1)]);

  // keras_applications' conv_block: the body, then the shortcut, then Add([body, shortcut]).
  let y = k.relu('activation_2', k.bn('bn2a_branch2a', k.conv('res2a_branch2a', x, 2, 1)));
  y = k.relu('activation_3', k.bn('bn2a_branch2b', k.conv('res2a_branch2b', y, 2, 3, 1, 'same'), v.epsilon));
  y = k.bn('bn2a_branch2c', k.conv('res2a_branch2c', y, 8, 1));
  const shortcut = k.bn('bn2a_branch1', k.conv('res2a_branch1', x, 8, 1));
  x = k.relu('activation_4', k.add('add_1', y, shortcut));

  // identity_block: the input itself is the shortcut.
  y = k.relu('activation_5', k.bn('bn2b_branch2a', k.conv('res2b_branch2a', x, 2, 1)));
  y = k.relu('activation_6', k.bn('bn2b_branch2b', k.conv('res2b_branch2b', y, 2, 3, 1, 'same')));
  y = k.conv('res2b_branch2c', y, 8, 1);
  if (!v.dropBn2c) y = k.bn('bn2b_branch2c', y);
  x = k.relu('activation_7', k.add('add_2', y, x));

  x = k.layer('avg_pool', 'GlobalAveragePooling2D', {}, [x]);
  k.weights.set('fc1000/kernel', { shape: [8, 3], data: randomArray(24, 999) });
  k.weights.set('fc1000/bias', { shape: [3], data: randomArray(3, 998) });
  const out = k.layer('fc1000', 'Dense', { units: 3, use_bias: true, activation: 'softmax' }, [x], 3);
  return { graph: k.graph(input, out), weights: k.weights };
}

describe('matching a Keras graph to our spec', () => {
  test('every weight of our spec gets the Keras weight of the corresponding layer, each Keras weight used once', () => {
    const { graph, weights } = kerasTwin();
    const { weights: ours, sources } = matchKerasGraph(graph, weights, spec);
    const expected: [ours: string, keras: string][] = [
      ['conv1.weight', 'conv1/kernel'],
      ['bn1.running_var', 'bn_conv1/moving_variance'],
      ['layer1.0.conv2.weight', 'res2a_branch2b/kernel'],
      ['layer1.0.bn3.bias', 'bn2a_branch2c/beta'],
      ['layer1.0.downsample.0.weight', 'res2a_branch1/kernel'],
      ['layer1.0.downsample.1.weight', 'bn2a_branch1/gamma'],
      ['layer1.1.conv3.bias', 'res2b_branch2c/bias'],
      ['layer1.1.bn1.running_mean', 'bn2b_branch2a/moving_mean'],
      ['fc.weight', 'fc1000/kernel'],
    ];
    for (const [name, keras] of expected) {
      expect(sources.get(name)).toBe(keras);
      expect(ours.get(name)).toBe(weights.get(keras)!.data);
    }
    expect(new Set(sources.keys())).toEqual(new Set(specWeightShapes(spec).keys()));
    expect(new Set(sources.values())).toEqual(new Set(weights.keys()));
  });

  test('the walk follows inbound nodes, not the order layers are listed in', () => {
    const { graph, weights } = kerasTwin();
    const reversed = { ...graph, layers: [...graph.layers].reverse() };
    expect(matchKerasGraph(reversed, weights, spec).sources).toEqual(matchKerasGraph(graph, weights, spec).sources);
  });

  test('the body and the shortcut are told apart by their layers, whichever the Add lists first', () => {
    const { graph, weights } = kerasTwin();
    const add = graph.layers.find((l) => l.name === 'add_1')!;
    add.inbound_nodes[0]!.reverse();
    expect(matchKerasGraph(graph, weights, spec).sources.get('layer1.0.downsample.0.weight')).toBe('res2a_branch1/kernel');
  });

  test('a BatchNorm epsilon different from ours is refused, naming the layer', () => {
    const { graph, weights } = kerasTwin({ epsilon: 1e-5 });
    expect(() => matchKerasGraph(graph, weights, spec)).toThrow(/bn2a_branch2b\.epsilon = 0\.00001 but our layer1\.0\.bn2 needs 0\.001/);
  });

  test('asymmetric zero padding is refused: ours pads every side alike', () => {
    const { graph, weights } = kerasTwin({
      stemPad: [
        [3, 2],
        [3, 2],
      ],
    });
    expect(() => matchKerasGraph(graph, weights, spec)).toThrow(/conv1_pad pads asymmetrically/);
  });

  test('a block whose layers differ from ours (a BatchNorm missing) is refused', () => {
    const { graph, weights } = kerasTwin({ dropBn2c: true });
    expect(() => matchKerasGraph(graph, weights, spec)).toThrow(/layer1\.1: cannot tell the Keras body/);
  });

  test('a stride different from ours is refused', () => {
    const { graph, weights } = kerasTwin();
    graph.layers.find((l) => l.name === 'res2a_branch1')!.config.strides = [2, 2];
    expect(() => matchKerasGraph(graph, weights, spec)).toThrow(
      /res2a_branch1\.strides = \[2,2\] but our layer1\.0\.downsample\.0 needs \[1,1\]/,
    );
  });

  test('a Keras weight or layer left over is refused, so nothing is silently dropped', () => {
    const extraWeight = kerasTwin();
    extraWeight.weights.set('res2a_branch2a/extra', { shape: [1], data: new Float32Array(1) });
    expect(() => matchKerasGraph(extraWeight.graph, extraWeight.weights, spec)).toThrow(
      /Keras weights not matched to ours: res2a_branch2a\/extra/,
    );

    const extraLayer = kerasTwin();
    extraLayer.graph.layers.push({ name: 'dropout', class_name: 'Dropout', config: {}, inbound_nodes: [[['fc1000', 0, 0, {}]]] });
    expect(() => matchKerasGraph(extraLayer.graph, extraLayer.weights, spec)).toThrow(/Keras layers not matched to ours: dropout/);
  });

  test('a Keras kernel of the wrong shape is refused, with both shapes', () => {
    const { graph, weights } = kerasTwin();
    const w = weights.get('res2b_branch2c/kernel')!;
    weights.set('res2b_branch2c/kernel', { shape: [1, 1, 8, 2], data: w.data });
    expect(() => matchKerasGraph(graph, weights, spec)).toThrow(
      /layer1\.1\.conv3\.weight has shape \[1,1,2,8\], Keras res2b_branch2c\/kernel \[1,1,8,2\]/,
    );
  });
});
