/**
 * S3 adapter of the file-storage port: presigned uploads and downloads on the documents bucket (`presigned-urls.ts`),
 * and the checks `complete` makes on a stored object (size, type, malware tag, SHA-256 streamed through the hash).
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  NotFound,
  NoSuchKey,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { s3 } from '../aws/s3.js';
import { documentConfig } from '../config.js';
import { documentUrls } from './presigned-urls.js';
import { MALWARE_FOUND, MALWARE_TAG } from '../domain/documents.js';
import type { FileStorage } from '../use-cases/documents.js';

const Bucket = documentConfig.bucket;

const isMissing = (error: unknown): boolean =>
  error instanceof NotFound || error instanceof NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

export const fileStorage: FileStorage = {
  ...documentUrls,

  inspect: async (key) => {
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key: key }));
      const tags = await s3.send(new GetObjectTaggingCommand({ Bucket, Key: key }));
      const infected = (tags.TagSet ?? []).some((t) => t.Key === MALWARE_TAG && t.Value === MALWARE_FOUND);
      return { size: head.ContentLength ?? 0, contentType: head.ContentType ?? '', infected };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },

  sha256: async (key) => {
    const object = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
    const hash = createHash('sha256');
    for await (const chunk of object.Body as Readable) hash.update(chunk as Buffer);
    return hash.digest('hex');
  },

  copy: async (from, to) => {
    await s3.send(new CopyObjectCommand({ Bucket, Key: to, CopySource: `${Bucket}/${from.split('/').map(encodeURIComponent).join('/')}` }));
  },

  remove: async (key) => {
    await s3.send(new DeleteObjectCommand({ Bucket, Key: key }));
  },
};

/**
 * Stores a file the platform made itself (the evaluation protocol) under a tender document key, with its SHA-256
 * checked by S3 on arrival; returns the key.
 */
export const putGeneratedTenderFile = async (competitionId: string, documentId: string, bytes: Uint8Array, contentType: string): Promise<string> => {
  const key = `tender/${competitionId}/${documentId}/v1`;
  const checksum = createHash('sha256').update(bytes).digest('base64');
  await s3.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType, ChecksumSHA256: checksum }));
  return key;
};
