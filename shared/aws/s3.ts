/**
 * The S3 client, created once per execution environment; endpoint from `AWS_ENDPOINT_URL_S3` when set.
 *
 * Emulators answer on one host, so with an endpoint override the bucket goes in the path (`forcePathStyle`). Checksums
 * are added only where S3 requires them: a presigned upload must carry nothing but what the browser will send.
 */
import { S3Client } from '@aws-sdk/client-s3';

export const s3 = new S3Client({
  forcePathStyle: !!process.env.AWS_ENDPOINT_URL_S3,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
