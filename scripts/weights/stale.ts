/** Whether the generated weights and the float32 originals are complete and intact, checked by their hashes. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest, type WeightsManifest } from '../../src/model/runtime/pretrained';
import { ORIGINAL_DIR, OUT_DIR, PACKAGE, PACKAGE_INTEGRITY, sha256Hex } from './common';

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
    if (b.length !== f.bytes || (await sha256Hex(b)) !== f.sha256) return `${f.file} does not match its hash in manifest.json`;
  }
  const stampPath = join(ORIGINAL_DIR, 'source.json');
  if (!existsSync(stampPath)) return `the float32 originals in ${ORIGINAL_DIR} are missing`;
  const stamp = JSON.parse(await readFile(stampPath, 'utf8')) as { integrity?: string; files?: Record<string, string> };
  if (stamp.integrity !== PACKAGE_INTEGRITY || !stamp.files) return `${stampPath} describes another package`;
  for (const [rel, hash] of Object.entries(stamp.files)) {
    const path = join(ORIGINAL_DIR, rel);
    if (!existsSync(path) || (await sha256Hex(await readFile(path))) !== hash) return `the original ${rel} is missing or changed`;
  }
  return null;
}
