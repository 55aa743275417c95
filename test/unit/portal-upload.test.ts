/** The media type the portal declares for a file: what the API accepts for its extension, whatever the browser guessed. */
import { describe, expect, it } from 'vitest';
import { MEDIA_TYPES, extensionOf, fileProblems } from '../../shared/domain/documents.js';
import { contentTypeOf } from '../../web/src/upload.js';

const limits = { extensions: Object.keys(MEDIA_TYPES), maxBytes: 100 * 1024 * 1024 };

describe('contentTypeOf', () => {
  it('keeps the browser’s type when the API accepts it for the extension', () => {
    expect(contentTypeOf({ name: 'смета.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(contentTypeOf({ name: 'чертёж.DWG', type: 'application/acad' })).toBe('application/acad');
    expect(contentTypeOf({ name: 'архив.zip', type: 'application/x-zip-compressed' })).toBe('application/x-zip-compressed');
  });

  it('replaces an empty or unaccepted guess with a type the API accepts, so the declaration is not refused for it', () => {
    for (const name of ['план.dwg', 'подпись.p7s', 'архив.7z', 'scan.PDF']) {
      for (const type of ['', 'application/octet-stream']) {
        const contentType = contentTypeOf({ name, type });
        expect(MEDIA_TYPES[extensionOf(name)], `${name} "${type}"`).toContain(contentType);
        expect(fileProblems({ fileName: name, contentType, size: 1 }, limits)).toEqual([]);
      }
    }
  });

  it('keeps the guess of a file type the API does not take, so the API names the file name', () => {
    expect(contentTypeOf({ name: 'setup.exe', type: 'application/x-msdownload' })).toBe('application/x-msdownload');
    expect(contentTypeOf({ name: 'README', type: '' })).toBe('application/octet-stream');
    expect(fileProblems({ fileName: 'setup.exe', contentType: 'application/x-msdownload', size: 1 }, limits).map((p) => p.path)).toEqual(['fileName']);
  });
});
