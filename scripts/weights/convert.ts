/**
 * The conversion proper: the Keras float32 originals → BatchNorm folded → kernels quantised → shards, labels and
 * manifest.json in OUT_DIR.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NetworkSpec } from '../../src/model/spec';
import {
  CAFFE_MEAN_BGR,
  WEIGHTS_FORMAT,
  WEIGHTS_FORMAT_VERSION,
  manifestSpec,
  parseLabels,
  parseManifest,
  specWeightShapes,
} from '../../src/model/runtime/pretrained';
import type { ManifestModel, ManifestWeight, WeightsManifest } from '../../src/model/runtime/pretrained';
import { ORIGINAL_DIR, OUT_DIR, PACKAGE, PACKAGE_INTEGRITY, fail, log, sha256Hex } from './common';
import { foldBatchNorm } from './fold-bn';
import { readKerasOriginal } from './keras-original';
import { readableLabels } from './labels';
import { quantizePerChannel, worstQuantizationError } from './quantise';
import { ShardPacker, asBytes, shardFileName } from './shards';

const MAX_TOTAL_BYTES = 26 * 1000 * 1000;
const FOLDED_MODEL: ManifestModel = { builder: 'resnet50', options: { strideOn: '1x1', convBias: true, batchNorm: false } };

/**
 * One manifest entry per weight of `spec`, in its order, with the bytes placed in `pack`: vectors (biases) as
 * float32, kernels quantised per output channel (scale, then min, then the uint8 values).
 */
export function manifestWeights(spec: NetworkSpec, values: ReadonlyMap<string, Float64Array>, pack: ShardPacker): ManifestWeight[] {
  const entries: ManifestWeight[] = [];
  let worst = { name: '', err: 0 };
  for (const [name, shape] of specWeightShapes(spec)) {
    const v = values.get(name) ?? fail(`no value for ${name}`);
    if (shape.length === 1) {
      entries.push({ name, shape, dtype: 'float32', data: pack.place(asBytes(Float32Array.from(v))) });
      continue;
    }
    const quantized = quantizePerChannel(v, shape[shape.length - 1]!);
    const err = worstQuantizationError(v, quantized);
    if (err > worst.err) worst = { name, err };
    entries.push({
      name,
      shape,
      dtype: 'uint8',
      quantization: {
        scheme: 'affine-per-channel',
        axis: shape.length - 1,
        scale: pack.place(asBytes(quantized.scale)),
        min: pack.place(asBytes(quantized.min)),
      },
      data: pack.place(quantized.q),
    });
  }
  if (worst.err > 0.5 / 255 + 1e-6) fail(`quantization error ${worst.err} of the range in ${worst.name} exceeds half a step`);
  return entries;
}

/** Converts the originals in ORIGINAL_DIR and writes OUT_DIR, the manifest last. */
export async function convert(): Promise<{ bytes: number; shards: number }> {
  const original = await readKerasOriginal();
  log(`weights: matched all ${original.sources.size} Keras weights to ${original.spec.name} (BatchNorm epsilon ${original.bnEpsilon})`);
  const foldedSpec = manifestSpec(FOLDED_MODEL);
  const folded = foldBatchNorm(original.spec, original.weights, foldedSpec);
  const pack = new ShardPacker();
  const entries = manifestWeights(foldedSpec, folded, pack);

  const sourceJson = JSON.parse(await readFile(join(ORIGINAL_DIR, 'assets/labels.json'), 'utf8')) as unknown;
  const labelBytes = new TextEncoder().encode(`${JSON.stringify(parseLabels(readableLabels(sourceJson), 1000), null, 1)}\n`);
  const shardBytes = pack.shards();
  const shards = await Promise.all(
    shardBytes.map(async (b, i) => {
      const hash = await sha256Hex(b);
      return { file: shardFileName(i, shardBytes.length, hash), bytes: b.length, sha256: hash };
    }),
  );
  // Key order is the file's byte order: keep it, or every regenerated manifest differs from the last.
  const manifest: WeightsManifest = {
    format: WEIGHTS_FORMAT,
    formatVersion: WEIGHTS_FORMAT_VERSION,
    model: FOLDED_MODEL,
    preprocessing: { mode: 'caffe', channelOrder: 'BGR', mean: CAFFE_MEAN_BGR, resize: 256, crop: 224 },
    source: {
      package: PACKAGE,
      integrity: PACKAGE_INTEGRITY,
      origin: 'Keras Applications ResNet50, ImageNet weights, converted to TensorFlow.js by Paul Spende (2019)',
      license: 'MIT (LICENSE file, © 2019 Paul Spende); package.json says ISC',
      unfolded: { builder: 'resnet50', options: { strideOn: '1x1', convBias: true, bnEpsilon: original.bnEpsilon } },
      transforms: [
        'BatchNorm folded into the preceding convolution in float64',
        'conv and fc kernels quantized to uint8 per output channel (affine: min + q·scale), biases float32',
      ],
      generatedBy: 'scripts/weights.ts',
    },
    labels: { file: 'labels.json', bytes: labelBytes.length, sha256: await sha256Hex(labelBytes) },
    shards,
    weights: entries,
  };
  parseManifest(JSON.parse(JSON.stringify(manifest))); // the reader's own checks, before anything is written
  const total = shardBytes.reduce((a, b) => a + b.length, 0) + labelBytes.length;
  if (total > MAX_TOTAL_BYTES) fail(`the converted weights take ${total} bytes, over the ${MAX_TOTAL_BYTES}-byte budget`);

  await mkdir(OUT_DIR, { recursive: true });
  let written = 0;
  for (const [i, b] of shardBytes.entries()) {
    await writeFile(join(OUT_DIR, shards[i]!.file), b);
    written += b.length;
    log(`weights: wrote ${shards[i]!.file} (${written.toLocaleString('en')} / ${(total - labelBytes.length).toLocaleString('en')} bytes)`);
  }
  await writeFile(join(OUT_DIR, 'labels.json'), labelBytes);
  // The manifest goes last and atomically: a reader never sees one that names shards not yet written.
  await writeFile(join(OUT_DIR, 'manifest.json.tmp'), `${JSON.stringify(manifest, null, 1)}\n`);
  await rename(join(OUT_DIR, 'manifest.json.tmp'), join(OUT_DIR, 'manifest.json'));
  const keep = new Set(shards.map((s) => s.file));
  for (const f of await readdir(OUT_DIR)) if (/^group1-.*\.bin$/.test(f) && !keep.has(f)) await rm(join(OUT_DIR, f));
  return { bytes: total, shards: shards.length };
}
