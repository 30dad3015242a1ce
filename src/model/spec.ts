/**
 * The network as data. Builders return these plain objects; `analyze` reads them for shapes, parameters and
 * multiply-adds; the runtime turns them into TensorFlow.js variables and runs them. No tfjs import here, so
 * pages can describe a ResNet-50 without downloading tfjs.
 *
 * Layout is NHWC throughout (tfjs's default): a shape is [height, width, channels] without the batch.
 */

/** Symmetric zero padding in pixels on every side (torchvision's convention). */
export type Padding = number;

export interface Conv2dSpec {
  kind: 'conv2d';
  name: string;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: Padding;
  /** Channels are split into `groups` independent convolutions; 1 is an ordinary conv, inChannels is depthwise. */
  groups: number;
  bias: boolean;
}

export interface BatchNormSpec {
  kind: 'batchnorm';
  name: string;
  channels: number;
  epsilon: number;
  /** Fraction of the old running statistic kept at each training step (Keras convention; torchvision's 0.1 = 1 − 0.9). */
  momentum: number;
  /** Start gamma at 0 instead of 1, which makes a residual block the identity at initialisation. */
  zeroGamma: boolean;
}

export interface ReluSpec {
  kind: 'relu';
  name: string;
}

export interface MaxPoolSpec {
  kind: 'maxpool';
  name: string;
  size: number;
  stride: number;
  pad: Padding;
}

export interface GlobalAvgPoolSpec {
  kind: 'globalavgpool';
  name: string;
}

export interface DenseSpec {
  kind: 'dense';
  name: string;
  inUnits: number;
  units: number;
  bias: boolean;
}

export type LayerSpec = Conv2dSpec | BatchNormSpec | ReluSpec | MaxPoolSpec | GlobalAvgPoolSpec | DenseSpec;

/**
 * How a block's input reaches its output.
 * - `identity`: added unchanged (shapes already match).
 * - `zeropad`: option A of the paper: subsample by `stride` and append zero channels. No parameters.
 * - `projection`: options B/C: a strided 1×1 conv (+ BatchNorm) maps the input to the output shape.
 * - `none`: no shortcut at all, the block of a plain network.
 */
export type Shortcut =
  | { kind: 'identity' }
  | { kind: 'zeropad'; stride: number; extraChannels: number }
  | { kind: 'projection'; layers: LayerSpec[] }
  | { kind: 'none' };

/** Which shortcuts a network uses, in the paper's terms (§3.3 and Table 3). */
export type ShortcutOption = 'A' | 'B' | 'C' | 'plain';

export interface BlockSpec {
  kind: 'block';
  name: string;
  type: 'basic' | 'bottleneck';
  /**
   * Applied to the block's input before it splits, so the residual function and the shortcut both see its output:
   * the BN → ReLU a full pre-activation block shares with its projection shortcut (He et al. 2016). Absent otherwise.
   */
  before?: LayerSpec[];
  /** The residual function F: everything before the addition. */
  body: LayerSpec[];
  shortcut: Shortcut;
  /** Applied after the addition (the final ReLU). */
  after: LayerSpec[];
}

export interface StageSpec {
  kind: 'stage';
  /** Code name, e.g. `layer1` (torchvision) — weight names start with it. */
  name: string;
  /** The paper's name (Table 1), e.g. `conv2_x`. */
  paperName: string;
  /** Feature-pyramid name of the stage output, e.g. `C2`; empty for the stem and head. */
  pyramidName: string;
  blocks: BlockSpec[];
}

export interface NetworkSpec {
  name: string;
  /** [height, width, channels] the builder was configured for; other sizes work where the shapes allow. */
  inputShape: [number, number, number];
  stem: LayerSpec[];
  stages: StageSpec[];
  head: LayerSpec[];
}

/** Every layer in execution order, with the block it belongs to (if any). */
export function* walkLayers(net: NetworkSpec): Generator<{ layer: LayerSpec; block?: BlockSpec; stage?: StageSpec }> {
  for (const layer of net.stem) yield { layer };
  for (const stage of net.stages) {
    for (const block of stage.blocks) {
      for (const layer of block.before ?? []) yield { layer, block, stage };
      for (const layer of block.body) yield { layer, block, stage };
      if (block.shortcut.kind === 'projection') for (const layer of block.shortcut.layers) yield { layer, block, stage };
      for (const layer of block.after) yield { layer, block, stage };
    }
  }
  for (const layer of net.head) yield { layer };
}
