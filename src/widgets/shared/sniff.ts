/**
 * What a file really is, from its bytes (never its name or MIME type, which the reader's OS guesses from the name):
 * the format, the pixel size and EXIF orientation where the header says, and whether the file ends where its own
 * structure says it should (a cut-off download decodes to a half-grey picture in some browsers, silently).
 *
 * Pure: bytes in, facts out. No DOM.
 */

/** Formats a browser decodes (Chromium, Firefox and Safari all do, SVG through an <img>). */
export type DecodableFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif' | 'ico' | 'svg';

/** Everything we recognise, decodable or not. */
export type FileFormat =
  | DecodableFormat
  | 'heic'
  | 'tiff'
  | 'jxl'
  | 'psd'
  | 'pdf'
  | 'video'
  | 'audio'
  | 'zip'
  | 'text'
  | 'empty'
  | 'unknown';

export const DECODABLE_FORMATS: ReadonlySet<FileFormat> = new Set<DecodableFormat>(['jpeg', 'png', 'gif', 'webp', 'bmp', 'avif', 'ico', 'svg']);

export interface Sniffed {
  format: FileFormat;
  /** Stored pixel size, where the header gives it (before EXIF orientation). */
  width?: number;
  height?: number;
  /** EXIF orientation 1..8 (JPEG only; 1 = as stored). 5..8 swap width and height. */
  orientation: number;
  /** The file stops before its end marker (JPEG EOI, PNG IEND, or a RIFF/WebP size longer than the file). */
  truncated: boolean;
  /** More than one frame (animated GIF, APNG, animated WebP): only the first is classified. */
  animated: boolean;
  /** For ISO-BMFF files (HEIC, AVIF, MP4 …): the major brand, e.g. "heic". */
  brand?: string;
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const i32le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

/** Identifies a whole file's bytes. Reads every byte of a JPEG or PNG (to find the end marker); the rest only headers. */
export function sniffImage(bytes: Uint8Array): Sniffed {
  const base: Sniffed = { format: 'unknown', orientation: 1, truncated: false, animated: false };
  const b = bytes;
  if (b.length === 0) return { ...base, format: 'empty' };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { ...base, ...parseJpeg(b) };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ...base, ...parsePng(b) };
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return { ...base, ...parseGif(b) };
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF') {
    const kind = ascii(b, 8, 4);
    if (kind === 'WEBP') return { ...base, ...parseWebp(b) };
    if (kind === 'AVI ') return { ...base, format: 'video' };
    if (kind === 'WAVE') return { ...base, format: 'audio' };
  }
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') return { ...base, ...parseFtyp(b) };
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM') {
    return { ...base, format: 'bmp', width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
  }
  if (startsWith(b, [0, 0, 1, 0]) && b.length >= 22) {
    // ICO: first directory entry; 0 means 256.
    return { ...base, format: 'ico', width: b[6] || 256, height: b[7] || 256 };
  }
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return { ...base, format: 'tiff' };
  if (startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) return { ...base, format: 'jxl' };
  if (ascii(b, 0, 4) === '8BPS') return { ...base, format: 'psd' };
  if (ascii(b, 0, 5) === '%PDF-') return { ...base, format: 'pdf' };
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return { ...base, format: 'zip' };
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return { ...base, format: 'video' }; // Matroska / WebM
  if (ascii(b, 0, 4) === 'OggS' || ascii(b, 0, 3) === 'ID3' || ascii(b, 0, 4) === 'fLaC') return { ...base, format: 'audio' };
  const text = asText(b);
  if (text !== null) return { ...base, format: looksLikeSvg(text) ? 'svg' : 'text' };
  return base;
}

/** The first 4 KB as text, or null when they hold control bytes or invalid UTF-8 (i.e. the file is binary). */
function asText(b: Uint8Array): string | null {
  // Cut at a character boundary: drop a trailing partial UTF-8 sequence.
  let end = Math.min(b.length, 4096);
  if (end < b.length) while (end > 0 && (b[end]! & 0xc0) === 0x80) end--;
  let s: string;
  try {
    s = new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, end));
  } catch {
    return null;
  }
  // Tab, LF, CR and form feed are fine; other C0 controls and DEL mean binary.
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(s) ? null : s;
}

function looksLikeSvg(text: string): boolean {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (!/^(<\?xml|<svg|<!--|<!DOCTYPE svg)/i.test(t)) return false;
  return /<svg[\s>]/i.test(t);
}

// --- JPEG ------------------------------------------------------------------------------------------------------------

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * Walks the marker segments from SOI to EOI. After each SOS (start of scan) the entropy-coded data runs to the next
 * marker that is not a stuffed 0xFF00 or a restart marker. No EOI before the bytes run out → truncated. Bytes after
 * EOI (some phones append a video) are ignored.
 */
function parseJpeg(b: Uint8Array): Partial<Sniffed> {
  const out: Partial<Sniffed> = { format: 'jpeg', truncated: true };
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) {
      i++; // tolerate garbage between segments, as decoders do
      continue;
    }
    while (i < b.length && b[i] === 0xff) i++; // fill bytes
    if (i >= b.length) break;
    const marker = b[i]!;
    i++;
    if (marker === 0xd9) {
      out.truncated = false;
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue; // no length field
    if (i + 2 > b.length) break;
    const len = u16be(b, i);
    if (len < 2 || i + len > b.length) break;
    const seg = i + 2;
    if (SOF_MARKERS.has(marker) && len >= 7 && out.width === undefined) {
      out.height = u16be(b, seg + 1);
      out.width = u16be(b, seg + 3);
    } else if (marker === 0xe1 && len >= 16 && ascii(b, seg, 6) === 'Exif\0\0') {
      const o = exifOrientation(b.subarray(seg + 6, i + len));
      if (o) out.orientation = o;
    }
    i += len;
    if (marker === 0xda) {
      // Entropy-coded data: skip to the next real marker.
      while (i < b.length) {
        if (b[i] === 0xff && i + 1 < b.length) {
          const next = b[i + 1]!;
          if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
        }
        i++;
      }
    }
  }
  return out;
}

/** Orientation tag (0x0112) of IFD0 in a TIFF-structured EXIF block, or 0 when absent or malformed. */
export function exifOrientation(tiff: Uint8Array): number {
  if (tiff.length < 8) return 0;
  const order = ascii(tiff, 0, 2);
  if (order !== 'II' && order !== 'MM') return 0;
  const le = order === 'II';
  const u16 = (at: number) => (le ? u16le(tiff, at) : u16be(tiff, at));
  const u32 = (at: number) => (le ? (u16le(tiff, at) | (u16le(tiff, at + 2) << 16)) >>> 0 : u32be(tiff, at));
  if (u16(2) !== 42) return 0;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return 0;
  const entries = u16(ifd);
  for (let e = 0; e < entries; e++) {
    const at = ifd + 2 + 12 * e;
    if (at + 12 > tiff.length) return 0;
    if (u16(at) === 0x0112) {
      const v = u16(at + 8);
      return v >= 1 && v <= 8 ? v : 0;
    }
  }
  return 0;
}

// --- PNG -------------------------------------------------------------------------------------------------------------

function parsePng(b: Uint8Array): Partial<Sniffed> {
  const out: Partial<Sniffed> = { format: 'png', truncated: true };
  let i = 8;
  while (i + 8 <= b.length) {
    const len = u32be(b, i);
    const type = ascii(b, i + 4, 4);
    if (type === 'IHDR' && i + 16 <= b.length) {
      out.width = u32be(b, i + 8);
      out.height = u32be(b, i + 12);
    }
    if (type === 'acTL') out.animated = true;
    const next = i + 12 + len;
    if (next > b.length) break;
    if (type === 'IEND') {
      out.truncated = false;
      break;
    }
    i = next;
  }
  return out;
}

// --- GIF, WebP, ISO-BMFF --------------------------------------------------------------------------------------------

function parseGif(b: Uint8Array): Partial<Sniffed> {
  const out: Partial<Sniffed> = { format: 'gif' };
  if (b.length >= 10) {
    out.width = u16le(b, 6);
    out.height = u16le(b, 8);
  }
  // A NETSCAPE2.0 application extension is what makes a GIF loop: a cheap hint that it has several frames.
  const head = ascii(b, 0, Math.min(b.length, 2048));
  out.animated = head.includes('NETSCAPE2.0');
  return out;
}

function parseWebp(b: Uint8Array): Partial<Sniffed> {
  const out: Partial<Sniffed> = { format: 'webp' };
  // RIFF size counts everything after the 8-byte RIFF header.
  out.truncated = b.length < 8 + ((b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0);
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X' && b.length >= 30) {
    out.animated = (b[20]! & 0x02) !== 0;
    out.width = 1 + u24le(b, 24);
    out.height = 1 + u24le(b, 27);
  } else if (chunk === 'VP8L' && b.length >= 25) {
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    out.width = 1 + (bits & 0x3fff);
    out.height = 1 + ((bits >>> 14) & 0x3fff);
  } else if (chunk === 'VP8 ' && b.length >= 30) {
    out.width = u16le(b, 26) & 0x3fff;
    out.height = u16le(b, 28) & 0x3fff;
  }
  return out;
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1', 'mif2']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

function parseFtyp(b: Uint8Array): Partial<Sniffed> {
  const size = Math.min(u32be(b, 0), b.length);
  const brand = ascii(b, 8, 4);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= size; at += 4) compatible.push(ascii(b, at, 4));
  const brands = [brand, ...compatible];
  // AVIF files often list mif1 too; any AVIF brand makes it AVIF.
  if (brands.some((x) => AVIF_BRANDS.has(x))) return { format: 'avif', brand };
  if (brands.some((x) => HEIF_BRANDS.has(x))) return { format: 'heic', brand };
  if (brand === 'crx ') return { format: 'tiff', brand }; // Canon CR3 raw: same advice as TIFF/raw
  if (/^(M4A |M4B |mp3 )/.test(brand)) return { format: 'audio', brand };
  return { format: 'video', brand }; // isom, mp41, mp42, qt, 3gp…
}

/** Upright size: orientations 5..8 turn the picture a quarter, swapping width and height. */
export function orientedSize(width: number, height: number, orientation: number): { width: number; height: number } {
  return orientation >= 5 && orientation <= 8 ? { width: height, height: width } : { width, height };
}
