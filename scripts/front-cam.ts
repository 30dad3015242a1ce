/**
 * The front page's class activation map: the pretrained ResNet-50 (`loadResNet50()`, the same handle the classifier
 * widget's worker uses) classifies a sample photo in Node, and the CAM of its top class (Zhou et al. 2016) is blended
 * over the 224 × 224 crop the network saw, the way the widget draws it (turbo colormap, min–max normalised, 50 %).
 * Writes a small PNG and a JSON with what the caption states (class, probability, where the map peaks), so the
 * page reads them instead of having them typed in.
 *
 *   npx tsx scripts/front-cam.ts            # src/data/front/chelsea-cam.{png,json}
 *
 * The photo is read from the PNG the sample JPEG was saved from (tests/fixtures/images/chelsea.png, the same
 * picture as public/samples/chelsea.jpg; see public/samples/CREDITS.md), because pngjs decodes PNG only.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { loadResNet50 } from '../src/model/runtime/resnet50';
import { argmax2d, colorize, describePosition, extent, normalize, turbo, upsampleBilinear } from '../src/widgets/shared/cam';
import { ROOT, describeBackend, environment, log, parseFlags, round, runMain, setupBackend, usage } from './lib/cli';

/** How much of the map shows over the photo: the classifier widget's default opacity slider value. */
const OPACITY = 0.5;

async function main(argv: string[]): Promise<number> {
  const { string, num } = parseFlags(argv, { known: ['photo', 'sample', 'out', 'opacity'] });
  const photoPath = resolve(ROOT, string('photo', 'tests/fixtures/images/chelsea.png'));
  // The public sample photo this picture is (its credit and description are in the classifier's samples.ts).
  const sample = string('sample', 'samples/chelsea.jpg');
  const out = resolve(ROOT, string('out', 'src/data/front/chelsea-cam'));
  const opacity = num('opacity', OPACITY);
  if (!(opacity >= 0 && opacity <= 1)) usage(`--opacity must be in 0…1, got ${opacity}`);

  const env = await setupBackend('wasm');
  const png = PNG.sync.read(await readFile(photoPath));
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) rgb.set(png.data.subarray(i, i + 3), j);
  const image = tf.tensor3d(rgb, [png.height, png.width, 3], 'int32');

  const net = await loadResNet50({ baseUrl: join(ROOT, 'public/weights/resnet50'), fetchBytes: (p) => readFile(p) });
  try {
    log(`ResNet-50 on ${describeBackend(env)}: ${relative(ROOT, photoPath)} (${png.width}×${png.height})`);
    const seen = await net.inspect(image, { k: 5, channelsPerStage: 1 });
    const top = seen.top[0]!;
    const cam = await net.cam(image, top.classId);
    const size = seen.cropSize;
    const { min, max } = extent(cam.map);
    const heat = colorize(upsampleBilinear(normalize(cam.map, min, max), cam.h, cam.w, size, size), turbo);
    const overlay = new PNG({ width: size, height: size });
    for (let i = 0; i < size * size; i++) {
      for (let c = 0; c < 3; c++) overlay.data[4 * i + c] = Math.round((1 - opacity) * seen.crop[3 * i + c]! + opacity * heat[4 * i + c]!);
      overlay.data[4 * i + 3] = 255;
    }
    const peak = argmax2d(cam.map, cam.w);
    await mkdir(resolve(out, '..'), { recursive: true });
    const pngBytes = PNG.sync.write(overlay, { colorType: 2 });
    await writeFile(`${out}.png`, pngBytes);
    const record = {
      format: 'front-cam/1',
      command: `npx tsx scripts/front-cam.ts${argv.length ? ` ${argv.join(' ')}` : ''}`,
      date: new Date().toISOString(),
      photo: relative(ROOT, photoPath),
      sample,
      image: basename(`${out}.png`),
      cropSize: size,
      opacity,
      colormap: 'turbo, min–max normalised',
      top: seen.top.map((t) => ({ classId: t.classId, label: t.label, probability: round(t.probability, 6) })),
      cam: { classId: cam.classId, label: cam.label, probability: round(cam.probability, 6), h: cam.h, w: cam.w, peak, where: describePosition(peak.row, peak.col, cam.h, cam.w) },
      environment: environment(env),
    };
    await writeFile(`${out}.json`, `${JSON.stringify(record, null, 2)}\n`);
    log(`top class ${top.label} (${(100 * top.probability).toFixed(1)} %), map strongest in the ${record.cam.where}; wrote ${relative(ROOT, out)}.png (${pngBytes.length} bytes) and .json`);
    return 0;
  } finally {
    net.dispose();
    image.dispose();
  }
}

runMain(main);
