/** Arrays packed into the manifest's binary shards. */
import type { ByteRange } from '../../src/model/runtime/pretrained';
import { fail } from './common';

/** The same shard size tfjs's converter uses; small enough for any HTTP cache. */
export const SHARD_BYTES = 4 * 1024 * 1024;

/** Packs arrays into shards of ≤ SHARD_BYTES, each array whole and 4-byte aligned (so loaders can view floats). */
export class ShardPacker {
  private readonly parts: Uint8Array[][] = [];
  private readonly sizes: number[] = [];

  place(bytes: Uint8Array): ByteRange {
    if (bytes.length > SHARD_BYTES) fail(`an array of ${bytes.length} bytes does not fit in a ${SHARD_BYTES}-byte shard`);
    let i = this.parts.length - 1;
    let offset = i < 0 ? 0 : Math.ceil(this.sizes[i]! / 4) * 4;
    if (i < 0 || offset + bytes.length > SHARD_BYTES) {
      this.parts.push([]);
      this.sizes.push(0);
      i++;
      offset = 0;
    }
    if (offset > this.sizes[i]!) this.parts[i]!.push(new Uint8Array(offset - this.sizes[i]!));
    this.parts[i]!.push(bytes);
    this.sizes[i] = offset + bytes.length;
    return { shard: i, offset, bytes: bytes.length };
  }

  shards(): Uint8Array[] {
    return this.parts.map((list, i) => {
      const out = new Uint8Array(this.sizes[i]!);
      let at = 0;
      for (const p of list) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    });
  }
}

export const asBytes = (a: Float32Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** A shard's file name: its place in the group and the start of its sha256, so a changed shard gets a new URL. */
export const shardFileName = (index: number, count: number, sha256Hex: string) =>
  `group1-shard${index + 1}of${count}-${sha256Hex.slice(0, 16)}.bin`;
