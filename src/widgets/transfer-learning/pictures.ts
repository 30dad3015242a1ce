/**
 * Browser helpers for the reader's pictures: the files in a drop (folders walked), and small thumbnails. Nothing
 * full-size is kept: a thumbnail is a small PNG (64 px, or a sample's own 28 px), the original stays a File the browser
 * holds on disk. Thumbnails are PNGs shown in <img>, not canvases: each canvas on a page is a layer of its own for the
 * compositor, and with a thousand of them every frame during extraction took up to 270 ms of the main thread
 * (measured at 1,002 images: scripts/bench-transfer-browser.mjs).
 */
import { strings } from './strings';

export const THUMB = 64;

/** Every file in a drop, the contents of dropped folders included (webkitGetAsEntry, where the browser has it). */
export async function droppedFiles(dt: DataTransfer): Promise<File[]> {
  const entries = [...dt.items].map((it) => it.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0 || !entries.some((e) => e.isDirectory)) return [...dt.files];
  const out: File[] = [];
  const walk = async (e: FileSystemEntry): Promise<void> => {
    if (e.isFile) out.push(await new Promise<File>((res, rej) => (e as FileSystemFileEntry).file(res, rej)));
    else if (e.isDirectory) {
      const reader = (e as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const e of entries) await walk(e);
  return out;
}

function canvas(side: number): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const c = document.createElement('canvas');
  c.width = c.height = side;
  return [c, c.getContext('2d')!];
}

/** A canvas's pixels as a PNG. */
function png(c: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => c.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode a thumbnail'))), 'image/png'));
}

/** The centre square of a picture at 64 px, as a PNG (the bitmap is not closed: the caller owns it). */
export async function thumbnail(bitmap: ImageBitmap): Promise<Blob> {
  const s = Math.min(bitmap.width, bitmap.height);
  const small = await createImageBitmap(bitmap, (bitmap.width - s) / 2, (bitmap.height - s) / 2, s, s, { resizeWidth: THUMB, resizeHeight: THUMB, resizeQuality: 'medium' });
  const [c, ctx] = canvas(THUMB);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, THUMB, THUMB);
  ctx.drawImage(small, 0, 0);
  small.close();
  return png(c);
}

/** A grey side×side image (a Fashion-MNIST sample) as RGBA. */
export function greyToImageData(pixels: Uint8Array, side: number): ImageData {
  const rgba = new Uint8ClampedArray(side * side * 4);
  for (let i = 0; i < side * side; i++) {
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = pixels[i]!;
    rgba[4 * i + 3] = 255;
  }
  return new ImageData(rgba, side, side);
}

/** A sample's thumbnail: its own 28 px as a PNG, scaled up by CSS. */
export function greyThumbnail(pixels: Uint8Array, side: number): Promise<Blob> {
  const [c, ctx] = canvas(side);
  ctx.putImageData(greyToImageData(pixels, side), 0, 0);
  return png(c);
}

/** A thumbnail in its class's list (the picture at `url`), with a button that removes it. */
export function thumbItem(imageId: number, className: string, url: string, index: number): HTMLLIElement {
  const t = strings.here();
  const picture = Object.assign(document.createElement('img'), { src: url, alt: t.imageOf(index, className), decoding: 'async' });
  const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: '×', title: t.removeThisImage });
  remove.dataset.action = 'remove-image';
  remove.dataset.imageId = String(imageId);
  remove.setAttribute('aria-label', t.removeImageOf(index, className));
  const li = document.createElement('li');
  li.append(picture, remove);
  li.dataset.features = 'no';
  return li;
}
