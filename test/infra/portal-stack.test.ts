/**
 * The portal stack: a private bucket served only through CloudFront with origin access control, HTTPS only, security
 * headers, client-side routes answered with index.html, access logs, and a deployment of the build with a generated
 * config.json; cdk-nag clean in the app as `cdk synth` builds it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMMUTABLE, REVALIDATE } from '../../infra/portal-site.js';
import { PortalStack } from '../../infra/portal-stack.js';
import { createApp, logicalIdOf, synthKonkurs } from './synth.js';

const API_URL = 'https://abc123.execute-api.eu-central-1.amazonaws.com';
const HOSTED_UI = 'https://konkurs-test.auth.eu-central-1.amazoncognito.com';
const DOCUMENTS_BUCKET = 'konkurs-documents-111111111111-eu-central-1';
/** The managed CachingDisabled cache policy. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

/** A stand-in for `web/dist`: an index page and one hashed bundle. */
const fakeBuild = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'konkurs-web-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html lang="ru"><script type="module" src="/assets/index-abc.js"></script></html>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log("portal")');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
};

const portalStack = (distDir: string, context: Record<string, unknown> = { authDomainPrefix: 'konkurs-test' }) => {
  const app = createApp({ context });
  const stack = new PortalStack(app, 'Portal', {
    env: { account: '111111111111', region: 'eu-central-1' },
    apiUrl: API_URL,
    userPoolClientId: 'client123',
    userPoolRegion: 'eu-central-1',
    documentsBucket: { name: DOCUMENTS_BUCKET, region: 'eu-central-1' },
    distDir,
  });
  return { app, stack, template: Template.fromStack(stack) };
};

/** The files of the deployment source whose object key is `key`, as staged in the cloud assembly. */
const stagedFile = (outdir: string, key: string, file: string): string =>
  readFileSync(join(outdir, `asset.${key.replace(/\.zip$/, '')}`, file), 'utf8');

describe('portal stack', () => {
  let built: ReturnType<typeof portalStack>;
  let distributionId: string;
  let bucketId: string;
  let logBucketId: string;
  let headersPolicyId: string;

  beforeAll(() => {
    built = portalStack(fakeBuild());
    distributionId = logicalIdOf(built.stack.site.distribution);
    bucketId = logicalIdOf(built.stack.site.bucket);
    logBucketId = logicalIdOf(built.stack.site.logBucket);
    headersPolicyId = logicalIdOf(built.stack.site.responseHeadersPolicy);
  });

  it('keeps the bucket private and lets only this distribution read it, through origin access control', () => {
    built.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logBucketId }, LogFilePrefix: 's3/' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': { 'Fn::Join': ['', Match.arrayWith([{ Ref: distributionId }])] } } },
          }),
        ]),
      },
    });
    built.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    built.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    built.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Origins: [
          Match.objectLike({
            DomainName: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] },
            OriginAccessControlId: { 'Fn::GetAtt': [Match.stringLikeRegexp('OriginAccessControl'), 'Id'] },
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
      },
    });
  });

  it('redirects HTTP to HTTPS and adds the security headers to every response, config.json uncached', () => {
    built.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
          Compress: true,
          ResponseHeadersPolicyId: { Ref: headersPolicyId },
        }),
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/config.json',
            ViewerProtocolPolicy: 'redirect-to-https',
            CachePolicyId: CACHING_DISABLED,
            ResponseHeadersPolicyId: { Ref: headersPolicyId },
          }),
        ],
      }),
    });
    const policy = built.template.findResources('AWS::CloudFront::ResponseHeadersPolicy')[headersPolicyId]!.Properties.ResponseHeadersPolicyConfig;
    expect(policy.SecurityHeadersConfig).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
    });
    const csp = String(policy.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).split('; ');
    expect(csp).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        `connect-src 'self' ${API_URL} ${HOSTED_UI} https://${DOCUMENTS_BUCKET}.s3.eu-central-1.amazonaws.com`,
        `form-action 'self' ${HOSTED_UI}`,
        "object-src 'none'",
        "frame-ancestors 'none'",
      ]),
    );
  });

  it("lets the browser PUT to the documents bucket's presigned URLs: exactly the origin the presigner produces", async () => {
    // Prepare: the SDK's presigner, as the documents function runs it in eu-central-1
    const client = new S3Client({ region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    // Act
    const presigned = new URL(await getSignedUrl(client, new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET, Key: 'tender/c1/d1' })));
    // Assess
    const policy = built.template.findResources('AWS::CloudFront::ResponseHeadersPolicy')[headersPolicyId]!.Properties.ResponseHeadersPolicyConfig;
    const connectSrc = String(policy.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy)
      .split('; ')
      .find((directive) => directive.startsWith('connect-src '))!
      .split(' ');
    expect(connectSrc).toContain(presigned.origin);
    expect(connectSrc.filter((source) => source.includes('amazonaws.com') && source.includes('.s3.'))).toEqual([presigned.origin]);
  });

  it('answers client-side routes with index.html (403 and 404 from the bucket)', () => {
    built.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CustomErrorResponses: [
          { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
          { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
        ],
      }),
    });
  });

  it('logs the distribution to the log bucket, which accepts CloudFront’s ACL-based delivery', () => {
    built.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Logging: { Bucket: { 'Fn::GetAtt': [logBucketId, 'RegionalDomainName'] }, Prefix: 'cloudfront/' } }),
    });
    built.template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' })] },
    });
  });

  it('deploys hashed bundles as immutable, then the pages and a generated config.json, invalidating them', () => {
    const deployments = built.template.findResources('Custom::CDKBucketDeployment');
    const [assets, site] = [
      Object.values(deployments).find((d) => d.Properties.DestinationBucketKeyPrefix === 'assets/')!,
      Object.entries(deployments).find(([, d]) => d.Properties.DistributionId)!,
    ];
    expect(assets.Properties).toMatchObject({ DestinationBucketName: { Ref: bucketId }, Prune: false, SystemMetadata: { 'cache-control': IMMUTABLE } });
    expect(site[1].Properties).toMatchObject({
      DestinationBucketName: { Ref: bucketId },
      Prune: false,
      SystemMetadata: { 'cache-control': REVALIDATE },
      DistributionId: { Ref: distributionId },
      DistributionPaths: ['/', '/index.html', '/config.json'],
    });
    // The pages go after the bundles they load.
    expect(site[1].DependsOn).toEqual(expect.arrayContaining([Object.keys(deployments).find((k) => deployments[k] === assets)]));

    const outdir = built.app.synth().directory;
    const [pagesKey, configKey] = site[1].Properties.SourceObjectKeys as string[];
    expect(stagedFile(outdir, pagesKey!, 'index.html')).toContain('/assets/index-abc.js');
    expect(existsSync(join(outdir, `asset.${pagesKey!.replace(/\.zip$/, '')}`, 'assets'))).toBe(false);
    const config = JSON.parse(stagedFile(outdir, configKey!, 'config.json'));
    expect(config).toEqual({ apiUrl: API_URL, auth: 'cognito', domain: HOSTED_UI, clientId: 'client123', redirectUri: 'https://<<marker:0xbaba:0>>/' });
    expect(site[1].Properties.SourceMarkers[1]).toEqual({ '<<marker:0xbaba:0>>': { 'Fn::GetAtt': [distributionId, 'DomainName'] } });
  });

  it('uses the portal URL of the context as the Cognito redirect URI', () => {
    const { app, template } = portalStack(fakeBuild(), { authDomainPrefix: 'konkurs-test', portalUrl: 'https://konkurs.example.kz/' });
    const site = Object.values(template.findResources('Custom::CDKBucketDeployment')).find((d) => d.Properties.DistributionId)!;
    const config = JSON.parse(stagedFile(app.synth().directory, site.Properties.SourceObjectKeys[1], 'config.json'));
    expect(config.redirectUri).toBe('https://konkurs.example.kz/');
    template.hasOutput('PortalUrl', { Value: 'https://konkurs.example.kz/' });
  });

  it('synthesizes without a build: a placeholder page and no bundle deployment', () => {
    // Prepare
    const empty = mkdtempSync(join(tmpdir(), 'konkurs-no-dist-'));

    // Act
    const { app, stack, template } = portalStack(empty);

    // Assess
    expect(stack.site.built).toBe(false);
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(1);
    expect(stagedFile(app.synth().directory, deployments[0]!.Properties.SourceObjectKeys[0], 'index.html')).toContain('npm run build:web');
    Annotations.fromStack(stack).hasInfo('/Portal/Portal', Match.stringLikeRegexp('holds no build'));
  });

  it('takes the API endpoint and the app client from the other stacks of the app', () => {
    // Act
    const { portal, stateless, stateful } = synthKonkurs();
    const template = Template.fromStack(portal);

    // Assess: cross-stack references (stack outputs), not literals
    const reference = (stack: { stackName: string }, output: RegExp) =>
      Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ StackName: stack.stackName, OutputName: Match.stringLikeRegexp(output.source) }) });
    const policy = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]!;
    const csp = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
    expect(JSON.stringify(csp)).toMatch(new RegExp(`"StackName":"${stateless.stackName}".*ApiEndpoint`));
    // The documents bucket's origin from the portal stack's own account and region: no export pins the bucket.
    expect(JSON.stringify(csp)).toContain(
      '"https://konkurs-documents-",{"Ref":"AWS::AccountId"},"-",{"Ref":"AWS::Region"},".s3.",{"Ref":"AWS::Region"},".amazonaws.com"',
    );
    expect(JSON.stringify(csp)).not.toMatch(new RegExp(`"StackName":"${stateful.stackName}"`));
    expect(portal.dependencies).toEqual(expect.arrayContaining([stateless, stateful]));
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionId: Match.anyValue(),
      SourceMarkers: [
        {},
        Match.objectLike({
          '<<marker:0xbaba:0>>': reference(stateless, /ApiEndpoint/),
          '<<marker:0xbaba:1>>': reference(stateful, /PortalClient/),
        }),
      ],
    });
  });
});

describe('portal stack under cdk-nag', () => {
  it.each([
    ['an environment-agnostic stack', undefined],
    ['a stack with its account and region', { account: '111111111111', region: 'eu-central-1' }],
  ])('acknowledges every finding of %s, each with a reason', (_, env) => {
    // Prepare
    const app = createApp({ context: { authDomainPrefix: 'konkurs-test' } });
    const stack = new PortalStack(app, 'Portal', {
      ...(env ? { env } : {}),
      apiUrl: API_URL,
      userPoolClientId: 'client123',
      userPoolRegion: 'eu-central-1',
      documentsBucket: { name: DOCUMENTS_BUCKET, region: 'eu-central-1' },
      distDir: fakeBuild(),
    });

    // Act
    const { violations } = new AwsSolutionsChecks().validateScope(stack);

    // Assess
    expect(violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('portal build for cdk synth', () => {
  it('is made inside the cloud assembly when the app bundles, leaving web/dist alone', () => {
    // Prepare: a real synthesis with bundling for the portal stack only (the functions keep theirs skipped)
    const app = createApp({ context: { 'aws:cdk:bundling-stacks': ['Portal'] } });
    const before = existsSync(join(import.meta.dirname, '..', '..', 'web', 'dist')) ? readdirSync(join(import.meta.dirname, '..', '..', 'web', 'dist')) : [];

    // Act
    const stack = new PortalStack(app, 'Portal', {
      apiUrl: API_URL,
      userPoolClientId: 'client123',
      userPoolRegion: 'eu-central-1',
      documentsBucket: { name: DOCUMENTS_BUCKET, region: 'eu-central-1' },
    });

    // Assess
    expect(stack.site.built).toBe(true);
    const builds = readdirSync(app.outdir).filter((f) => f.startsWith('portal-'));
    expect(builds).toHaveLength(1);
    expect(readFileSync(join(app.outdir, builds[0]!, 'index.html'), 'utf8')).toMatch(/<script type="module"[^>]+src="\/assets\/index-[\w-]+\.js"/);
    const after = existsSync(join(import.meta.dirname, '..', '..', 'web', 'dist')) ? readdirSync(join(import.meta.dirname, '..', '..', 'web', 'dist')) : [];
    expect(after).toEqual(before);
  });
});
