/**
 * Everything the ResNet-50 widgets (classifier, transfer learning) say to a reader about their input, in one place:
 * a specific sentence for each way an image can fail, what to do about it, and the gentle notes for odd-but-fine
 * images. Pure, unit-tested.
 */
import type { FileFormat } from './sniff';
import { formatBytes } from '../../lib/format';
import { formatMegapixels } from './format';
import { strings, type PhotoWords } from './photo/strings';

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

/** A format's name for the reader: the acronyms as they are, the few words (video, audio…) in the page's language. */
export const formatName = (f: FileFormat, t: PhotoWords = strings.en): string =>
  f === 'video' || f === 'audio' || f === 'text' || f === 'empty' || f === 'unknown' ? t[f] : FORMAT_NAMES[f];

/**
 * One or two sentences: what is wrong and what to do, in English unless given the page's words (`strings.here()` of
 * ./photo/strings.ts). `InputError.message` is always the English one.
 */
export function problemMessage(p: InputProblem, t: PhotoWords = strings.en): string {
  switch (p.code) {
    case 'empty':
      return t.emptyFile;
    case 'text':
      return t.textFile;
    case 'heic':
      return t.heic;
    case 'unsupported':
      return p.format === 'tiff' ? t.tiff : t.unsupported(formatName(p.format, t));
    case 'not-an-image':
      return p.format === 'unknown' ? t.unknownFormat : t.notAnImage(formatName(p.format, t), p.format === 'audio');
    case 'truncated':
      return t.truncated(formatName(p.format, t));
    case 'undecodable':
      return t.undecodable(formatName(p.format, t));
    case 'too-many-pixels':
      return t.tooManyPixels(p.width.toLocaleString('en-US'), p.height.toLocaleString('en-US'), formatMegapixels(p.width * p.height));
    case 'file-too-big':
      return t.fileTooBig(formatBytes(p.bytes), formatBytes(MAX_FILE_BYTES));
    case 'no-image-in-paste':
      return t.noImageInPaste;
    case 'dropped-link':
      return t.droppedLink;
    case 'sample-failed':
      return t.sampleFailed(p.status);
    case 'camera':
      switch (p.reason) {
        case 'unsupported':
          return t.cameraUnsupported;
        case 'denied':
          return t.cameraDenied;
        case 'not-found':
          return t.cameraNotFound;
        case 'busy':
          return t.cameraBusy;
        case 'failed':
          return t.cameraFailed(p.detail);
      }
  }
}

/** The message of an input error in the page's words (its `message` is the English one). */
export const inputErrorMessage = (err: InputError, t: PhotoWords = strings.en): string => problemMessage(err.problem, t);

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

export function noteMessage(n: InputNote, t: PhotoWords = strings.en): string {
  switch (n.code) {
    case 'tiny':
      return t.tiny(n.width, n.height);
    case 'downscaled':
      return t.downscaled(n.width, n.height, formatMegapixels(n.width * n.height), n.toWidth, n.toHeight);
    case 'animated':
      return t.animated;
    case 'vector':
      return t.vector;
  }
}
