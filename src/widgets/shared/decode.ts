/**
 * A reader's file → an upright, size-capped ImageBitmap ready to hand to the worker, or an `InputError` that says
 * exactly what is wrong. Browser-only (createImageBitmap, <img> for SVG); the decisions are made by the pure
 * `sniffImage`, `formatProblem` and `decodeSize`, which are unit-tested.
 */
import { decodeSize } from './format';
import { InputError, MAX_FILE_BYTES, MAX_PIXELS, TINY_SIDE, formatProblem, type InputNote } from './messages';
import { DECODABLE_FORMATS, orientedSize, sniffImage, type DecodableFormat } from './sniff';

export interface Decoded {
  /** Upright, at most `decodeSize` large. The receiver closes it. */
  bitmap: ImageBitmap;
  /** 'camera' for a snapshot; 'heic' where the browser decodes it (Safari). */
  format: DecodableFormat | 'heic' | 'camera';
  /** Upright size of the original picture. */
  width: number;
  height: number;
  notes: InputNote[];
  decodeMs: number;
}

/** SVGs are drawn with their short side this long (they have no pixels of their own). */
const SVG_SHORT_SIDE = 512;

const MIME: Record<DecodableFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  svg: 'image/svg+xml',
};

function sizeNotes(width: number, height: number, bitmap: ImageBitmap): InputNote[] {
  const notes: InputNote[] = [];
  if (Math.min(width, height) < TINY_SIDE) notes.push({ code: 'tiny', width, height });
  if (bitmap.width < width || bitmap.height < height) {
    notes.push({ code: 'downscaled', width, height, toWidth: bitmap.width, toHeight: bitmap.height });
  }
  return notes;
}

/** Decodes any file or blob; throws `InputError` with a specific message for anything we cannot classify. */
export async function decodeImage(blob: Blob): Promise<Decoded> {
  const t0 = performance.now();
  if (blob.size > MAX_FILE_BYTES) throw new InputError({ code: 'file-too-big', bytes: blob.size });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const sniffed = sniffImage(bytes);
  // Safari (17+) decodes HEIC, no other browser does: try, and explain (convert to JPEG) when it fails.
  if (sniffed.format === 'heic') return { ...(await decodeHeic(bytes)), decodeMs: performance.now() - t0 };
  const problem = formatProblem(sniffed.format);
  if (problem) throw new InputError(problem);
  if (!DECODABLE_FORMATS.has(sniffed.format)) throw new InputError({ code: 'not-an-image', format: 'unknown' });
  const format = sniffed.format as DecodableFormat;
  if (sniffed.truncated) throw new InputError({ code: 'truncated', format });

  const typed = new Blob([bytes], { type: MIME[format] }); // the type from the bytes, not from the file name
  if (format === 'svg') return { ...(await rasterizeSvg(typed)), decodeMs: performance.now() - t0 };

  let upright: { width: number; height: number } | undefined;
  if (sniffed.width && sniffed.height) {
    upright = orientedSize(sniffed.width, sniffed.height, sniffed.orientation);
    if (upright.width * upright.height > MAX_PIXELS) throw new InputError({ code: 'too-many-pixels', ...upright });
  }
  const options: ImageBitmapOptions = { imageOrientation: 'from-image', premultiplyAlpha: 'none' };
  if (upright) {
    const target = decodeSize(upright.width, upright.height);
    // One side only: the browser keeps the aspect ratio itself, so a rotation we did not foresee cannot distort.
    if (target.scaled) Object.assign(options, { resizeWidth: target.width, resizeQuality: 'high' });
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(typed, options);
  } catch {
    throw new InputError({ code: 'undecodable', format });
  }
  if (bitmap.width < 1 || bitmap.height < 1) {
    bitmap.close();
    throw new InputError({ code: 'undecodable', format });
  }
  // The original's upright size: the decoded one unless we asked for a smaller decode.
  const scaled = options.resizeWidth !== undefined;
  const width = scaled && upright ? upright.width : bitmap.width;
  const height = scaled && upright ? upright.height : bitmap.height;
  // No size in the header (rare formats): cap after decoding instead.
  if (!upright) {
    const target = decodeSize(bitmap.width, bitmap.height);
    if (target.scaled) {
      const small = await createImageBitmap(bitmap, { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' });
      bitmap.close();
      bitmap = small;
    }
  }
  const notes = sizeNotes(width, height, bitmap);
  if (sniffed.animated) notes.push({ code: 'animated' });
  return { bitmap, format, width, height, notes, decodeMs: performance.now() - t0 };
}

async function decodeHeic(bytes: Uint8Array<ArrayBuffer>): Promise<Omit<Decoded, 'decodeMs'>> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/heic' }), { imageOrientation: 'from-image' });
  } catch {
    throw new InputError({ code: 'heic' });
  }
  const { width, height } = bitmap;
  const target = decodeSize(width, height);
  if (target.scaled) {
    const small = await createImageBitmap(bitmap, { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' });
    bitmap.close();
    bitmap = small;
  }
  return { bitmap, format: 'heic', width, height, notes: sizeNotes(width, height, bitmap) };
}

/** SVG: browsers decode it only as an <img>; draw it on a canvas at a useful size. Scripts and external loads never run. */
async function rasterizeSvg(blob: Blob): Promise<Omit<Decoded, 'decodeMs'>> {
  const url = URL.createObjectURL(blob);
  try {
    const img = new Image();
    img.src = url;
    try {
      await img.decode();
    } catch {
      throw new InputError({ code: 'undecodable', format: 'svg' });
    }
    // Without width/height attributes an SVG may report 0 × 0 or the 300 × 150 default: fall back to a square.
    const w = img.naturalWidth || SVG_SHORT_SIDE;
    const h = img.naturalHeight || SVG_SHORT_SIDE;
    const s = SVG_SHORT_SIDE / Math.min(w, h);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(w * s));
    canvas.height = Math.max(1, Math.round(h * s));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new InputError({ code: 'undecodable', format: 'svg' });
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const bitmap = await createImageBitmap(canvas);
    return { bitmap, format: 'svg', width: w, height: h, notes: [{ code: 'vector' }] };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A snapshot of the camera's current frame. */
export async function snapshot(video: HTMLVideoElement): Promise<Decoded> {
  const t0 = performance.now();
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (!w || !h) throw new InputError({ code: 'camera', reason: 'failed', detail: 'no frame yet' });
  const target = decodeSize(w, h);
  const bitmap = await createImageBitmap(video, target.scaled ? { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' } : {});
  return { bitmap, format: 'camera', width: w, height: h, notes: sizeNotes(w, h, bitmap), decodeMs: performance.now() - t0 };
}
