/**
 * A path that is not validly percent-encoded is the client's error (400), as in the HTTP API; never a 500.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../support/local.js';

describe('malformed percent-encoding in the path', () => {
  it.each(['/competitions/%ZZ', '/competitions/%', '/competitions/%C0%AF', '/competitions/abc%E2%82', '/ocds/records/%zz'])(
    'answers 400 with { error, message } to GET %s',
    async (path) => {
      const response = await api(path);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('bad_request');
      expect(response.body.message).toMatch(/percent-encoded/);
      expect(response.body.fields.map((f: { path: string }) => f.path)).toEqual([path.startsWith('/ocds') ? 'path.ocid' : 'path.id']);
    },
  );

  it('still decodes a valid encoding', async () => {
    const response = await api('/competitions/%D0%9A%D0%9E-1');
    expect(response.status).not.toBe(400);
    expect(response.status).toBeLessThan(500);
  });
});
