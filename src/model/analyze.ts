import type { BlockSpec, LayerSpec, NetworkSpec, Shortcut } from './spec';
import { walkLayers } from './spec';
import { layerWeights, weightSize } from './weights';

/** [height, width, channels] for feature maps, [units] after global pooling. */
export type Shape = number[];

export interface LayerReport {
  name: string;
  kind: LayerSpec['kind'];
  /** Short human description, e.g. "7×7 conv, 64, stride 2". */
  description: string;
  outputShape: Shape;
  /** Trainable parameters (what torchvision's `parameters()` counts). */
  params: number;
  /** Non-trainable state: BatchNorm's running mean and variance. */
  buffers: number;
  /** Multiply-adds for one image (convolutions and the classifier; BN, ReLU, pooling and additions count 0). */
  macs: number;
}

export interface Totals {
  outputShape: Shape;
  params: number;
  buffers: number;
  macs: number;
}

export interface BlockReport extends Totals {
  name: string;
  type: BlockSpec['type'];
  shortcut: Shortcut['kind'];
  /** How many of the first `layers` run before the split, shared by the branch and the shortcut (`BlockSpec.before`). */
  shared: number;
  layers: LayerReport[];
}

export interface StageReport extends Totals {
  name: string;
  paperName: string;
  pyramidName: string;
  blocks: BlockReport[];
}

export interface NetworkReport extends Totals {
  name: string;
  inputShape: Shape;
  stem: Totals & { layers: LayerReport[] };
  stages: StageReport[];
  head: Totals & { layers: LayerReport[] };
  /** Weighted layers on the main path (convs outside shortcuts + fully connected): the "50" of ResNet-50. */
  depth: number;
  convLayers: number;
  shortcutConvLayers: number;
  denseLayers: number;
}

function outSize(size: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - kernel) / stride) + 1;
}

function spatial(shape: Shape, where: string): [number, number, number] {
  if (shape.length !== 3) throw new Error(`${where} needs a feature map [h, w, c], got shape ${JSON.stringify(shape)}`);
  return shape as [number, number, number];
}

/** Shape, parameters and multiply-adds of one layer applied to an input of `input` shape. */
export function analyzeLayer(layer: LayerSpec, input: Shape): LayerReport {
  // Parameters and buffers are counted from the weights the layer has, as the runtime creates them.
  let params = 0;
  let buffers = 0;
  for (const w of layerWeights(layer)) {
    if (w.trainable) params += weightSize(w.shape);
    else buffers += weightSize(w.shape);
  }
  return { name: layer.name, kind: layer.kind, ...shapeAndCost(layer, input), params, buffers };
}

/** Output shape, description and multiply-adds of one layer (no weights: `analyzeLayer` counts those). */
function shapeAndCost(layer: LayerSpec, input: Shape): Pick<LayerReport, 'description' | 'outputShape' | 'macs'> {
  switch (layer.kind) {
    case 'conv2d': {
      const [h, w, c] = spatial(input, layer.name);
      if (c !== layer.inChannels) throw new Error(`${layer.name} expects ${layer.inChannels} input channels, got ${c}`);
      const oh = outSize(h, layer.kernel, layer.stride, layer.pad);
      const ow = outSize(w, layer.kernel, layer.stride, layer.pad);
      if (oh < 1 || ow < 1) throw new Error(`${layer.name}: input ${h}×${w} is too small for a ${layer.kernel}×${layer.kernel} conv`);
      const perOutput = layer.kernel * layer.kernel * (layer.inChannels / layer.groups);
      const weights = perOutput * layer.outChannels;
      const grouped = layer.groups > 1 ? `, ${layer.groups} groups` : '';
      const strided = layer.stride > 1 ? `, stride ${layer.stride}` : '';
      return {
        description: `${layer.kernel}×${layer.kernel} conv, ${layer.outChannels}${grouped}${strided}`,
        outputShape: [oh, ow, layer.outChannels],
        macs: oh * ow * weights,
      };
    }
    case 'batchnorm':
      spatial(input, layer.name);
      return { description: 'batch norm', outputShape: input, macs: 0 };
    case 'relu':
      return { description: 'ReLU', outputShape: input, macs: 0 };
    case 'maxpool': {
      const [h, w, c] = spatial(input, layer.name);
      return {
        description: `${layer.size}×${layer.size} max pool, stride ${layer.stride}`,
        outputShape: [outSize(h, layer.size, layer.stride, layer.pad), outSize(w, layer.size, layer.stride, layer.pad), c],
        macs: 0,
      };
    }
    case 'globalavgpool': {
      const [, , c] = spatial(input, layer.name);
      return { description: 'global average pool', outputShape: [c], macs: 0 };
    }
    case 'dense': {
      const units = input.length === 1 ? input[0] : NaN;
      if (units !== layer.inUnits) throw new Error(`${layer.name} expects ${layer.inUnits} inputs, got shape ${JSON.stringify(input)}`);
      return { description: `fully connected, ${layer.units}`, outputShape: [layer.units], macs: layer.inUnits * layer.units };
    }
  }
}

function sequence(layers: LayerSpec[], input: Shape): Totals & { layers: LayerReport[] } {
  const reports: LayerReport[] = [];
  let shape = input;
  for (const layer of layers) {
    const r = analyzeLayer(layer, shape);
    reports.push(r);
    shape = r.outputShape;
  }
  return { ...sum(reports), outputShape: shape, layers: reports };
}

function sum(items: { params: number; buffers: number; macs: number }[]): Omit<Totals, 'outputShape'> {
  return items.reduce((a, r) => ({ params: a.params + r.params, buffers: a.buffers + r.buffers, macs: a.macs + r.macs }), {
    params: 0,
    buffers: 0,
    macs: 0,
  });
}

export function analyzeBlock(block: BlockSpec, blockInput: Shape): BlockReport {
  const before = sequence(block.before ?? [], blockInput);
  const input = before.outputShape;
  const body = sequence(block.body, input);
  const layers = [...before.layers, ...body.layers];
  const sc = block.shortcut;
  if (sc.kind === 'projection') {
    const proj = sequence(sc.layers, input);
    if (proj.outputShape.join() !== body.outputShape.join()) {
      throw new Error(`${block.name}: projection gives ${JSON.stringify(proj.outputShape)}, body gives ${JSON.stringify(body.outputShape)}`);
    }
    layers.push(...proj.layers);
  } else if (sc.kind === 'identity' && input.join() !== body.outputShape.join()) {
    throw new Error(`${block.name}: identity shortcut needs matching shapes, got ${JSON.stringify(input)} → ${JSON.stringify(body.outputShape)}`);
  }
  const after = sequence(block.after, body.outputShape);
  layers.push(...after.layers);
  return { name: block.name, type: block.type, shortcut: sc.kind, shared: before.layers.length, ...sum(layers), outputShape: after.outputShape, layers };
}

/** Shapes, parameters and multiply-adds of a whole network, layer by layer, for one input image. */
export function analyze(net: NetworkSpec, inputShape: Shape = net.inputShape): NetworkReport {
  const stem = sequence(net.stem, inputShape);
  let shape = stem.outputShape;
  const stages: StageReport[] = net.stages.map((stage) => {
    const blocks = stage.blocks.map((b) => {
      const r = analyzeBlock(b, shape);
      shape = r.outputShape;
      return r;
    });
    return { name: stage.name, paperName: stage.paperName, pyramidName: stage.pyramidName, ...sum(blocks), outputShape: shape, blocks };
  });
  const head = sequence(net.head, shape);
  let convLayers = 0;
  let shortcutConvLayers = 0;
  let denseLayers = 0;
  for (const { layer, block } of walkLayers(net)) {
    if (layer.kind === 'dense') denseLayers++;
    if (layer.kind !== 'conv2d') continue;
    const inShortcut = block?.shortcut.kind === 'projection' && block.shortcut.layers.includes(layer);
    if (inShortcut) shortcutConvLayers++;
    else convLayers++;
  }
  return {
    name: net.name,
    inputShape,
    stem,
    stages,
    head,
    ...sum([stem, ...stages, head]),
    outputShape: head.outputShape,
    depth: convLayers + denseLayers,
    convLayers,
    shortcutConvLayers,
    denseLayers,
  };
}

/** Trainable parameters of a network (independent of the input size). */
export function countParams(net: NetworkSpec): number {
  return analyze(net).params;
}

/** Multiply-adds for one image at the network's configured input size (or `inputShape`). */
export function countMacs(net: NetworkSpec, inputShape?: Shape): number {
  return analyze(net, inputShape).macs;
}
