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

const weight = (layer: string, suffix: string, shape: number[], role: WeightRole, init: WeightInit): LayerWeight => ({
  name: `${layer}.${suffix}`,
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
      const kernel = weight(layer.name, 'weight', [layer.kernel, layer.kernel, layer.inChannels / layer.groups, layer.outChannels], 'kernel', 'he');
      return layer.bias ? [kernel, weight(layer.name, 'bias', [layer.outChannels], 'bias', 'zeros')] : [kernel];
    }
    case 'batchnorm': {
      const c = [layer.channels];
      return [
        // γ = 0 makes a residual block start as the identity (zeroGamma).
        weight(layer.name, 'weight', c, 'gamma', layer.zeroGamma ? 'zeros' : 'ones'),
        weight(layer.name, 'bias', c, 'beta', 'zeros'),
        weight(layer.name, 'running_mean', c, 'running_mean', 'zeros'),
        weight(layer.name, 'running_var', c, 'running_var', 'ones'),
      ];
    }
    case 'dense': {
      const kernel = weight(layer.name, 'weight', [layer.inUnits, layer.units], 'kernel', 'lecun');
      return layer.bias ? [kernel, weight(layer.name, 'bias', [layer.units], 'bias', 'zeros')] : [kernel];
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
