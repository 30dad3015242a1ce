// The transfer-model file: a trained head (and a fine-tuned conv5_x) round-trips exactly, and every kind of damaged or
// hostile file is refused with a message that names the problem.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, test } from 'vitest';
import { MAX_HEADER_BYTES, TRANSFER_MODEL_FORMAT, decodeTransferModel, encodeTransferModel, type TransferModel } from '../../src/model/transfer/head-file';
import { initHead } from '../../src/model/transfer/head';

const model = (over: Partial<TransferModel> = {}): TransferModel => ({
  format: TRANSFER_MODEL_FORMAT,
  version: 1,
  classNames: ['mug', 'plant', 'shoe'],
  head: initHead({ features: 16, classes: 3 }, 1),
  trainedAt: '2026-11-30T17:00:00.000Z',
  validationAccuracy: 0.875,
  ...over,
});

const stage5 = {
  names: ['layer4.0.conv1.weight', 'layer4.0.conv1.bias'],
  values: [Float32Array.from({ length: 24 }, (_, i) => i / 7 - 1), Float32Array.from([0.5, -0.25, 3])],
  shapes: [[1, 1, 8, 3], [3]],
};

/** Takes a file apart, lets `mutate` change header and payload, and puts it back together (checksum recomputed unless `keepChecksum`). */
function rewrite(bytes: Uint8Array, mutate: (header: Record<string, any>, payload: Float32Array) => void, keepChecksum = false): Uint8Array {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + n)));
  const payload = new Float32Array(bytes.slice(12 + n).buffer);
  mutate(header, payload);
  const p = new Uint8Array(payload.buffer);
  if (!keepChecksum) header.payload.sha256 = bytesToHex(sha256(p));
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(12 + json.length + p.length);
  out.set(bytes.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(p, 12 + json.length);
  return out;
}

describe('the transfer-model file', () => {
  test('a linear head round-trips exactly, notes included', () => {
    const m = model({ notes: 'sample flow, seed 1' });
    const back = decodeTransferModel(encodeTransferModel(m));
    expect(back).toEqual(m);
  });

  test('a hidden-layer head with a fine-tuned stage 5 round-trips exactly, shapes included, from an unaligned view', () => {
    const m = model({ head: initHead({ features: 16, classes: 3, hidden: 5 }, 2), stage5 });
    const bytes = encodeTransferModel(m);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const back = decodeTransferModel(shifted.subarray(1));
    expect(back).toEqual(m);
  });

  test('the payload starts at a multiple of 4 bytes and is 4 bytes per number', () => {
    const bytes = encodeTransferModel(model({ stage5 }));
    const n = new DataView(bytes.buffer).getUint32(8, true);
    expect((12 + n) % 4).toBe(0);
    expect(bytes.length - 12 - n).toBe(4 * (16 * 3 + 3 + 24 + 3));
  });

  test('encode refuses a model whose class names do not match its head', () => {
    expect(() => encodeTransferModel(model({ classNames: ['a', 'b'] }))).toThrow(/2 class names for a head with 3 classes/);
  });

  const good = () => encodeTransferModel(model({ stage5 }));
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['not bytes at all', () => new TextEncoder().encode('{"format":"x"}'), /does not start with "RLXFER01"/],
    ['too short', () => good().subarray(0, 5), /too short/],
    ['a header longer than the limit', () => {
      const b = good().slice();
      new DataView(b.buffer).setUint32(8, MAX_HEADER_BYTES + 1, true);
      return b;
    }, /more than the 1048576 allowed/],
    ['a truncated header', () => good().subarray(0, 40), /truncated: the header needs/],
    ['a truncated payload', () => { const b = good(); return b.subarray(0, b.length - 4); }, /truncated: the payload needs/],
    ['bytes after the payload', () => { const b = good(); const c = new Uint8Array(b.length + 4); c.set(b); return c; }, /4 unexpected bytes after the payload/],
    ['a header that is not JSON', () => { const b = good().slice(); b[12] = 0x7b; b[13] = 0x7b; return b; }, /header is not valid JSON/],
    ['another format', () => rewrite(good(), (h) => { h.format = 'something-else'; }), /format is "something-else"/],
    ['a newer version', () => rewrite(good(), (h) => { h.version = 2; }), /version 2 is not supported/],
    ['a shape that disagrees with its length', () => rewrite(good(), (h) => { h.stage5[0].shape = [1, 1, 8, 4]; }), /layer4.0.conv1.weight has shape \[1, 1, 8, 4\] \(32 values\) but length 24/],
    ['a head tensor that disagrees with the head spec', () => rewrite(good(), (h) => { h.headSpec.features = 17; }), /do not match its spec/],
    ['overlapping tensors', () => rewrite(good(), (h) => { h.stage5[1].offset -= 1; }), /starts at float 74, expected 75/],
    ['a damaged payload', () => rewrite(good(), (_h, p) => { p[3] = 123; }, true), /SHA-256 .* the file is damaged/],
    ['a NaN in the weights', () => rewrite(good(), (_h, p) => { p[50] = NaN; }), /fc.bias holds a non-finite value \(NaN\)/],
    ['an infinity in stage 5', () => rewrite(good(), (_h, p) => { p[60] = Infinity; }), /layer4.0.conv1.weight holds a non-finite value \(Infinity\)/],
    ['class names that do not match the head', () => rewrite(good(), (h) => { h.classNames.push('hat'); }), /4 class names for a head with 3 classes/],
    ['a validation accuracy outside [0, 1]', () => rewrite(good(), (h) => { h.validationAccuracy = 3; }), /validationAccuracy must be a number in \[0, 1\], got 3/],
  ];
  test.each(cases)('decode refuses %s with a clear message', (_what, make, message) => {
    expect(() => decodeTransferModel(make())).toThrow(message);
  });
});
