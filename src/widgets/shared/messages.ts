/**
 * Everything the ResNet-50 widgets (classifier, transfer learning) say to a reader about their input, in one place:
 * a specific sentence for each way an image can fail, what to do about it, and the gentle notes for odd-but-fine
 * images. Pure, unit-tested.
 */
import type { FileFormat } from './sniff';
import { formatBytes } from '../../lib/format';
import { formatMegapixels } from './format';

/** Why an input cannot be classified. Each has its own message. */
export type InputProblem =
  | { code: 'empty' }
  | { code: 'text' }
  | { code: 'heic' }
  | { code: 'unsupported'; format: 'tiff' | 'jxl' | 'psd' }
  | { code: 'not-an-image'; format: 'pdf' | 'video' | 'audio' | 'zip' | 'unknown' }
  | { code: 'truncated'; format: FileFormat }
  | { code: 'undecodable'; format: FileFormat }
  | { code: 'too-many-pixels'; width: number; height: number }
  | { code: 'file-too-big'; bytes: number }
  | { code: 'no-image-in-paste' }
  | { code: 'dropped-link' }
  | { code: 'sample-failed'; status: number | null }
  | { code: 'camera'; reason: 'unsupported' | 'denied' | 'not-found' | 'busy' | 'failed'; detail?: string };

/** An input problem as an Error, so decoding code can throw it and the widget can show `message`. */
export class InputError extends Error {
  readonly problem: InputProblem;
  constructor(problem: InputProblem) {
    super(problemMessage(problem));
    this.name = 'InputError';
    this.problem = problem;
  }
}

/** Bigger files are refused before reading them: no photo needs this much, and reading it could exhaust memory. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Decoding more pixels than this (4 bytes each) risks running a phone's browser out of memory. */
export const MAX_PIXELS = 250e6;
/** Below this short side the picture carries almost no information once stretched to 224×224. */
export const TINY_SIDE = 32;

const FORMAT_NAMES: Record<FileFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  avif: 'AVIF',
  ico: 'ICO',
  svg: 'SVG',
  heic: 'HEIC',
  tiff: 'TIFF',
  jxl: 'JPEG XL',
  psd: 'Photoshop',
  pdf: 'PDF',
  video: 'video',
  audio: 'audio',
  zip: 'ZIP',
  text: 'text',
  empty: 'empty',
  unknown: 'unknown',
};

export const formatName = (f: FileFormat): string => FORMAT_NAMES[f];

const TRY = 'Try a JPEG, PNG, WebP or GIF.';

/** One or two sentences: what is wrong and what to do. */
export function problemMessage(p: InputProblem): string {
  switch (p.code) {
    case 'empty':
      return 'This file is empty (0 bytes), so there is no picture to classify. Pick the photo again, or a different one.';
    case 'text':
      return `This file holds text, not a picture, whatever its name says. ${TRY}`;
    case 'heic':
      return 'This is a HEIC/HEIF photo (the iPhone’s default format), which most browsers cannot decode. Convert it to JPEG first: on an iPhone, share it as JPEG or set Settings → Camera → Formats → Most Compatible; on a computer, open it and export as JPEG.';
    case 'unsupported':
      return p.format === 'tiff'
        ? `This is a TIFF or camera RAW file, which browsers cannot decode. Export it as JPEG or PNG first.`
        : `Browsers cannot decode ${formatName(p.format)} files. Export it as JPEG or PNG first.`;
    case 'not-an-image':
      return p.format === 'unknown'
        ? `This file is not an image format a browser knows (its first bytes match none). ${TRY}`
        : `This is a${p.format === 'audio' ? 'n' : ''} ${formatName(p.format)} file, not a picture. ${TRY}`;
    case 'truncated':
      return `This ${formatName(p.format)} file is cut off: it ends before the picture does (an incomplete download or copy?). Download or export it again.`;
    case 'undecodable':
      return `This looks like a ${formatName(p.format)} file, but your browser could not decode it: it is probably damaged. Try re-saving it, or a different photo.`;
    case 'too-many-pixels':
      return `This image is ${p.width.toLocaleString('en-US')} × ${p.height.toLocaleString('en-US')} pixels (${formatMegapixels(p.width * p.height)}), more than a browser can safely decode. Resize it to a few megapixels first.`;
    case 'file-too-big':
      return `This file is ${formatBytes(p.bytes)}; files over ${formatBytes(MAX_FILE_BYTES)} are not read. Resize or re-compress the photo first.`;
    case 'no-image-in-paste':
      return 'The clipboard holds no picture. Copy an image (not its file name or a link), then paste again.';
    case 'dropped-link':
      return 'That was a link or a picture from another web page, which this page is not allowed to read. Save the picture to your device first, then drop or choose the file.';
    case 'sample-failed':
      return `The sample photo could not be loaded${p.status ? ` (HTTP ${p.status})` : ''}. Check your connection, or use one of your own.`;
    case 'camera':
      switch (p.reason) {
        case 'unsupported':
          return 'This browser gives no camera access here (it needs a secure https:// page and camera support).';
        case 'denied':
          return 'Camera access was not allowed. Allow it in the browser’s site settings to take a snapshot, or pick a file instead.';
        case 'not-found':
          return 'No camera was found on this device.';
        case 'busy':
          return 'The camera is in use by another application, or could not be started.';
        case 'failed':
          return `The camera could not be started${p.detail ? ` (${p.detail})` : ''}.`;
      }
  }
}

/** The problem a sniffed format is, before any decoding; null when a browser can try to decode it. */
export function formatProblem(format: FileFormat): InputProblem | null {
  switch (format) {
    case 'empty':
      return { code: 'empty' };
    case 'text':
      return { code: 'text' };
    case 'heic':
      return { code: 'heic' };
    case 'tiff':
    case 'jxl':
    case 'psd':
      return { code: 'unsupported', format };
    case 'pdf':
    case 'video':
    case 'audio':
    case 'zip':
    case 'unknown':
      return { code: 'not-an-image', format };
    default:
      return null;
  }
}

/** Maps a getUserMedia rejection (a DOMException name) to what we tell the reader. */
export function cameraProblem(errorName: string, detail?: string): InputProblem {
  switch (errorName) {
    case 'NotAllowedError':
    case 'SecurityError':
      return { code: 'camera', reason: 'denied' };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { code: 'camera', reason: 'not-found' };
    case 'NotReadableError':
    case 'AbortError':
      return { code: 'camera', reason: 'busy' };
    default:
      return { code: 'camera', reason: 'failed', detail };
  }
}

/** Notes about images that classify fine but deserve a word. */
export type InputNote =
  | { code: 'tiny'; width: number; height: number }
  | { code: 'downscaled'; width: number; height: number; toWidth: number; toHeight: number }
  | { code: 'animated' }
  | { code: 'vector' };

export function noteMessage(n: InputNote): string {
  switch (n.code) {
    case 'tiny':
      return `This image is only ${n.width} × ${n.height} pixel${n.width * n.height === 1 ? '' : 's'}. ResNet-50 sees it stretched to 224 × 224, so it has almost nothing to go on: the answer below means little.`;
    case 'downscaled':
      return `Your ${n.width} × ${n.height} image (${formatMegapixels(n.width * n.height)}) was scaled to ${n.toWidth} × ${n.toHeight} while decoding; the network only looks at 224 × 224 anyway.`;
    case 'animated':
      return 'This image is animated; only its first frame is classified.';
    case 'vector':
      return 'This is a vector drawing (SVG); it was drawn as pixels first.';
  }
}
