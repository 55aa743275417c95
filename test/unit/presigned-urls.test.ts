/**
 * Presigned document URLs without the S3 client (`shared/adapters/presigned-urls.ts`) are the URLs the SDK's
 * `getSignedUrl` makes with the S3 client as `shared/aws/s3.ts` configures it: in AWS (virtual-hosted) in two
 * regions, and on a local endpoint (path-style); uploads sign the type, the size and the SHA-256, downloads carry the
 * file name. Same credentials, same signing time: the same bytes. The local S3 emulator does not verify signatures,
 * so this comparison is what holds the URLs to S3's rules.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl, S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { disposition, presignedUrls } from '../../shared/adapters/presigned-urls.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session/token+=' };
const signingDate = new Date('2026-12-07T10:00:00Z');

const targets = [
  { name: 'AWS us-east-1', region: 'us-east-1' },
  { name: 'AWS eu-central-1', region: 'eu-central-1' },
  { name: 'a local endpoint', region: 'us-east-1', endpoint: 'http://127.0.0.1:4569' },
] as const;

describe.each(targets)('presigned document URLs on $name', (target) => {
  const endpoint = 'endpoint' in target ? target.endpoint : undefined;
  const s3 = new S3Client({
    region: target.region,
    credentials,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const urls = (bucket: string) =>
    presignedUrls(
      { presigner: new S3RequestPresigner({ credentials, region: target.region, sha256: s3.config.sha256 }), region: async () => target.region, ...(endpoint ? { endpoint } : {}) },
      bucket,
      300,
      () => signingDate,
    );

  it.each([
    ['konkurs-documents', 'pending/tender/C1/D1/v1'],
    ['konkurs-documents-000000000000', 'pending/bid/C1/940140000385/D 2 (копия)!/v1'],
    ['konkurs.documents', "pending/tender/C'1/D*1/v1"],
  ])('uploads to %s/%s as getSignedUrl signs PutObject', async (bucket, key) => {
    const file = { contentType: 'application/pdf', size: 1234, sha256: 'ab'.repeat(32) };
    const expected = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: file.contentType, ContentLength: file.size, ChecksumSHA256: Buffer.from(file.sha256, 'hex').toString('base64') }),
      { expiresIn: 300, signingDate, signableHeaders: new Set(['content-type', 'content-length']), unhoistableHeaders: new Set(['x-amz-checksum-sha256']) },
    );
    const upload = await urls(bucket).presignUpload(key, file);
    expect(upload.url).toBe(expected);
    expect(upload.headers).toEqual({ 'content-type': 'application/pdf', 'x-amz-checksum-sha256': Buffer.from(file.sha256, 'hex').toString('base64') });
  });

  it.each([
    ['konkurs-documents', 'tender/C1/D1/v1', 'Техническая спецификация (том 1).pdf'],
    ['konkurs.documents', 'bid/C1/940140000385/D2/v1', 'smeta "final"; v2.xlsx'],
  ])('downloads %s/%s under its file name as getSignedUrl signs GetObject', async (bucket, key, fileName) => {
    const expected = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: disposition(fileName), ResponseContentType: 'application/pdf' }),
      { expiresIn: 300, signingDate },
    );
    expect(await urls(bucket).presignDownload(key, { fileName, contentType: 'application/pdf' })).toBe(expected);
  });
});
