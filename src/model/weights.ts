/**
 * What weights a layer has: the one description that the runtime's `Model` creates variables from, the pretrained
 * loader checks files against, `analyze` counts, and the optimiser decays. Pure (no tfjs), like the spec it reads.
 */
import type { LayerSpec, NetworkSpec } from './spec';
import { walkLayers } from './spec';

/**
 * What a weight is for. The names follow torchvision's suffixes: a conv's or dense layer's `weight` is its `kernel`,
 * BatchNorm's `weight` and `bias` are γ and β.
 */
export type WeightRole = 'kernel' | 'bias' | 'gamma' | 'beta' | 'running_mean' | 'running_var';

/** How a weight starts: He-normal (fan-in, convs, the paper's §3.4), LeCun-normal (the classifier), or a constant. */
export type WeightInit = 'he' | 'lecun' | 'zeros' | 'ones';

export interface LayerWeight {
  /** torchvision's name: `layer1.0.conv1.weight`, `bn1.running_mean`, `fc.bias`. */
  name: string;
  /** Conv kernels are HWIO [k, k, in/groups, out]; dense matrices [in, out]; everything else [channels]. */
  shape: number[];
  role: WeightRole;
  /** A parameter, learned by gradient descent (torchvision's `parameters()`); false for a buffer (BN running stats). */
  trainable: boolean;
  /** L2 weight decay applies: conv kernels and dense matrices only, not γ, β nor biases (see training/sgd.ts). */
  decayed: boolean;
  init: WeightInit;
}

/** torchvision's suffix of each role: a kernel and γ are both `weight`, a bias and β both `bias`. */
const SUFFIX: Record<WeightRole, string> = { kernel: 'weight', bias: 'bias', gamma: 'weight', beta: 'bias', running_mean: 'running_mean', running_var: 'running_var' };

/** The name of a layer's weight of this role, e.g. (`layer1.0.bn1`, `gamma`) → `layer1.0.bn1.weight`. */
export const weightName = (layer: string, role: WeightRole): string => `${layer}.${SUFFIX[role]}`;

const weight = (layer: string, shape: number[], role: WeightRole, init: WeightInit): LayerWeight => ({
  name: weightName(layer, role),
  shape,
  role,
  trainable: role !== 'running_mean' && role !== 'running_var',
  decayed: role === 'kernel',
  init,
});

/** The weights of one layer, in the order a `Model` creates them (none for ReLU and pooling). */
export function layerWeights(layer: LayerSpec): LayerWeight[] {
  switch (layer.kind) {
    case 'conv2d': {
      const kernel = weight(layer.name, [layer.kernel, layer.kernel, layer.inChannels / layer.groups, layer.outChannels], 'kernel', 'he');
      return layer.bias ? [kernel, weight(layer.name, [layer.outChannels], 'bias', 'zeros')] : [kernel];
    }
    case 'batchnorm': {
      const c = [layer.channels];
      return [
        // γ = 0 makes a residual block start as the identity (zeroGamma).
        weight(layer.name, c, 'gamma', layer.zeroGamma ? 'zeros' : 'ones'),
        weight(layer.name, c, 'beta', 'zeros'),
        weight(layer.name, c, 'running_mean', 'zeros'),
        weight(layer.name, c, 'running_var', 'ones'),
      ];
    }
    case 'dense': {
      const kernel = weight(layer.name, [layer.inUnits, layer.units], 'kernel', 'lecun');
      return layer.bias ? [kernel, weight(layer.name, [layer.units], 'bias', 'zeros')] : [kernel];
    }
    case 'relu':
    case 'maxpool':
    case 'globalavgpool':
      return [];
  }
}

/** Every weight of a network, in execution order: the variables of its `Model`, the entries of its weight files. */
export function networkWeights(net: NetworkSpec): LayerWeight[] {
  return [...walkLayers(net)].flatMap(({ layer }) => layerWeights(layer));
}

/** Number of values in a weight of this shape. */
export const weightSize = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
