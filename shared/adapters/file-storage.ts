/**
 * S3 adapter of the file-storage port: presigned uploads and downloads on the documents bucket, and the checks
 * `complete` makes on a stored object (size, type, malware tag, SHA-256 streamed through the hash).
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
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { s3 } from '../aws/s3.js';
import { documentConfig } from '../config.js';
import { MALWARE_FOUND, MALWARE_TAG } from '../domain/documents.js';
import type { FileStorage } from '../use-cases/documents.js';

const Bucket = documentConfig.bucket;

const hexToBase64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266), for names in Cyrillic or Kazakh. */
const disposition = (fileName: string): string => {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
};

const isMissing = (error: unknown): boolean =>
  error instanceof NotFound || error instanceof NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

export const fileStorage: FileStorage = {
  presignUpload: async (key, file) => {
    const checksum = hexToBase64(file.sha256);
    const url = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket, Key: key, ContentType: file.contentType, ContentLength: file.size, ChecksumSHA256: checksum }),
      {
        expiresIn: documentConfig.urlSeconds,
        // Signed, so S3 refuses another type, another size or other bytes (it checks the SHA-256 on arrival).
        signableHeaders: new Set(['content-type', 'content-length']),
        unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
      },
    );
    return { method: 'PUT', url, headers: { 'content-type': file.contentType, 'x-amz-checksum-sha256': checksum } };
  },

  presignDownload: (key, file) =>
    getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket, Key: key, ResponseContentDisposition: disposition(file.fileName), ResponseContentType: file.contentType }),
      { expiresIn: documentConfig.urlSeconds },
    ),

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
