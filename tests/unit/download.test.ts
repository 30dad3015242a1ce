import { describe, expect, test } from 'vitest';
import { CSV_TYPE, fileBlob } from '../../src/widgets/shared/download';

describe('what a download saves', () => {
  test('text becomes a UTF-8 CSV by default, characters like × and − intact', async () => {
    const blob = fileBlob('layer,description\nconv1,"7×7 conv, 64"\n');
    expect(blob.type).toBe(CSV_TYPE);
    expect(await blob.text()).toBe('layer,description\nconv1,"7×7 conv, 64"\n');
  });

  test('a Blob keeps its own type; a type-less one gets the given type', async () => {
    const png = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
    expect(fileBlob(png, 'text/plain')).toBe(png);
    const bare = fileBlob(new Blob([new Uint8Array([1, 2, 3])]), 'application/octet-stream');
    expect(bare.type).toBe('application/octet-stream');
    expect([...new Uint8Array(await bare.arrayBuffer())]).toEqual([1, 2, 3]);
  });
});
