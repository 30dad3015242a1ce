/**
 * Matching a Keras functional model to one of our specs. The Keras graph is walked from its input along the inbound
 * nodes, alongside our spec, checking every layer's configuration on the way; every Keras layer and weight must be
 * used exactly once and every weight of our spec must get a value.
 */
import type { BlockSpec, LayerSpec, NetworkSpec } from '../../src/model/spec';
import { specWeightShapes } from '../../src/model/runtime/pretrained';
import { fail } from './common';

export interface KerasLayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  /** Old Keras: one entry per call of the layer, each a list of [layer, nodeIndex, tensorIndex, kwargs]. */
  inbound_nodes: [string, number, number, unknown][][];
}

export interface KerasModelJson {
  modelTopology: { model_config?: { class_name: string; config: KerasGraphJson }; config?: KerasGraphJson };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string; quantization?: unknown }[] }[];
}

export interface KerasGraphJson {
  layers: KerasLayerJson[];
  input_layers: [string, number, number][];
  output_layers: [string, number, number][];
}

/** A Keras weight by its Keras name ("res2a_branch2a/kernel"): shape and float32 values. */
export type KerasWeights = Map<string, { shape: number[]; data: Float32Array }>;

/** Walks the Keras graph alongside `spec`; returns our weights by name. Throws on any mismatch. */
export function matchKerasGraph(
  graph: KerasGraphJson,
  kerasWeights: KerasWeights,
  spec: NetworkSpec,
): { weights: Map<string, Float32Array>; sources: Map<string, string> } {
  const layers = new Map(graph.layers.map((l) => [l.name, l]));
  const consumers = new Map<string, string[]>(graph.layers.map((l) => [l.name, []]));
  for (const l of graph.layers) {
    if (l.inbound_nodes.length > 1)
      fail(`Keras layer ${l.name} is called ${l.inbound_nodes.length} times; shared layers are not supported`);
    for (const [from] of l.inbound_nodes[0] ?? []) {
      const list = consumers.get(from) ?? fail(`Keras layer ${l.name} reads from unknown layer ${from}`);
      list.push(l.name);
    }
  }
  const used = new Set<string>();
  const usedWeights = new Set<string>();
  const weights = new Map<string, Float32Array>();
  const sources = new Map<string, string>();
  const layer = (name: string) => layers.get(name) ?? fail(`no Keras layer ${name}`);
  const cfg = (l: KerasLayerJson, key: string) => JSON.stringify(l.config[key]);
  const check = (l: KerasLayerJson, key: string, want: unknown, ours: string) => {
    if (cfg(l, key) !== JSON.stringify(want)) fail(`Keras ${l.name}.${key} = ${cfg(l, key)} but our ${ours} needs ${JSON.stringify(want)}`);
  };
  const take = (name: string, className: string, ours: string): KerasLayerJson => {
    const l = layer(name);
    if (l.class_name !== className) fail(`our ${ours} should match a Keras ${className}, found ${l.class_name} ${l.name}`);
    if (used.has(name)) fail(`Keras layer ${name} would be used twice (second time for ${ours})`);
    used.add(name);
    return l;
  };
  const only = (name: string): string => {
    const c = consumers.get(name) ?? [];
    if (c.length !== 1) fail(`Keras layer ${name} should feed exactly one layer, feeds ${JSON.stringify(c)}`);
    return c[0]!;
  };
  const copy = (ours: string, keras: string) => {
    const w = kerasWeights.get(keras) ?? fail(`no Keras weight ${keras} for our ${ours}`);
    if (usedWeights.has(keras)) fail(`Keras weight ${keras} would be used twice`);
    usedWeights.add(keras);
    weights.set(ours, w.data);
    sources.set(ours, keras);
  };
  /** Zero padding in front of a conv or pool: its symmetric amount and the layer after it. */
  const zeroPad = (name: string, ours: string): { pad: number; next: string } => {
    const l = layer(name);
    if (l.class_name !== 'ZeroPadding2D') return { pad: 0, next: name };
    take(name, 'ZeroPadding2D', ours);
    const p = l.config.padding as number[][];
    const all = p.flat();
    if (all.length !== 4 || all.some((v) => v !== all[0]))
      fail(`Keras ${name} pads asymmetrically (${JSON.stringify(p)}); ours pads symmetrically`);
    return { pad: all[0]!, next: only(name) };
  };
  const classOf = (name: string) => layer(name).class_name;

  /** Matches one of our layers to the Keras layer(s) starting at `start`; returns the name of the last one used. */
  const matchLayer = (ours: LayerSpec, start: string, previous: LayerSpec | undefined): string => {
    switch (ours.kind) {
      case 'conv2d': {
        const { pad: zp, next } = zeroPad(start, ours.name);
        const l = take(next, 'Conv2D', ours.name);
        check(l, 'filters', ours.outChannels, ours.name);
        check(l, 'kernel_size', [ours.kernel, ours.kernel], ours.name);
        check(l, 'strides', [ours.stride, ours.stride], ours.name);
        check(l, 'dilation_rate', [1, 1], ours.name);
        check(l, 'use_bias', ours.bias, ours.name);
        check(l, 'activation', 'linear', ours.name);
        if ((l.config.groups ?? 1) !== ours.groups) fail(`Keras ${l.name} has groups ${cfg(l, 'groups')}, ours ${ours.groups}`);
        // 'same' with stride 1 and an odd kernel pads (k − 1)/2 on every side, as ours does.
        const pad =
          l.config.padding === 'valid' ? zp : l.config.padding === 'same' && ours.stride === 1 && zp === 0 ? (ours.kernel - 1) / 2 : NaN;
        if (pad !== ours.pad)
          fail(`Keras ${zp ? `${start} + ` : ''}${l.name} (padding ${cfg(l, 'padding')}) pads ${pad}, our ${ours.name} pads ${ours.pad}`);
        copy(`${ours.name}.weight`, `${l.name}/kernel`);
        if (ours.bias) copy(`${ours.name}.bias`, `${l.name}/bias`);
        return l.name;
      }
      case 'batchnorm': {
        const l = take(start, 'BatchNormalization', ours.name);
        const axis = l.config.axis;
        if (!(axis === -1 || axis === 3 || JSON.stringify(axis) === '[3]' || JSON.stringify(axis) === '[-1]'))
          fail(`Keras ${l.name} normalises axis ${cfg(l, 'axis')}, not channels`);
        check(l, 'epsilon', ours.epsilon, ours.name);
        check(l, 'center', true, ours.name);
        check(l, 'scale', true, ours.name);
        copy(`${ours.name}.weight`, `${l.name}/gamma`);
        copy(`${ours.name}.bias`, `${l.name}/beta`);
        copy(`${ours.name}.running_mean`, `${l.name}/moving_mean`);
        copy(`${ours.name}.running_var`, `${l.name}/moving_variance`);
        return l.name;
      }
      case 'relu': {
        const l = layer(start);
        if (l.class_name === 'ReLU') return take(start, 'ReLU', ours.name).name;
        check(take(start, 'Activation', ours.name), 'activation', 'relu', ours.name);
        return start;
      }
      case 'maxpool': {
        const { pad, next } = zeroPad(start, ours.name);
        const l = take(next, 'MaxPooling2D', ours.name);
        check(l, 'pool_size', [ours.size, ours.size], ours.name);
        check(l, 'strides', [ours.stride, ours.stride], ours.name);
        check(l, 'padding', 'valid', ours.name);
        if (pad !== ours.pad) fail(`Keras pads ${pad} before ${l.name}, our ${ours.name} pads ${ours.pad}`);
        // Keras pads with zeros, tfjs's maxPool ignores the border; the same maximum only when inputs are ≥ 0.
        if (pad > 0 && previous?.kind !== 'relu') fail(`zero padding before ${l.name} equals ours only after a ReLU`);
        return l.name;
      }
      case 'globalavgpool':
        return take(start, 'GlobalAveragePooling2D', ours.name).name;
      case 'dense': {
        const l = take(start, 'Dense', ours.name);
        check(l, 'units', ours.units, ours.name);
        check(l, 'use_bias', ours.bias, ours.name);
        // Our network returns logits; the Keras head's softmax is applied by whoever reads probabilities.
        if (!['linear', 'softmax'].includes(l.config.activation as string)) fail(`Keras ${l.name} has activation ${cfg(l, 'activation')}`);
        copy(`${ours.name}.weight`, `${l.name}/kernel`);
        if (ours.bias) copy(`${ours.name}.bias`, `${l.name}/bias`);
        return l.name;
      }
    }
  };

  /** Our layers in sequence from the Keras layer `start` on; returns the last Keras layer used. */
  const matchSequence = (ours: readonly LayerSpec[], start: string, before?: LayerSpec): string => {
    let last = '';
    let next = start;
    ours.forEach((l, i) => {
      last = matchLayer(l, next, i === 0 ? before : ours[i - 1]);
      if (i < ours.length - 1) next = only(last);
    });
    return last;
  };

  /** The Keras layers from `start` up to (not including) the first Add. */
  const branchTo = (start: string): { chain: string[]; add: string } => {
    const chain: string[] = [];
    let at = start;
    while (classOf(at) !== 'Add') {
      chain.push(at);
      if (chain.length > 50) fail(`no Add after Keras layer ${start}`);
      at = only(at);
    }
    return { chain, add: at };
  };
  const kindOf = (name: string): string | null => {
    const c = classOf(name);
    return c === 'Conv2D'
      ? 'conv2d'
      : c === 'BatchNormalization'
        ? 'batchnorm'
        : c === 'Activation' || c === 'ReLU'
          ? 'relu'
          : c === 'ZeroPadding2D'
            ? null
            : c;
  };
  const kinds = (names: string[]) =>
    names
      .map(kindOf)
      .filter((k) => k !== null)
      .join(',');

  /** A residual block: its input feeds the body and the shortcut, which meet at an Add, then `after`. */
  const matchBlock = (block: BlockSpec, input: string, before: LayerSpec | undefined): string => {
    const sc = block.shortcut;
    if (sc.kind !== 'identity' && sc.kind !== 'projection') fail(`${block.name}: shortcut ${sc.kind} cannot come from Keras weights`);
    const branches = (consumers.get(input) ?? []).map((c) =>
      classOf(c) === 'Add' ? { start: null, chain: [], add: c } : { start: c, ...branchTo(c) },
    );
    if (branches.length !== 2)
      fail(`${block.name}: Keras ${input} should feed a body and a shortcut, feeds ${JSON.stringify(consumers.get(input))}`);
    const bodyKinds = block.body.map((l) => l.kind).join(',');
    const shortcutKinds = sc.kind === 'projection' ? sc.layers.map((l) => l.kind).join(',') : '';
    const body = branches.filter((b) => kinds(b.chain) === bodyKinds);
    const shortcut = branches.filter((b) => kinds(b.chain) === shortcutKinds);
    if (body.length !== 1 || shortcut.length !== 1 || body[0] === shortcut[0]) {
      fail(
        `${block.name}: cannot tell the Keras body (${bodyKinds}) from the shortcut (${shortcutKinds || 'identity'}) after ${input}: ${JSON.stringify(branches.map((b) => b.chain))}`,
      );
    }
    const [b, s] = [body[0]!, shortcut[0]!];
    if (b.add !== s.add) fail(`${block.name}: the Keras body ends at ${b.add}, the shortcut at ${s.add}`);
    matchSequence(block.body, b.start!, before);
    if (sc.kind === 'projection') matchSequence(sc.layers, s.start!, before);
    const add = take(b.add, 'Add', `${block.name} (addition)`);
    const inputs = add.inbound_nodes[0]?.map(([n]) => n).sort();
    const want = [b.chain.at(-1)!, s.chain.at(-1) ?? input].sort();
    if (JSON.stringify(inputs) !== JSON.stringify(want))
      fail(`${block.name}: Keras ${add.name} adds ${JSON.stringify(inputs)}, expected ${JSON.stringify(want)}`);
    return matchSequence(block.after, only(add.name), block.body.at(-1));
  };

  const inputs = graph.input_layers.map(([n]) => n);
  if (inputs.length !== 1) fail(`expected one Keras input, got ${JSON.stringify(inputs)}`);
  const input = take(inputs[0]!, 'InputLayer', 'input');
  const shape = (input.config.batch_input_shape as (number | null)[]).slice(1);
  if (JSON.stringify(shape) !== JSON.stringify(spec.inputShape))
    fail(`Keras input ${JSON.stringify(shape)}, ours ${JSON.stringify(spec.inputShape)}`);

  let at = matchSequence(spec.stem, only(input.name));
  let prev = spec.stem.at(-1);
  for (const stage of spec.stages) {
    for (const block of stage.blocks) {
      at = matchBlock(block, at, prev);
      prev = block.after.at(-1);
    }
  }
  at = matchSequence(spec.head, only(at), prev);
  const outputs = graph.output_layers.map(([n]) => n);
  if (outputs.length !== 1 || outputs[0] !== at) fail(`the walk ended at ${at}, the Keras model's output is ${JSON.stringify(outputs)}`);

  const unused = graph.layers.map((l) => l.name).filter((n) => !used.has(n));
  if (unused.length) fail(`Keras layers not matched to ours: ${unused.join(', ')}`);
  const unusedWeights = [...kerasWeights.keys()].filter((n) => !usedWeights.has(n));
  if (unusedWeights.length) fail(`Keras weights not matched to ours: ${unusedWeights.join(', ')}`);
  for (const [name, wshape] of specWeightShapes(spec)) {
    const v = weights.get(name) ?? fail(`our weight ${name} got no value`);
    const k = kerasWeights.get(sources.get(name)!)!;
    if (JSON.stringify(k.shape) !== JSON.stringify(wshape))
      fail(`our ${name} has shape ${JSON.stringify(wshape)}, Keras ${sources.get(name)} ${JSON.stringify(k.shape)}`);
    if (v.length !== wshape.reduce((a, b) => a * b, 1)) fail(`our ${name}: wrong number of values`);
  }
  return { weights, sources };
}
