/** The package's float32 Keras model, read from ORIGINAL_DIR and mapped onto our own unfolded ResNet-50 spec. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resnet50 } from '../../src/model/builders';
import type { NetworkSpec } from '../../src/model/spec';
import { ORIGINAL_DIR, fail } from './common';
import { matchKerasGraph, type KerasModelJson, type KerasWeights } from './keras-graph';

export interface KerasOriginal {
  /** Our unfolded spec the Keras weights fit: `resnet50({ strideOn: '1x1', convBias: true, bnEpsilon })`. */
  spec: NetworkSpec;
  bnEpsilon: number;
  /** Every weight of `spec`, by our name, float32 as stored in the package. */
  weights: Map<string, Float32Array>;
  /** Our weight name → the Keras weight it came from, for messages and the manifest's record. */
  sources: Map<string, string>;
}

/**
 * Reads the package's model.json and shards and maps every weight onto our own ResNet-50 spec by following the
 * Keras graph (inbound nodes), checking every layer's configuration on the way.
 */
export async function readKerasOriginal(dir = ORIGINAL_DIR): Promise<KerasOriginal> {
  const modelJson = JSON.parse(await readFile(join(dir, 'ResNet50/model.json'), 'utf8')) as KerasModelJson;
  const graph = modelJson.modelTopology.model_config?.config ?? modelJson.modelTopology.config;
  if (!graph?.layers) fail('model.json has no Keras functional model topology (modelTopology.model_config.config.layers)');

  // Keras weights, by their Keras name ("res2a_branch2a/kernel"), float32 in manifest order across the shards.
  const kerasWeights: KerasWeights = new Map();
  for (const group of modelJson.weightsManifest) {
    const parts = await Promise.all(group.paths.map((p) => readFile(join(dir, 'ResNet50', p))));
    const bytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    let offset = 0;
    for (const w of group.weights) {
      if (w.dtype !== 'float32' || w.quantization)
        fail(`Keras weight ${w.name} is ${w.dtype}${w.quantization ? ' (quantized)' : ''}; expected plain float32`);
      const n = w.shape.reduce((a, b) => a * b, 1);
      if (offset + 4 * n > bytes.length) fail(`the shards of ${group.paths.join(', ')} end before weight ${w.name}`);
      kerasWeights.set(w.name, { shape: w.shape, data: new Float32Array(bytes.buffer.slice(offset, offset + 4 * n)) });
      offset += 4 * n;
    }
    if (offset !== bytes.length) fail(`the shards hold ${bytes.length} bytes, the manifest describes ${offset}`);
  }

  const bn = graph.layers.filter((l) => l.class_name === 'BatchNormalization');
  const epsilons = new Set(bn.map((l) => l.config.epsilon));
  const bnEpsilon = [...epsilons][0];
  if (epsilons.size !== 1 || typeof bnEpsilon !== 'number')
    fail(`expected one BatchNorm epsilon for all layers, got ${JSON.stringify([...epsilons])}`);
  const spec = resnet50({ strideOn: '1x1', convBias: true, bnEpsilon });
  const { weights, sources } = matchKerasGraph(graph, kerasWeights, spec);
  return { spec, bnEpsilon, weights, sources };
}
