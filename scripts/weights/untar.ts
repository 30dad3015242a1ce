/**
 * The regular files of a gzipped tarball, read in memory with nanotar (a maintained, dependency-free tar reader).
 * nanotar checks no header checksums; it needs none here: the tarball's sha512 is checked before it is opened.
 */
import { parseTarGzip } from 'nanotar';

/** Regular files of a .tgz by their path inside it (npm's tarballs put everything under `package/`). */
export async function untarGzip(gz: Uint8Array): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const item of await parseTarGzip(gz, { filter: (f) => f.type === 'file' })) {
    files.set(item.name, item.data ?? new Uint8Array(0));
  }
  return files;
}
