import type {
  BatchNormSpec,
  BlockSpec,
  Conv2dSpec,
  LayerSpec,
  NetworkSpec,
  Shortcut,
  ShortcutOption,
  StageSpec,
} from './spec';

/** Everything that decides a ResNet/ResNeXt's structure. Builders are pure functions of this one object. */
export interface ResNetConfig {
  name: string;
  block: 'basic' | 'bottleneck';
  /** Blocks per stage, e.g. [3, 4, 6, 3] for ResNet-50. */
  layers: number[];
  /** "planes" per stage (the bottleneck's inner width for groups = 1). */
  widths: number[];
  /** Cardinality: the number of groups of the bottleneck's 3×3 conv. */
  groups: number;
  /** Channels per group at the first stage's width of 64 (torchvision's `width_per_group`). */
  widthPerGroup: number;
  /** Where a downsampling bottleneck puts its stride: the original paper and Keras (`1x1`) or torchvision v1.5 (`3x3`). */
  strideOn: '1x1' | '3x3';
  shortcut: ShortcutOption;
  stem: 'classic' | 'deep' | 'cifar';
  /** Channels of the stem's output (64 for ImageNet nets, 16 for the CIFAR nets). */
  stemWidth: number;
  batchNorm: boolean;
  /** Convolutions carry a bias. Off when BatchNorm follows (its beta does the job); the Keras weights have both. */
  convBias: boolean;
  /** Start each block's last BatchNorm gamma at 0 (torchvision's zero_init_residual). */
  zeroInitResidual: boolean;
  /**
   * Full pre-activation blocks (He et al. 2016, "Identity Mappings in Deep Residual Networks", Fig. 4(e)):
   * BN → ReLU → conv inside the branch, nothing after the addition, and one BN → ReLU after the last block.
   */
  preActivation: boolean;
  bnEpsilon: number;
  bnMomentum: number;
  numClasses: number;
  inputShape: [number, number, number];
}

const IMAGENET_DEFAULTS: Omit<ResNetConfig, 'name' | 'block' | 'layers'> = {
  widths: [64, 128, 256, 512],
  groups: 1,
  widthPerGroup: 64,
  strideOn: '3x3',
  shortcut: 'B',
  stem: 'classic',
  stemWidth: 64,
  batchNorm: true,
  convBias: false,
  zeroInitResidual: false,
  preActivation: false,
  bnEpsilon: 1e-5,
  bnMomentum: 0.9,
  numClasses: 1000,
  inputShape: [224, 224, 3],
};

export const EXPANSION = { basic: 1, bottleneck: 4 } as const;

function fail(message: string): never {
  throw new Error(message);
}

function checkPositiveInt(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) fail(`${what} must be a positive integer, got ${JSON.stringify(value)}`);
}

interface ConvOptions {
  stride?: number;
  groups?: number;
  bias?: boolean;
}

/** A 3×3 convolution with padding 1, so stride 1 keeps the spatial size. */
export function conv3x3(name: string, inChannels: number, outChannels: number, opts: ConvOptions = {}): Conv2dSpec {
  return conv(name, inChannels, outChannels, 3, opts);
}

/** A 1×1 convolution: mixes channels, pixel by pixel. */
export function conv1x1(name: string, inChannels: number, outChannels: number, opts: ConvOptions = {}): Conv2dSpec {
  return conv(name, inChannels, outChannels, 1, opts);
}

export function conv(
  name: string,
  inChannels: number,
  outChannels: number,
  kernel: number,
  { stride = 1, groups = 1, bias = false }: ConvOptions = {},
): Conv2dSpec {
  checkPositiveInt(`${name}: groups`, groups);
  if (inChannels % groups !== 0 || outChannels % groups !== 0) {
    fail(`${name}: groups (${groups}) must divide both input channels (${inChannels}) and output channels (${outChannels})`);
  }
  return { kind: 'conv2d', name, inChannels, outChannels, kernel, stride, pad: (kernel - 1) >> 1, groups, bias };
}

function batchNorm(name: string, channels: number, cfg: ResNetConfig, zeroGamma = false): BatchNormSpec {
  return { kind: 'batchnorm', name, channels, epsilon: cfg.bnEpsilon, momentum: cfg.bnMomentum, zeroGamma };
}

function bnRelu(channels: number, bnName: string, reluName: string, cfg: ResNetConfig): LayerSpec[] {
  return [...(cfg.batchNorm ? [batchNorm(bnName, channels, cfg)] : []), { kind: 'relu', name: reluName }];
}

/**
 * Where a pre-activation block puts its first BN → ReLU:
 * - `branch`: inside the residual branch; the identity shortcut carries the raw sum x_l untouched. Most blocks.
 * - `shared`: before the split (`BlockSpec.before`), so the shortcut (1×1 projection, zero padding, or, in the very
 *   first CIFAR block, identity) consumes the activated input: the first block of each stage, and every block of
 *   an option-C net (all have projections).
 * - `none`: the ImageNet stems end in BN → ReLU (→ max-pool), so the first block's input is already activated and a
 *   second BN → ReLU would only repeat it.
 * Why: this is the official code. KaimingHe/resnet-1k-layers (`resnet-pre-act.lua`) has only the bottleneck CIFAR
 * nets (ResNet-164/1001), with a projection where dimensions increase (in effect option B): it applies a "common BN,
 * ReLU" before the split in those blocks and a bare projection conv after it. facebook/fb.resnet.torch
 * (`preresnet.lua`) does the same in the first block of each stage (`both_preact`), except after the ImageNet stem
 * (`no_preact`). The paper describes the first unit after the stand-alone conv1 the same way: its first activation
 * comes right after conv1, before the split into two paths. For the basic CIFAR nets (which resnet-1k-layers does not
 * have) we follow fb.resnet.torch and the paper, the first block (16 → 16, identity shortcut) included. Option C
 * (a projection in every block) is our extension: we share there too, unlike fb.resnet.torch, whose projection in a
 * block that is not a stage's first reads the raw input; so a projection, which has no BN of its own, never reads
 * an un-normalised input.
 */
export type PreActPlacement = 'branch' | 'shared' | 'none';

/**
 * A pre-activation block's layers: (BN) → ReLU → conv for each conv, so each BN normalises its conv's input
 * (`bn<i>` before `conv<i>`), and nothing after the addition. The first BN → ReLU goes where `placement` says.
 */
function preActivated(block: string, convs: Conv2dSpec[], placement: PreActPlacement, cfg: ResNetConfig): Pick<BlockSpec, 'before' | 'body' | 'after'> {
  const units = convs.map((c, i) => ({ pre: bnRelu(c.inChannels, `${block}.bn${i + 1}`, `${block}.relu${i + 1}`, cfg), conv: c }));
  const [first, ...rest] = units;
  if (!first) fail(`${block}: a block needs at least one conv`);
  const body = [...(placement === 'branch' ? first.pre : []), first.conv, ...rest.flatMap((u) => [...u.pre, u.conv])];
  return placement === 'shared' ? { before: first.pre, body, after: [] } : { body, after: [] };
}

/** conv → (BN) → ReLU, the unit the stems are made of. */
function convBnRelu(c: Conv2dSpec, bnName: string, reluName: string, cfg: ResNetConfig): LayerSpec[] {
  return [c, ...bnRelu(c.outChannels, bnName, reluName, cfg)];
}

function makeShortcut(name: string, inChannels: number, outChannels: number, stride: number, cfg: ResNetConfig): Shortcut {
  const shapeChanges = stride !== 1 || inChannels !== outChannels;
  switch (cfg.shortcut) {
    case 'plain':
      return { kind: 'none' };
    case 'A':
      if (!shapeChanges) return { kind: 'identity' };
      if (outChannels < inChannels) fail(`${name}: option A cannot shrink channels (${inChannels} → ${outChannels})`);
      return { kind: 'zeropad', stride, extraChannels: outChannels - inChannels };
    case 'B':
    case 'C': {
      if (cfg.shortcut === 'B' && !shapeChanges) return { kind: 'identity' };
      const layers: LayerSpec[] = [conv1x1(`${name}.downsample.0`, inChannels, outChannels, { stride, bias: cfg.convBias })];
      // A pre-activation projection is a bare conv (as in both official codes): its input is already normalised by
      // the shared BN → ReLU, and its output goes straight into the addition, like the branch's last conv.
      if (cfg.batchNorm && !cfg.preActivation) layers.push(batchNorm(`${name}.downsample.1`, outChannels, cfg));
      return { kind: 'projection', layers };
    }
  }
}

/**
 * The original block ("Deep Residual Learning"; Fig. 4(a) of "Identity Mappings"): conv → (BN) → ReLU per conv,
 * except that the last conv's ReLU comes after the addition. `zeroInitResidual` zeroes the γ of the branch's last BN.
 */
function postActivated(block: string, convs: Conv2dSpec[], cfg: ResNetConfig): Pick<BlockSpec, 'body' | 'after'> {
  const body = convs.flatMap((c, i): LayerSpec[] => {
    const last = i === convs.length - 1;
    return [
      c,
      ...(cfg.batchNorm ? [batchNorm(`${block}.bn${i + 1}`, c.outChannels, cfg, last && cfg.zeroInitResidual)] : []),
      ...(last ? [] : [{ kind: 'relu', name: `${block}.relu${i + 1}` } as const]),
    ];
  });
  return { body, after: [{ kind: 'relu', name: `${block}.relu` }] };
}

const activated = (block: string, convs: Conv2dSpec[], preAct: PreActPlacement, cfg: ResNetConfig) =>
  cfg.preActivation ? preActivated(block, convs, preAct, cfg) : postActivated(block, convs, cfg);

/**
 * Two 3×3 convs (ResNet-18/34 and the CIFAR nets). `preAct` places a pre-activation block's first BN → ReLU
 * (ignored unless `cfg.preActivation`).
 */
export function basicBlock(
  name: string,
  inChannels: number,
  planes: number,
  stride: number,
  cfg: ResNetConfig,
  preAct: PreActPlacement = 'branch',
): BlockSpec {
  const outChannels = planes * EXPANSION.basic;
  const bias = cfg.convBias;
  const convs = [conv3x3(`${name}.conv1`, inChannels, planes, { stride, bias }), conv3x3(`${name}.conv2`, planes, outChannels, { bias })];
  return { kind: 'block', name, type: 'basic', ...activated(name, convs, preAct, cfg), shortcut: makeShortcut(name, inChannels, outChannels, stride, cfg) };
}

/**
 * 1×1 reduce → 3×3 (grouped for ResNeXt) → 1×1 expand ×4 (ResNet-50 and deeper, ResNeXt).
 * Inner width = planes · widthPerGroup/64 · groups, as torchvision computes it: ResNeXt-50 32×4d has 32 groups of 4
 * channels (128 in all) in its first stage.
 */
export function bottleneck(
  name: string,
  inChannels: number,
  planes: number,
  stride: number,
  cfg: ResNetConfig,
  preAct: PreActPlacement = 'branch',
): BlockSpec {
  const width = Math.floor((planes * cfg.widthPerGroup) / 64) * cfg.groups;
  const outChannels = planes * EXPANSION.bottleneck;
  const [s1, s3] = cfg.strideOn === '1x1' ? [stride, 1] : [1, stride];
  const bias = cfg.convBias;
  const convs = [
    conv1x1(`${name}.conv1`, inChannels, width, { stride: s1, bias }),
    conv3x3(`${name}.conv2`, width, width, { stride: s3, groups: cfg.groups, bias }),
    conv1x1(`${name}.conv3`, width, outChannels, { bias }),
  ];
  return { kind: 'block', name, type: 'bottleneck', ...activated(name, convs, preAct, cfg), shortcut: makeShortcut(name, inChannels, outChannels, stride, cfg) };
}

/** A stage of `blocks` blocks; only the first may change stride and channels. Returns the new channel count. */
export function makeStage(
  index: number,
  inChannels: number,
  planes: number,
  blocks: number,
  stride: number,
  cfg: ResNetConfig,
): { stage: StageSpec; outChannels: number } {
  const name = `layer${index + 1}`;
  const make = cfg.block === 'basic' ? basicBlock : bottleneck;
  const specs: BlockSpec[] = [];
  let channels = inChannels;
  for (let i = 0; i < blocks; i++) {
    specs.push(make(`${name}.${i}`, channels, planes, i === 0 ? stride : 1, cfg, preActPlacement(index, i, cfg)));
    channels = planes * EXPANSION[cfg.block];
  }
  const isCifar = cfg.stem === 'cifar';
  return {
    stage: {
      kind: 'stage',
      name,
      paperName: isCifar ? `stage ${index + 1}` : `conv${index + 2}_x`,
      pyramidName: isCifar ? '' : `C${index + 2}`,
      blocks: specs,
    },
    outChannels: channels,
  };
}

/** Where block `block` of stage `stage` puts its first BN → ReLU (see `PreActPlacement`). */
function preActPlacement(stage: number, block: number, cfg: ResNetConfig): PreActPlacement {
  // The CIFAR stem is a bare conv under pre-activation; the ImageNet stems end in BN → ReLU.
  if (stage === 0 && block === 0) return cfg.stem === 'cifar' ? 'shared' : 'none';
  return block === 0 || cfg.shortcut === 'C' ? 'shared' : 'branch';
}

function makeStem(cfg: ResNetConfig): LayerSpec[] {
  const [, , inC] = cfg.inputShape;
  const bias = cfg.convBias;
  const w = cfg.stemWidth;
  switch (cfg.stem) {
    case 'cifar':
      // Pre-activation: a bare conv, since the first block normalises and activates its input before splitting.
      if (cfg.preActivation) return [conv3x3('conv1', inC, w, { bias })];
      return convBnRelu(conv3x3('conv1', inC, w, { bias }), 'bn1', 'relu', cfg);
    case 'classic':
      return [
        ...convBnRelu(conv('conv1', inC, w, 7, { stride: 2, bias }), 'bn1', 'relu', cfg),
        { kind: 'maxpool', name: 'maxpool', size: 3, stride: 2, pad: 1 },
      ];
    case 'deep':
      // Three 3×3 convs replace the 7×7: ResNet-C of "Bag of Tricks for Image Classification" (T. He et al. 2019, §4.2).
      // Receptive field 11 px (3 from the first conv, then +2 per conv at the cumulative stride 2, twice) against the
      // 7×7's 7 px. With widths w/2, w/2, w and c input channels the stem costs more, not less: 9·c·w/2 + 9·(w/2)² +
      // 9·(w/2)·w multiply-adds per output pixel (28,512 for c = 3, w = 64) against 49·c·w (9,408); the paper's point
      // is that one 3×3 costs 5.4× less than one 7×7 of the same widths.
      return [
        ...convBnRelu(conv3x3('conv1.0', inC, w / 2, { stride: 2, bias }), 'bn1.0', 'relu1.0', cfg),
        ...convBnRelu(conv3x3('conv1.1', w / 2, w / 2, { bias }), 'bn1.1', 'relu1.1', cfg),
        ...convBnRelu(conv3x3('conv1.2', w / 2, w, { bias }), 'bn1.2', 'relu', cfg),
        { kind: 'maxpool', name: 'maxpool', size: 3, stride: 2, pad: 1 },
      ];
  }
}

/** Build any ResNet/ResNeXt from one config. */
export function resnet(overrides: Partial<ResNetConfig> & Pick<ResNetConfig, 'name' | 'block' | 'layers'>): NetworkSpec {
  const cfg = imagenetConfig(overrides);
  if (cfg.layers.length !== cfg.widths.length) {
    fail(`${cfg.name}: layers ${JSON.stringify(cfg.layers)} and widths ${JSON.stringify(cfg.widths)} must have the same length`);
  }
  cfg.layers.forEach((n, i) => checkPositiveInt(`${cfg.name}: layers[${i}]`, n));
  checkPositiveInt(`${cfg.name}: groups`, cfg.groups);
  checkPositiveInt(`${cfg.name}: widthPerGroup`, cfg.widthPerGroup);
  if (cfg.block === 'basic' && (cfg.groups !== 1 || cfg.widthPerGroup !== 64)) {
    fail(`${cfg.name}: a basic block supports only groups = 1 and widthPerGroup = 64 (got ${cfg.groups}, ${cfg.widthPerGroup})`);
  }
  if (cfg.preActivation && cfg.zeroInitResidual) {
    // Refused rather than reinterpreted: zeroInitResidual zeroes the γ of the BatchNorm that ends each branch, and a
    // pre-activation branch ends in a conv with no BatchNorm after it. Zeroing that conv's weights instead (as Fixup
    // does) would be a different method under the same flag, and runs recorded with it would not mean the same thing.
    fail(`${cfg.name}: zeroInitResidual needs a BatchNorm at the end of each residual branch, and a pre-activation branch ends in a conv; use zeroInitResidual: false with preActivation: true`);
  }
  if (cfg.preActivation && cfg.shortcut === 'plain') {
    // Without additions, "pre" and "post" activation describe the same chain of conv, BN, ReLU; only the two ends
    // differ (He et al. 2016 make the same remark). Nothing to compare, so refuse rather than build a third plain net.
    fail(`${cfg.name}: preActivation is a residual-block design and needs shortcuts; use shortcut A, B or C (got ${JSON.stringify(cfg.shortcut)})`);
  }
  const stem = makeStem(cfg);
  const stages: StageSpec[] = [];
  let channels = cfg.stemWidth;
  cfg.layers.forEach((blocks, i) => {
    const { stage, outChannels } = makeStage(i, channels, cfg.widths[i]!, blocks, i === 0 ? 1 : 2, cfg);
    stages.push(stage);
    channels = outChannels;
  });
  return {
    name: cfg.name,
    inputShape: cfg.inputShape,
    stem,
    stages,
    head: [
      // Pre-activation: the last block's sum is not normalised or activated by any block, so one BN → ReLU does it
      // before pooling (the names of Keras's ResNetV2).
      ...(cfg.preActivation ? bnRelu(channels, 'post_bn', 'post_relu', cfg) : []),
      { kind: 'globalavgpool', name: 'avgpool' },
      { kind: 'dense', name: 'fc', inUnits: channels, units: cfg.numClasses, bias: true },
    ],
  };
}

export type ImageNetOptions = Partial<Omit<ResNetConfig, 'block' | 'layers'>>;

/** `resnet50` → `preresnet50` under pre-activation (fb.resnet.torch's "PreResNet"); an explicit `name` still wins. */
const named = (name: string, o: ImageNetOptions) => (o.preActivation ? `pre${name}` : name);

export const resnet18 = (o: ImageNetOptions = {}) => resnet({ name: named('resnet18', o), block: 'basic', layers: [2, 2, 2, 2], ...o });
export const resnet34 = (o: ImageNetOptions = {}) => resnet({ name: named('resnet34', o), block: 'basic', layers: [3, 4, 6, 3], ...o });
export const resnet50 = (o: ImageNetOptions = {}) => resnet({ name: named('resnet50', o), block: 'bottleneck', layers: [3, 4, 6, 3], ...o });
export const resnet101 = (o: ImageNetOptions = {}) =>
  resnet({ name: named('resnet101', o), block: 'bottleneck', layers: [3, 4, 23, 3], ...o });
export const resnet152 = (o: ImageNetOptions = {}) =>
  resnet({ name: named('resnet152', o), block: 'bottleneck', layers: [3, 8, 36, 3], ...o });
export const resnext50_32x4d = (o: ImageNetOptions = {}) =>
  resnet({ name: named('resnext50_32x4d', o), block: 'bottleneck', layers: [3, 4, 6, 3], groups: 32, widthPerGroup: 4, ...o });
export const resnext101_32x8d = (o: ImageNetOptions = {}) =>
  resnet({ name: named('resnext101_32x8d', o), block: 'bottleneck', layers: [3, 4, 23, 3], groups: 32, widthPerGroup: 8, ...o });

/** Every ImageNet builder by name, for choosing one from data (a weights manifest, a lesson's props). */
export const IMAGENET_BUILDERS = {
  resnet18,
  resnet34,
  resnet50,
  resnet101,
  resnet152,
  resnext50_32x4d,
  resnext101_32x8d,
} as const;

export type ImageNetArch = keyof typeof IMAGENET_BUILDERS;

/** The full config `resnet()` would use for these settings: ImageNet defaults, then `overrides`. */
export function imagenetConfig(overrides: Partial<ResNetConfig> & Pick<ResNetConfig, 'name' | 'block' | 'layers'>): ResNetConfig {
  return { ...IMAGENET_DEFAULTS, ...overrides };
}

export interface CifarOptions {
  /** 6n + 2 for basic blocks: 20, 32, 44, 56, 110, … (the paper's §4.2); 9n + 2 for bottlenecks: 164, 1001. */
  depth: number;
  /**
   * `basic` (the original paper's CIFAR nets) or `bottleneck`: three convs per block, 4× wider output (w·4, w·8,
   * w·16), the ResNet-164/1001 of He et al. 2016 ("Identity Mappings"). Default `basic`.
   */
  block?: 'basic' | 'bottleneck';
  /**
   * `A` (the original paper's choice on CIFAR; the default for basic blocks), `B` (the default for bottlenecks, as
   * the ResNet-164/1001 code), `C`, or `plain` for the same net without shortcuts.
   */
  shortcut?: ShortcutOption;
  /** Filters of the first stage; the stages use w, 2w, 4w (16/32/64 in the paper). */
  width?: number;
  batchNorm?: boolean;
  zeroInitResidual?: boolean;
  /** Full pre-activation blocks (see `ResNetConfig.preActivation`); the stem is then a bare 3×3 conv. */
  preActivation?: boolean;
  numClasses?: number;
  inputShape?: [number, number, number];
}

/** The paper's CIFAR-10 nets: a 3×3 conv, three stages of n blocks each, global pooling and a classifier. */
export function cifarResNet({
  depth,
  block = 'basic',
  // The paper's ResNet-164/1001 use 1×1 projections where dimensions increase; the basic nets use zero padding (A).
  shortcut = block === 'bottleneck' ? 'B' : 'A',
  width = 16,
  batchNorm: bn = true,
  zeroInitResidual = false,
  preActivation = false,
  numClasses = 10,
  inputShape = [32, 32, 3],
}: CifarOptions): NetworkSpec {
  if (block !== 'basic' && block !== 'bottleneck') fail(`CIFAR ResNet block must be 'basic' or 'bottleneck', got ${JSON.stringify(block)}`);
  // Each basic block has 2 weighted layers, each bottleneck 3; the stem conv and the classifier add 2.
  const perBlock = block === 'basic' ? 2 : 3;
  if (!Number.isInteger(depth) || depth < 3 * perBlock + 2 || (depth - 2) % (3 * perBlock) !== 0) {
    fail(
      block === 'basic'
        ? `CIFAR ResNet depth must be 6n + 2 with n ≥ 1 (8, 14, 20, 32, 56, 110, …), got ${JSON.stringify(depth)}`
        : `CIFAR bottleneck ResNet depth must be 9n + 2 with n ≥ 1 (11, 20, 29, …, 164, 1001), got ${JSON.stringify(depth)}`,
    );
  }
  checkPositiveInt('CIFAR ResNet width', width);
  if (zeroInitResidual && shortcut === 'plain') {
    // A plain block has no shortcut to carry the signal past a zeroed γ: every block would output zeros, and so
    // would the logits. Refuse rather than build a network that cannot learn.
    fail('zeroInitResidual needs shortcuts: on a plain net it zeroes every block\'s output (and all logits); use it with shortcut A, B or C only');
  }
  const n = (depth - 2) / (3 * perBlock);
  return resnet({
    name: `${shortcut === 'plain' ? 'plain' : preActivation ? 'preresnet' : 'resnet'}${depth}`,
    block,
    layers: [n, n, n],
    // The official ResNet-164/1001 code (KaimingHe/resnet-1k-layers) strides the bottleneck's first 1×1 conv.
    strideOn: '1x1',
    widths: [width, 2 * width, 4 * width],
    stem: 'cifar',
    stemWidth: width,
    shortcut,
    batchNorm: bn,
    convBias: !bn,
    zeroInitResidual,
    preActivation,
    numClasses,
    inputShape,
  });
}
