/**
 * The S3 file storage for functions that need the S3 client on a few routes only (documents: verifying, copying and
 * deleting uploads; evaluation: the published protocol), loaded on first use; presigning needs no S3 client
 * (`presigned-urls.ts`). The specifier is a variable on purpose: esbuild leaves the
 * import to run time, so the handler's bundle leaves out the S3 client (about 150 KB minified). In AWS the module is
 * a file of its own beside the handler (`FILE_STORAGE_MODULE=./file-storage.mjs`, bundled by the CDK app); locally it
 * is imported from source.
 */
import { documentConfig } from '../config.js';
import type { FileStorage } from '../use-cases/documents.js';
import { documentUrls } from './presigned-urls.js';

type FileStorageModule = typeof import('./file-storage.js');

const storageModule = documentConfig.fileStorageModule ?? './file-storage.js';
let loaded: Promise<FileStorageModule> | undefined;

export const loadFileStorage = (): Promise<FileStorageModule> => {
  loaded ??= import(storageModule) as Promise<FileStorageModule>;
  loaded.catch(() => (loaded = undefined));
  return loaded;
};

/** The file storage with presigning at hand and the S3 client's operations loaded on their first use. */
export const lazyFileStorage: FileStorage = {
  ...documentUrls,
  inspect: async (key) => (await loadFileStorage()).fileStorage.inspect(key),
  sha256: async (key) => (await loadFileStorage()).fileStorage.sha256(key),
  copy: async (from, to) => (await loadFileStorage()).fileStorage.copy(from, to),
  remove: async (key) => (await loadFileStorage()).fileStorage.remove(key),
};
