/**
 * The S3 file storage for functions that need it on a few routes only (bids: downloads of opened envelopes;
 * evaluation: the published protocol), loaded on first use. The specifier is a variable on purpose: esbuild leaves the
 * import to run time, so the handler's bundle leaves out the S3 client (about 150 KB minified). In AWS the module is
 * a file of its own beside the handler (`FILE_STORAGE_MODULE=./file-storage.mjs`, bundled by the CDK app); locally it
 * is imported from source.
 */
import { documentConfig } from '../config.js';

type FileStorageModule = typeof import('./file-storage.js');

const storageModule = documentConfig.fileStorageModule ?? './file-storage.js';
let loaded: Promise<FileStorageModule> | undefined;

export const loadFileStorage = (): Promise<FileStorageModule> => {
  loaded ??= import(storageModule) as Promise<FileStorageModule>;
  loaded.catch(() => (loaded = undefined));
  return loaded;
};
