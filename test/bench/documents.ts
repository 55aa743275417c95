/**
 * Documents: a 50 MB upload through the API's presigned URL against a direct `PutObject` of the same bytes to the same
 * emulator (s3rver), and the time `complete` takes to verify the stored object (stream it, SHA-256) per MB.
 *
 * Interleaved in rounds (presigned PUT with fetch and with node:http, direct PutObject with and without a checksum,
 * complete) so the machine's drift is shared; the two judged uploads swap places every round, so neither always
 * follows the other's 50 MB write (the emulator's file being flushed to disk slows whichever upload comes next). The presigned PUT carries the signed headers the API prescribes (content
 * type, SHA-256). Judged like for like, both over node:http: presigned / direct ≤ 1.2× (the URL adds nothing but a
 * query string and a checksum header), and
 * `complete` ≤ 50 ms per MB on the local emulator (informational for AWS, where the read runs inside the region).
 */
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { projectItem } from '../../shared/adapters/project-store.js';
import type { Project } from '../../shared/domain/project.js';
import { consoleTable, fixed, markdownTable, median, type Align, type BenchSection } from './run.js';

const SIZE = 50 * 1024 * 1024;
const ROUNDS = Math.max(3, Number(process.env.BENCH_DOCUMENT_ROUNDS ?? 7));
const MAX_RATIO = 1.2;
const MAX_MS_PER_MB = 50;

const section: BenchSection = {
  title: 'Documents: presigned 50 MB upload and hash verification',
  async run(ctx) {
    const local = await ctx.local();
    const api = local.urls.api;
    const post = async (path: string, body: unknown, token?: string) => {
      const response = await fetch(`${api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
    };
    const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: local.urls.dynamodb }));
    const s3 = new S3Client({ endpoint: local.urls.s3, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
    const project: Project = {
      id: `BENCHDOC${Date.now().toString(36).toUpperCase()}`,
      kato: '310000000',
      sector: 'water',
      title: { ru: 'Бенчмарк документов', kk: 'Құжаттар', en: 'Documents benchmark' },
      value: '1000000',
      approvalDate: '2026-01-15',
      stage: 'selection',
      readiness: 'ready',
      financing: { route: 'budget', status: 'approved', amount: '1000000' },
      akimat: { name: { ru: 'Акимат', kk: 'Әкімдік', en: 'Akimat' } },
      official: { name: 'Bench', position: 'Bench' },
    } as Project;
    await dynamo.send(new PutCommand({ TableName: local.tableName, Item: projectItem(project) }));
    const token = (await post('/dev/token', { role: 'akimat', kato: project.kato })).body.token as string;
    const draft = await post('/competitions', { projectId: project.id, title: { ru: 'Бенчмарк' }, estimatedValue: '1000' }, token);
    const competitionId = draft.body.id as string;

    const presigned: number[] = [];
    const direct: number[] = [];
    const complete: number[] = [];
    const directChecksum: number[] = [];
    const presignedHttp: number[] = [];
    /** The same presigned PUT through node:http (the SDK's transport), to tell the URL's cost from the client's. */
    const putWithHttp = (url: string, headers: Record<string, string>, body: Buffer): Promise<number> =>
      new Promise((resolvePut, reject) => {
        const req = httpRequest(url, { method: 'PUT', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
          res.resume();
          res.on('end', () => resolvePut(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    for (let round = 0; round < ROUNDS; round += 1) {
      const bytes = randomBytes(SIZE);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      ctx.log(`documents: round ${round + 1}/${ROUNDS}`);
      const declared = await post(`/competitions/${competitionId}/documents`, {
        documentType: 'projectDesign', title: `ПСД ${round}`, fileName: 'psd.zip', contentType: 'application/zip', size: SIZE, sha256,
      }, token);
      if (declared.status !== 201) throw new Error(`declaring refused: ${JSON.stringify(declared.body)}`);
      const upload = declared.body.upload as { url: string; headers: Record<string, string> };

      let started = performance.now();
      const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
      await put.arrayBuffer();
      presigned.push(performance.now() - started);
      if (put.status !== 200) throw new Error(`presigned PUT answered ${put.status}`);

      // A second declaration of the same bytes, uploaded with node:http; and the direct PutObject, before it in odd rounds.
      const again = await post(`/competitions/${competitionId}/documents`, {
        documentType: 'other', title: `HTTP ${round}`, fileName: 'psd.zip', contentType: 'application/zip', size: SIZE, sha256,
      }, token);
      const uploadWithHttp = async () => {
        const startedHttp = performance.now();
        const httpStatus = await putWithHttp(again.body.upload.url, again.body.upload.headers, bytes);
        presignedHttp.push(performance.now() - startedHttp);
        if (httpStatus !== 200) throw new Error(`presigned PUT (node:http) answered ${httpStatus}`);
      };
      const putDirect = async () => {
        const startedDirect = performance.now();
        await s3.send(new PutObjectCommand({ Bucket: local.bucketName, Key: `bench/direct-${round}`, Body: bytes, ContentType: 'application/zip' }));
        direct.push(performance.now() - startedDirect);
      };
      if (round % 2 === 0) {
        await uploadWithHttp();
        await putDirect();
      } else {
        await putDirect();
        await uploadWithHttp();
      }

      started = performance.now();
      await s3.send(new PutObjectCommand({ Bucket: local.bucketName, Key: `bench/checksum-${round}`, Body: bytes, ContentType: 'application/zip', ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64') }));
      directChecksum.push(performance.now() - started);

      started = performance.now();
      const done = await post(`/competitions/${competitionId}/documents/${declared.body.id}/complete`, {}, token);
      complete.push(performance.now() - started);
      if (done.status !== 200) throw new Error(`complete answered ${done.status}: ${JSON.stringify(done.body)}`);
    }
    dynamo.destroy();
    s3.destroy();

    // Judged like for like: the presigned URL and the SDK both over node:http. fetch (undici) is shown apart: on a
    // 50 MB buffer it is the slower client, whatever the URL.
    const ratio = median(presignedHttp) / median(direct);
    const perMb = median(complete) / (SIZE / 1024 / 1024);
    const pass = Number(ratio.toFixed(2)) <= MAX_RATIO && perMb <= MAX_MS_PER_MB;
    const header = ['series (50 MB, median of ' + ROUNDS + ')', 'ms', 'MB/s', 'note'];
    const align: Align[] = ['left', 'right', 'right', 'left'];
    const mbps = (ms: number) => fixed(SIZE / 1024 / 1024 / (ms / 1000), 1);
    const rows = [
      ['(a) PUT to the API’s presigned URL with node:http, its signed headers', fixed(median(presignedHttp), 0), mbps(median(presignedHttp)), `${fixed(ratio)}× (b)`],
      ['(b) direct PutObject, same bytes, same emulator (SDK over node:http)', fixed(median(direct), 0), mbps(median(direct)), 'floor'],
      ['(e) the same presigned PUT with fetch (undici; informational)', fixed(median(presigned), 0), mbps(median(presigned)), `${fixed(median(presigned) / median(direct))}× (b)`],
      ['(d) direct PutObject with the same x-amz-checksum-sha256 (informational)', fixed(median(directChecksum), 0), mbps(median(directChecksum)), `${fixed(median(directChecksum) / median(direct))}× (b)`],
      ['(c) complete: HeadObject, tags, GetObject streamed through SHA-256, copy, amendment write', fixed(median(complete), 0), mbps(median(complete)), `${fixed(perMb, 1)} ms per MB`],
    ];
    return {
      markdown: `${markdownTable(header, rows, align)}\n\nOn s3rver 3.7.1 (files on the local disk); in AWS the upload runs between the browser and S3 and the hash inside the region.\n(a) and (b) swap places every round, so neither always follows the other's 50 MB write.`,
      console: consoleTable(header, rows, align),
      pass,
      verdict: `presigned/direct ${fixed(ratio)}× (target ≤ ${MAX_RATIO}×); complete ${fixed(perMb, 1)} ms per MB (target ≤ ${MAX_MS_PER_MB})`,
    };
  },
};

export default section;
