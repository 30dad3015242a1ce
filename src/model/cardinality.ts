/**
 * The arithmetic of grouped convolutions and of ResNeXt's cardinality/width trade-off, without tfjs: what the
 * grouped-convolution and split-transform-merge lessons compute at build time and in their widgets.
 */
import { countParams } from './analyze';
import { resnet } from './builders';
import type { NetworkSpec } from './spec';

function fail(message: string): never {
  throw new Error(message);
}

function checkPositiveInt(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) fail(`${what} must be a positive integer, got ${JSON.stringify(value)}`);
}

/** The divisors of n in increasing order: the group counts a conv with n input and n output channels allows. */
export function divisors(n: number): number[] {
  checkPositiveInt('divisors: n', n);
  const small: number[] = [];
  const large: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d !== 0) continue;
    small.push(d);
    if (d * d !== n) large.unshift(n / d);
  }
  return [...small, ...large];
}

export interface GroupedConvShape {
  inChannels: number;
  outChannels: number;
  kernel: number;
  groups: number;
  /** Output height × width, for the multiply-adds (default 1: per output pixel). */
  height?: number;
  width?: number;
}

export interface GroupedConvCost {
  groups: number;
  inPerGroup: number;
  outPerGroup: number;
  /** Weights, no bias: k² · Cin/g · Cout. */
  params: number;
  /** Multiply-adds over the whole output map: H · W · params. */
  macs: number;
  /** `groups` = `inChannels`: each output channel sees one input channel (depthwise, with a channel multiplier). */
  depthwise: boolean;
}

/**
 * Cost of one grouped convolution. Each of the g groups maps Cin/g channels to Cout/g, so the kernel has
 * k² · (Cin/g) · (Cout/g) · g = k² · Cin · Cout / g weights: g groups divide parameters and compute by g.
 */
export function groupedConvCost({ inChannels, outChannels, kernel, groups, height = 1, width = 1 }: GroupedConvShape): GroupedConvCost {
  for (const [what, v] of [['inChannels', inChannels], ['outChannels', outChannels], ['kernel', kernel], ['groups', groups], ['height', height], ['width', width]] as const) {
    checkPositiveInt(`groupedConvCost: ${what}`, v);
  }
  if (inChannels % groups !== 0 || outChannels % groups !== 0) {
    fail(`groupedConvCost: groups (${groups}) must divide both input channels (${inChannels}) and output channels (${outChannels})`);
  }
  const inPerGroup = inChannels / groups;
  const outPerGroup = outChannels / groups;
  const params = kernel * kernel * inPerGroup * outChannels;
  return { groups, inPerGroup, outPerGroup, params, macs: params * height * width, depthwise: inPerGroup === 1 };
}

/**
 * Which group input channel `c` and output channel `o` belong to, and whether the kernel connects them: the
 * block-diagonal pattern of a grouped conv's dense equivalent.
 */
export function connects(inChannels: number, outChannels: number, groups: number, c: number, o: number): boolean {
  return Math.floor(c / (inChannels / groups)) === Math.floor(o / (outChannels / groups));
}

/**
 * Parameters of one ResNeXt block (Xie et al., Eq. 4 and Table 2): C paths of 1×1 (io → d), 3×3 (d → d),
 * 1×1 (d → io), C · (io·d + 9·d² + d·io). Weights only, no BatchNorm, as the paper counts. With C = 1 and d = 64
 * it is ResNet's bottleneck at io = 256.
 */
export function resnextBlockParams(cardinality: number, width: number, io = 256): number {
  checkPositiveInt('resnextBlockParams: cardinality', cardinality);
  checkPositiveInt('resnextBlockParams: width', width);
  checkPositiveInt('resnextBlockParams: io', io);
  return cardinality * (io * width + 9 * width * width + width * io);
}

/** Multiply-adds of that block per output pixel equal its parameters (every conv is stride 1 here). */
export const resnextBlockMacsPerPixel = resnextBlockParams;

/**
 * The width d that brings C paths closest to `budget` parameters (the paper picks d this way to keep complexity
 * fixed while C grows). Solves C · (9d² + 2·io·d) = budget for d and rounds to the nearer integer by parameters.
 */
export function widthForBudget(cardinality: number, budget: number, io = 256): number {
  checkPositiveInt('widthForBudget: cardinality', cardinality);
  const a = 9 * cardinality;
  const b = 2 * io * cardinality;
  const exact = (-b + Math.sqrt(b * b + 4 * a * budget)) / (2 * a);
  const lo = Math.max(1, Math.floor(exact));
  const hi = lo + 1;
  const cost = (d: number) => Math.abs(resnextBlockParams(cardinality, d, io) - budget);
  return cost(hi) < cost(lo) ? hi : lo;
}

export interface TradeoffRow {
  cardinality: number;
  width: number;
  /** Channels of the grouped 3×3 conv: C · d (Table 2's "width of group conv."). */
  groupedWidth: number;
  params: number;
}

/**
 * Table 2 of the paper, recomputed: for each C, the d that keeps a conv2-stage block (256-d in and out) at the
 * parameters of ResNet's bottleneck (C = 1, d = 64).
 */
export function cardinalityTradeoff(cardinalities: readonly number[] = [1, 2, 4, 8, 32], io = 256, budget = resnextBlockParams(1, 64, io)): TradeoffRow[] {
  return cardinalities.map((c) => {
    const d = widthForBudget(c, budget, io);
    return { cardinality: c, width: d, groupedWidth: c * d, params: resnextBlockParams(c, d, io) };
  });
}

/** "32x4d" (or "32×4d") → C = 32 groups, d = 4 channels per group at planes 64. "1x64d" is the ResNet. */
export function parseVariant(text: string): { cardinality: number; width: number; label: string } {
  const m = /^(\d+)[x×](\d+)d$/.exec(text.trim());
  if (!m) fail(`a ResNeXt variant is written C×d, like 32x4d or 1x64d, got ${JSON.stringify(text)}`);
  const cardinality = Number(m[1]);
  const width = Number(m[2]);
  checkPositiveInt('cardinality', cardinality);
  checkPositiveInt('width per group', width);
  return { cardinality, width, label: `${cardinality}x${width}d` };
}

export interface SmallResNeXtOptions {
  /** C: groups of every bottleneck's 3×3 conv (1 for the ResNet). */
  cardinality: number;
  /** d at planes 64 (torchvision's width_per_group): a stage of p planes gets floor(p·d/64) channels per group. */
  widthPerGroup: number;
  /** Bottleneck blocks per stage; default [1, 1, 1]. */
  layers?: number[];
  /** Planes of the first stage (then 2w, 4w); default 16, so the blocks put out 64, 128 and 256 channels. */
  width?: number;
  numClasses?: number;
  inputShape?: [number, number, number];
}

/**
 * A small bottleneck ResNet/ResNeXt for 28×28 images (the training comparison): a 3×3 stem, three stages of
 * bottlenecks with projection shortcuts where the shape changes, global pooling, a classifier. Only C and d differ
 * between the two nets of the comparison, so they share every other layer shape.
 */
export function smallResNeXt({ cardinality, widthPerGroup, layers = [1, 1, 1], width = 16, numClasses = 10, inputShape = [28, 28, 1] }: SmallResNeXtOptions): NetworkSpec {
  checkPositiveInt('smallResNeXt: width', width);
  for (const [i, p] of [width, 2 * width, 4 * width].entries()) {
    if (Math.floor((p * widthPerGroup) / 64) < 1) fail(`smallResNeXt: stage ${i + 1} (${p} planes) gets no channels per group with d = ${widthPerGroup}`);
  }
  return resnet({
    name: cardinality === 1 ? `resnet-${width}` : `resnext-${cardinality}x${widthPerGroup}d`,
    block: 'bottleneck',
    layers,
    widths: layers.map((_, i) => width * 2 ** i),
    stem: 'cifar',
    stemWidth: width,
    groups: cardinality,
    widthPerGroup,
    numClasses,
    inputShape,
  });
}

export interface SmallStageWidth {
  /** Planes of the stage (w, 2w, 4w). */
  planes: number;
  /** Channels per group of its bottlenecks' 3×3 conv: floor(planes · d / 64), as torchvision computes it. */
  perGroup: number;
  /** Channels of that grouped conv: C · perGroup. */
  groupedWidth: number;
}

/** The per-stage widths of `smallResNeXt(opts)`: what "C×d" becomes at each stage of the small net. */
export function smallStageWidths({ cardinality, widthPerGroup, layers = [1, 1, 1], width = 16 }: SmallResNeXtOptions): SmallStageWidth[] {
  return layers.map((_, i) => {
    const planes = width * 2 ** i;
    const perGroup = Math.floor((planes * widthPerGroup) / 64);
    return { planes, perGroup, groupedWidth: cardinality * perGroup };
  });
}

/**
 * For C groups, the width per group (at planes 64) whose small net comes closest in parameters to `target`, among
 * those that give every stage at least `minPerGroup` channels per group (Xie et al. §5.1 keep d ≥ 4: below that,
 * trading width for cardinality stops paying). Returns null if no width qualifies below `maxWidth`.
 */
export function closestWidthPerGroup(
  cardinality: number,
  target: number,
  { layers = [1, 1, 1], width = 16, minPerGroup = 4, maxWidth = 256 }: { layers?: number[]; width?: number; minPerGroup?: number; maxWidth?: number } = {},
): { widthPerGroup: number; params: number } | null {
  checkPositiveInt('closestWidthPerGroup: cardinality', cardinality);
  let best: { widthPerGroup: number; params: number } | null = null;
  for (let d = 1; d <= maxWidth; d++) {
    const opts = { cardinality, widthPerGroup: d, layers, width };
    if (Math.min(...smallStageWidths(opts).map((s) => s.perGroup)) < minPerGroup) continue;
    const params = countParams(smallResNeXt(opts));
    if (!best || Math.abs(params - target) < Math.abs(best.params - target)) best = { widthPerGroup: d, params };
  }
  return best;
}
