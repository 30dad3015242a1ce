// The classifier widget's pure core: what a file is (from its bytes), what we tell the reader, the numbers we print,
// cache names, the decode size, and the class activation map on plain arrays.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { classActivationMap } from '../../src/model/runtime/cam';
import {
  argmax2d,
  channelPlane,
  colorize,
  describePosition,
  extent,
  gradientCss,
  mean,
  normalize,
  rgbToRgba,
  turbo,
  upsampleBilinear,
  viridis,
} from '../../src/widgets/shared/cam';
import {
  CACHE_PREFIX,
  DECODE_LONG_SIDE,
  DECODE_SHORT_SIDE,
  decodeSize,
  formatMegapixels,
  staleCacheNames,
  weightsCacheName,
} from '../../src/widgets/shared/format';
import { formatBytes, formatMs, formatProbability, formatProgress, formatShape } from '../../src/lib/format';
import {
  InputError,
  cameraProblem,
  formatProblem,
  noteMessage,
  problemMessage,
  type InputProblem,
} from '../../src/widgets/shared/messages';
import { exifOrientation, orientedSize, sniffImage } from '../../src/widgets/shared/sniff';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/bad-inputs/${name}`, import.meta.url)));
const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffing files by their bytes, not their names', () => {
  test('every committed odd input is recognised for what it is', () => {
    expect(sniffImage(fixture('empty.jpg')).format).toBe('empty');
    expect(sniffImage(fixture('notes-renamed.jpg')).format).toBe('text');
    expect(sniffImage(fixture('photo.heic'))).toMatchObject({ format: 'heic', brand: 'heic' });
    expect(sniffImage(fixture('chelsea-named.txt'))).toMatchObject({ format: 'jpeg', width: 385, height: 256, truncated: false });
    expect(sniffImage(fixture('grayscale.jpg'))).toMatchObject({ format: 'jpeg', width: 385, height: 256, truncated: false });
    expect(sniffImage(fixture('cmyk.jpg'))).toMatchObject({ format: 'jpeg', width: 385, height: 256, truncated: false });
    expect(sniffImage(fixture('16bit.png'))).toMatchObject({ format: 'png', width: 241, height: 160, truncated: false });
    expect(sniffImage(fixture('transparent.png'))).toMatchObject({ format: 'png', width: 513, height: 384, truncated: false });
    expect(sniffImage(fixture('1x1.png'))).toMatchObject({ format: 'png', width: 1, height: 1 });
    expect(sniffImage(fixture('huge-40mp.jpg'))).toMatchObject({ format: 'jpeg', width: 8000, height: 5000, truncated: false });
    expect(sniffImage(fixture('animated.gif'))).toMatchObject({ format: 'gif', animated: true });
    expect(sniffImage(fixture('drawing.svg')).format).toBe('svg');
  });

  test('a JPEG cut off mid-scan is truncated; the whole file is not', () => {
    const whole = fixture('chelsea-named.txt');
    expect(sniffImage(fixture('truncated.jpg'))).toMatchObject({ format: 'jpeg', truncated: true, width: 385, height: 256 });
    expect(sniffImage(whole).truncated).toBe(false);
    expect(sniffImage(whole.subarray(0, whole.length - 2)).truncated).toBe(true); // only the EOI marker missing
    // Bytes after the end-of-image marker (some phones append a video) do not matter.
    expect(sniffImage(new Uint8Array([...whole, 1, 2, 3, 0xff, 0x00])).truncated).toBe(false);
  });

  test('a PNG without its IEND chunk is truncated', () => {
    const png = fixture('1x1.png');
    expect(sniffImage(png).truncated).toBe(false);
    expect(sniffImage(png.subarray(0, png.length - 12)).truncated).toBe(true);
  });

  test('EXIF orientation 6 is read, and the upright size swaps width and height', () => {
    const s = sniffImage(fixture('exif-rotated.jpg'));
    expect(s).toMatchObject({ format: 'jpeg', width: 256, height: 385, orientation: 6, truncated: false });
    expect(orientedSize(256, 385, 6)).toEqual({ width: 385, height: 256 });
    expect(orientedSize(256, 385, 3)).toEqual({ width: 256, height: 385 });
  });

  test('little-endian EXIF and a missing orientation tag', () => {
    const le = bytes('II', [42, 0, 8, 0, 0, 0], [1, 0], [0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0], [0, 0, 0, 0]);
    expect(exifOrientation(le)).toBe(8);
    const none = bytes('II', [42, 0, 8, 0, 0, 0], [1, 0], [0x0f, 0x01, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0]);
    expect(exifOrientation(none)).toBe(0);
    expect(exifOrientation(bytes('XX'))).toBe(0);
  });

  test('headers of other formats', () => {
    const webpVp8x = bytes('RIFF', [22, 0, 0, 0], 'WEBPVP8X', [10, 0, 0, 0, 0x02, 0, 0, 0], [0x8f, 1, 0], [199, 0, 0]);
    expect(sniffImage(webpVp8x)).toMatchObject({ format: 'webp', width: 400, height: 200, animated: true, truncated: false });
    expect(sniffImage(webpVp8x.subarray(0, 28)).truncated).toBe(true);
    const bmp = bytes('BM', Array(16).fill(0), [0x20, 0, 0, 0], [0xf0, 0xff, 0xff, 0xff]);
    expect(sniffImage(bmp)).toMatchObject({ format: 'bmp', width: 32, height: 16 }); // negative height = top-down rows
    const gif = bytes('GIF89a', [10, 0, 20, 0], [0, 0, 0]);
    expect(sniffImage(gif)).toMatchObject({ format: 'gif', width: 10, height: 20, animated: false });
    const ftyp = (major: string, ...compat: string[]) => bytes([0, 0, 0, 16 + 4 * compat.length], 'ftyp', major, [0, 0, 0, 0], compat.join(''));
    expect(sniffImage(ftyp('avif', 'mif1', 'avif')).format).toBe('avif');
    expect(sniffImage(ftyp('mif1', 'mif1', 'heic')).format).toBe('heic');
    expect(sniffImage(ftyp('heix', 'mif1')).format).toBe('heic');
    expect(sniffImage(ftyp('isom', 'isom', 'mp41')).format).toBe('video');
    expect(sniffImage(ftyp('qt  ')).format).toBe('video');
    expect(sniffImage(bytes([0x49, 0x49, 0x2a, 0], Array(8).fill(0))).format).toBe('tiff');
    expect(sniffImage(bytes('%PDF-1.7\n%', [0xe2, 0xe3, 0xcf, 0xd3])).format).toBe('pdf');
    expect(sniffImage(bytes([0x50, 0x4b, 3, 4], Array(26).fill(0))).format).toBe('zip');
    expect(sniffImage(bytes('8BPS', [0, 1])).format).toBe('psd');
    expect(sniffImage(bytes([0xff, 0x0a, 0xfa])).format).toBe('jxl');
    expect(sniffImage(bytes([0, 0, 1, 0, 1, 0, 32, 32], Array(14).fill(0)))).toMatchObject({ format: 'ico', width: 32, height: 32 });
    expect(sniffImage(bytes([0x1a, 0x45, 0xdf, 0xa3, 1])).format).toBe('video');
    expect(sniffImage(bytes('ID3', [4, 0, 0])).format).toBe('audio');
  });

  test('text is text, SVG is SVG (with or without an XML prolog), random bytes are unknown', () => {
    expect(sniffImage(new TextEncoder().encode('\uFEFF<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')).format).toBe('svg');
    expect(sniffImage(new TextEncoder().encode('  <svg viewBox="0 0 1 1"></svg>')).format).toBe('svg');
    expect(sniffImage(new TextEncoder().encode('<html><body>not svg</body></html>')).format).toBe('text');
    expect(sniffImage(new TextEncoder().encode('Grüße, 写真じゃない\n')).format).toBe('text');
    expect(sniffImage(bytes([0, 1, 2, 3, 250, 251, 252, 7])).format).toBe('unknown');
  });
});

describe('what the reader is told', () => {
  test('each refused input gets its own message, naming the problem and what to do', () => {
    const cases: [InputProblem, RegExp][] = [
      [{ code: 'empty' }, /empty \(0 bytes\)/],
      [{ code: 'text' }, /holds text, not a picture/],
      [{ code: 'heic' }, /HEIC.*most browsers cannot decode.*Convert it to JPEG/],
      [{ code: 'truncated', format: 'jpeg' }, /This JPEG file is cut off/],
      [{ code: 'undecodable', format: 'png' }, /PNG.*could not decode it/],
      [{ code: 'unsupported', format: 'tiff' }, /TIFF or camera RAW.*Export it as JPEG/],
      [{ code: 'not-an-image', format: 'pdf' }, /This is a PDF file, not a picture/],
      [{ code: 'not-an-image', format: 'audio' }, /This is an audio file/],
      [{ code: 'too-many-pixels', width: 30000, height: 20000 }, /30,000 × 20,000 pixels \(600 MP\)/],
      [{ code: 'file-too-big', bytes: 150e6 }, /150\.0 MB/],
      [{ code: 'no-image-in-paste' }, /clipboard holds no picture/],
      [{ code: 'dropped-link' }, /another web page/],
      [{ code: 'camera', reason: 'denied' }, /not allowed/],
    ];
    const seen = new Set<string>();
    for (const [p, re] of cases) {
      const m = problemMessage(p);
      expect(m).toMatch(re);
      seen.add(m);
    }
    expect(seen.size).toBe(cases.length);
    expect(new InputError({ code: 'empty' }).message).toBe(problemMessage({ code: 'empty' }));
  });

  test('formats map to problems before decoding; decodable ones to none', () => {
    expect(formatProblem('empty')).toEqual({ code: 'empty' });
    expect(formatProblem('heic')).toEqual({ code: 'heic' });
    expect(formatProblem('video')).toEqual({ code: 'not-an-image', format: 'video' });
    expect(formatProblem('jxl')).toEqual({ code: 'unsupported', format: 'jxl' });
    for (const f of ['jpeg', 'png', 'gif', 'webp', 'bmp', 'avif', 'ico', 'svg'] as const) expect(formatProblem(f)).toBeNull();
  });

  test('camera errors by DOMException name', () => {
    expect(cameraProblem('NotAllowedError')).toEqual({ code: 'camera', reason: 'denied' });
    expect(cameraProblem('NotFoundError')).toEqual({ code: 'camera', reason: 'not-found' });
    expect(cameraProblem('NotReadableError')).toEqual({ code: 'camera', reason: 'busy' });
    expect(cameraProblem('TypeError', 'boom')).toEqual({ code: 'camera', reason: 'failed', detail: 'boom' });
  });

  test('a 1×1 image classifies with a warning; a 40-MP one with a calm note', () => {
    expect(noteMessage({ code: 'tiny', width: 1, height: 1 })).toMatch(/only 1 × 1 pixel\. .*means little/);
    const big = noteMessage({ code: 'downscaled', width: 8000, height: 5000, toWidth: 1638, toHeight: 1024 });
    expect(big).toMatch(/8000 × 5000 image \(40 MP\) was scaled to 1638 × 1024/);
    expect(big).not.toMatch(/error|fail|too large|warning|memory/i);
  });
});

describe('numbers on the page', () => {
  test('sizes and progress', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(14_517)).toBe('14.5 kB');
    expect(formatBytes(25_833_632)).toBe('25.8 MB');
    expect(formatProgress(12_345_678, 25_833_632)).toBe('12.3 / 25.8 MB');
    expect(formatProgress(30e6, 25_833_632)).toBe('25.8 / 25.8 MB');
    expect(() => formatBytes(-1)).toThrow(/-1/);
  });

  test('times, probabilities, megapixels, shapes', () => {
    expect(formatMs(4.56)).toBe('4.6 ms');
    expect(formatMs(312.4)).toBe('312 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(12_340)).toBe('12.3 s');
    expect(formatProbability(0.7395)).toBe('74.0%');
    expect(formatProbability(0.0004)).toBe('<0.1%');
    expect(formatProbability(0.9999)).toBe('100%');
    expect(formatProbability(0)).toBe('0.0%');
    expect(formatMegapixels(40e6)).toBe('40 MP');
    expect(formatMegapixels(1.2e6)).toBe('1.2 MP');
    expect(formatShape([56, 56, 256])).toBe('56×56×256');
  });

  test('the cache name follows the manifest hash; only our older caches are stale', () => {
    const hash = 'ab'.repeat(32);
    const name = weightsCacheName(hash);
    expect(name).toBe(`${CACHE_PREFIX}abababababababab`);
    expect(() => weightsCacheName('not-a-hash')).toThrow(/not-a-hash/);
    const old = weightsCacheName('cd'.repeat(32));
    expect(staleCacheNames([name, old, 'someone-elses-cache'], name)).toEqual([old]);
  });

  test('photos decode at most 1024 px on the short side, 4096 on the long side; small ones unchanged', () => {
    expect(decodeSize(385, 256)).toEqual({ width: 385, height: 256, scaled: false });
    expect(decodeSize(1, 1)).toEqual({ width: 1, height: 1, scaled: false });
    expect(decodeSize(8000, 5000)).toEqual({ width: 1638, height: DECODE_SHORT_SIDE, scaled: true });
    expect(decodeSize(5000, 8000)).toEqual({ width: DECODE_SHORT_SIDE, height: 1638, scaled: true });
    const pano = decodeSize(40000, 2000);
    expect(pano.width).toBe(DECODE_LONG_SIDE);
    expect(pano.height).toBe(205);
    expect(decodeSize(100000, 1)).toEqual({ width: DECODE_LONG_SIDE, height: 1, scaled: true });
    expect(() => decodeSize(0, 5)).toThrow(/0×5/);
  });
});

describe('class activation maps on plain arrays', () => {
  test('CAM_c(x, y) = Σ_k w_k · f_k(x, y), and its mean plus the bias is the logit of global-average-pool + fc', () => {
    const [h, w, k] = [2, 3, 4];
    const f = Float32Array.from({ length: h * w * k }, (_, i) => ((i * 7) % 11) - 3); // HWC
    const wc = Float32Array.from([0.5, -1, 2, 0.25]);
    const cam = classActivationMap(f, h, w, k, wc);
    for (let p = 0; p < h * w; p++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += wc[c]! * f[p * k + c]!;
      expect(cam[p]).toBeCloseTo(s, 5);
    }
    // Global average pooling then the fc layer gives the same number as averaging the map.
    const pooled = Array.from({ length: k }, (_, c) => mean(Array.from({ length: h * w }, (_, p) => f[p * k + c]!)));
    const bias = 0.3;
    const logit = pooled.reduce((a, v, c) => a + v * wc[c]!, bias);
    expect(mean(cam) + bias).toBeCloseTo(logit, 5);
    expect(() => classActivationMap(f, h, w, k, wc.subarray(1))).toThrow(/3 weights for 4 channels/);
  });

  test('normalize maps the extent to 0..1, clamps, and flattens a constant map to zeros', () => {
    const v = [2, 4, 6];
    const { min, max } = extent(v);
    expect([min, max]).toEqual([2, 6]);
    expect(Array.from(normalize(v, min, max))).toEqual([0, 0.5, 1]);
    expect(Array.from(normalize([-1, 10], 0, 5))).toEqual([0, 1]);
    expect(Array.from(normalize([3, 3], 3, 3))).toEqual([0, 0]);
  });

  test('bilinear upsampling with half-pixel centres: 7×7 → 224×224 keeps cell centres and constant maps', () => {
    const src = Float32Array.from({ length: 49 }, (_, i) => i);
    const up = upsampleBilinear(src, 7, 7, 224, 224);
    expect(up.length).toBe(224 * 224);
    // The centre of cell (r, c) sits between output pixels 32r+15 and 32r+16: their average is the cell's value.
    const at = (y: number, x: number) => up[y * 224 + x]!;
    const centre = (r: number, c: number) =>
      (at(32 * r + 15, 32 * c + 15) + at(32 * r + 15, 32 * c + 16) + at(32 * r + 16, 32 * c + 15) + at(32 * r + 16, 32 * c + 16)) / 4;
    expect(centre(3, 4)).toBeCloseTo(3 * 7 + 4, 5);
    expect(at(0, 0)).toBe(0); // clamped at the edge
    expect(at(223, 223)).toBe(48);
    expect(Array.from(upsampleBilinear(new Float32Array(4).fill(2.5), 2, 2, 5, 3)).every((v) => v === 2.5)).toBe(true);
  });

  test('colormaps run from dark blue/purple to red/yellow; colorize writes RGBA with the alpha given', () => {
    expect(Math.max(...turbo(0))).toBeLessThan(60); // starts near black
    expect(turbo(0.15)[2]).toBeGreaterThan(turbo(0.15)[0] + 100); // blue
    expect(turbo(0.9)[0]).toBeGreaterThan(turbo(0.9)[2] + 100); // red
    viridis(0).forEach((v, i) => expect(Math.abs(v - [68, 1, 84][i]!)).toBeLessThanOrEqual(4)); // matplotlib's #440154
    expect(viridis(1)[0]).toBeGreaterThan(200); // yellow
    const px = colorize([0, 1], viridis, 128);
    expect(Array.from(px.subarray(0, 4))).toEqual([...viridis(0), 128]);
    expect(px[7]).toBe(128);
    expect(gradientCss(turbo, 3)).toMatch(/^linear-gradient\(to right, rgb\(\d+ \d+ \d+\) 0%, .* 100%\)$/);
  });

  test('channel planes, RGBA conversion, the peak and its position in words', () => {
    const data = Float32Array.from([1, 10, 2, 20, 3, 30, 4, 40]); // 2×2 grid, 2 channels, HWC
    expect(Array.from(channelPlane(data, 2, 2, 2, 1))).toEqual([10, 20, 30, 40]);
    expect(() => channelPlane(data, 2, 2, 2, 2)).toThrow(/channel 2 of 2/);
    expect(Array.from(rgbToRgba([1, 2, 3, 4, 5, 6]))).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    expect(argmax2d([0, 1, 9, 2, 3, 4], 3)).toEqual({ row: 0, col: 2 });
    expect(describePosition(0, 6, 7, 7)).toBe('top right');
    expect(describePosition(3, 3, 7, 7)).toBe('centre');
    expect(describePosition(6, 3, 7, 7)).toBe('bottom');
    expect(describePosition(3, 0, 7, 7)).toBe('middle left');
  });
});
