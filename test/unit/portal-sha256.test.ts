/** The portal's incremental SHA-256 gives node:crypto's digest whatever the sizes and however the bytes are split. */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HASH_CHUNK_BYTES, Sha256, sha256OfBlob } from '../../web/src/sha256.js';

const reference = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('Sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(new Sha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(new Sha256().update(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).hex()).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches node:crypto at every length around the padding boundaries', () => {
    const bytes = randomBytes(200);
    for (let length = 0; length <= 200; length++) {
      expect(new Sha256().update(bytes.subarray(0, length)).hex(), `length ${length}`).toBe(reference(bytes.subarray(0, length)));
    }
  });

  it('gives the same digest however the bytes are split into updates', () => {
    const bytes = randomBytes(5000);
    for (const step of [1, 3, 63, 64, 65, 127, 1000, 4999]) {
      const hash = new Sha256();
      for (let offset = 0; offset < bytes.length; offset += step) hash.update(bytes.subarray(offset, offset + step));
      expect(hash.hex(), `step ${step}`).toBe(reference(bytes));
    }
  });

  it('refuses to be used after it has finished', () => {
    const hash = new Sha256();
    hash.hex();
    expect(() => hash.update(new Uint8Array(1))).toThrow(/finished/);
    expect(() => hash.hex()).toThrow(/finished/);
  });
});

describe('sha256OfBlob', () => {
  it('hashes a file larger than one chunk, reporting progress up to its size', async () => {
    const bytes = randomBytes(HASH_CHUNK_BYTES * 2 + 12345);
    const progress: number[] = [];
    const digest = await sha256OfBlob(new Blob([bytes]), (hashed) => progress.push(hashed));
    expect(digest).toBe(reference(bytes));
    expect(progress).toEqual([HASH_CHUNK_BYTES, HASH_CHUNK_BYTES * 2, bytes.length]);
  });

  it('hashes an empty file', async () => {
    expect(await sha256OfBlob(new Blob([]))).toBe(reference(new Uint8Array(0)));
  });
});
