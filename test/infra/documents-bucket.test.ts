/**
 * The documents bucket: private, SSL-only, encrypted, versioned, with the lifecycle and CORS the presigned flow needs;
 * granted to the documents and bids functions only; GuardDuty Malware Protection behind `-c malwareScan=true`.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatelessStack } from '../../infra/stateless-stack.js';
import { documentsBucket, functions, type FunctionName } from '../../infra/topology.js';
import { logicalIdOf, synthKonkurs } from './synth.js';

type Statement = { Action: string | string[]; Resource: unknown };

describe('documents bucket', () => {
  let stateful: Template;
  let stateless: Template;
  let stack: StatelessStack;

  beforeAll(() => {
    const synthesized = synthKonkurs({ context: { portalUrl: 'https://portal.example.kz/' } });
    stateful = synthesized.statefulTemplate;
    stateless = synthesized.statelessTemplate;
    stack = synthesized.stateless;
  });

  it('blocks public access, enforces SSL, encrypts, keeps versions and is retained', () => {
    // Assess
    stateful.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
      DeletionPolicy: 'Retain',
    });
    const policies = Object.values(stateful.findResources('AWS::S3::BucketPolicy'));
    expect(JSON.stringify(policies)).toContain('"aws:SecureTransport":"false"');
  });

  it('aborts incomplete multipart uploads and expires uploads never completed after a day', () => {
    // Assess
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: documentsBucket.abortMultipartDays }, Status: 'Enabled' }),
          Match.objectLike({ Prefix: documentsBucket.pendingPrefix, ExpirationInDays: documentsBucket.pendingExpiryDays, Status: 'Enabled' }),
        ]),
      },
    });
  });

  it("lets the portal's origin PUT and GET through presigned URLs (CORS)", () => {
    // Assess
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedOrigins: ['https://portal.example.kz'], AllowedMethods: Match.arrayWith(['GET', 'PUT']) })],
      },
    });
  });

  it('allows, for the portal origin, the method and every header the API tells the browser to send with an upload', async () => {
    // Prepare: what the documents function answers a request for an upload URL with
    const { fileStorage } = await import('../../shared/adapters/file-storage.js');
    const sha256 = 'a'.repeat(64);
    // Act
    const upload = await fileStorage.presignUpload('pending/c1/d1', { sha256, size: 10, contentType: 'application/pdf' });
    // Assess: a preflight names these (lower-case) headers; S3 matches AllowedHeaders case-insensitively
    const [rule] = Object.values(stateful.findResources('AWS::S3::Bucket'))
      .map((bucket) => bucket.Properties.CorsConfiguration?.CorsRules)
      .filter(Boolean)
      .flat() as { AllowedOrigins: string[]; AllowedMethods: string[]; AllowedHeaders: string[] }[];
    expect(rule!.AllowedOrigins).toEqual(['https://portal.example.kz']);
    expect(rule!.AllowedMethods).toContain(upload.method);
    expect(rule!.AllowedHeaders.map((h) => h.toLowerCase())).toEqual(expect.arrayContaining(Object.keys(upload.headers).map((h) => h.toLowerCase())));
  });

  it('is granted to the documents (read-write), bids (read) and evaluation (publish the protocol) functions only', () => {
    // Prepare
    const s3ActionsOf = (name: FunctionName): string[] => {
      const roleId = logicalIdOf(stack.functions[name].role);
      const policies = Object.values(stateless.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }));
      return policies
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
        .flatMap((s) => [s.Action].flat())
        .filter((a) => a.startsWith('s3:'));
    };
    // Act
    const granted: Record<string, string[]> = Object.fromEntries((Object.keys(functions) as FunctionName[]).map((name) => [name, s3ActionsOf(name)] as const).filter(([, a]) => a.length > 0));
    // Assess
    expect(Object.keys(granted).sort()).toEqual(['bids', 'documents', 'evaluation']);
    expect(granted.bids).toEqual(['s3:GetObject']);
    expect(granted.evaluation).toEqual(['s3:PutObject']);
    expect(granted.documents).toEqual(expect.arrayContaining(['s3:GetObject', 's3:GetObjectTagging', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket']));
    expect(stateless.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { DOCUMENTS_BUCKET: Match.anyValue() } } } })).not.toEqual({});
  });

  it('has no malware protection plan unless asked for', () => {
    // Assess
    stateful.resourceCountIs('AWS::GuardDuty::MalwareProtectionPlan', 0);
  });

  it('with -c malwareScan=true, protects the bucket with GuardDuty, tagging scanned objects, and stays cdk-nag clean', () => {
    // Act: synthKonkurs throws on any unacknowledged cdk-nag finding
    const template = synthKonkurs({ context: { malwareScan: 'true' } }).statefulTemplate;
    // Assess
    template.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      Actions: { Tagging: { Status: 'ENABLED' } },
      ProtectedResource: { S3Bucket: { BucketName: Match.anyValue() } },
      Role: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'malware-protection-plan.guardduty.amazonaws.com' } })] },
    });
  });
});
