/**
 * The web portal in AWS: the static build (`web/dist`) in a private S3 bucket, served only through CloudFront (origin
 * access control), HTTPS only (HTTP redirects), with a security-headers response policy, client-side routes answered
 * with index.html (403/404 → 200 /index.html), and a `config.json` generated at deploy time with the API URL and the
 * Cognito hosted-UI settings, so the one build works in every environment.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, DefaultStackSynthesizer, Duration, Fn, RemovalPolicy, Stack, Stage, Token, Validations, type CfnElement } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source, type ISource } from 'aws-cdk-lib/aws-s3-deployment';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { repoRoot } from './konkurs-function.js';
import { buildPortalSync } from './portal-build.js';

/** What `/config.json` tells the portal in AWS (see `web/src/config.ts`). */
export interface PortalRuntimeConfig {
  readonly apiUrl: string;
  readonly auth: 'cognito';
  readonly domain: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

export interface PortalSiteProps {
  /** The HTTP API's base URL (a token of the stateless stack). */
  readonly apiUrl: string;
  /** The user pool app client the portal signs in with (its ID tokens are what the JWT authorizer accepts). */
  readonly userPoolClientId: string;
  /** Hosted UI base URL, `https://<prefix>.auth.<region>.amazoncognito.com`; undefined when no domain is configured. */
  readonly hostedUiUrl?: string;
  /**
   * The documents bucket and its region: the browser PUTs document bytes to it through presigned URLs, so its origin
   * must be in `connect-src`.
   */
  readonly documentsBucket: { readonly name: string; readonly region: string };
  /** The portal's public URL when it has its own domain; otherwise the distribution's `https://<id>.cloudfront.net/`. */
  readonly portalUrl?: string;
  /** The built portal; `web/dist` of the repository by default. */
  readonly distDir?: string;
}

/** Shown instead of the portal when the stack is synthesized before `npm run build:web`. */
const NOT_BUILT_PAGE = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Konkurs</title></head>
<body><main><h1>МЭКС · Конкурсы</h1><p>Портал не собран: выполните <code>npm run build:web</code> и разверните снова.</p>
<p lang="en">The portal was not built: run <code>npm run build:web</code> and deploy again.</p></main></body></html>`;

/** Hashed bundles never change under their name; everything else is revalidated on every load. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export class PortalSite extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  /** The URL the portal is reached at (and Cognito's redirect URI). */
  readonly url: string;
  /** Whether `web/dist` held a build at synthesis. */
  readonly built: boolean;

  constructor(scope: Construct, id: string, props: PortalSiteProps) {
    super(scope, id);
    // Like the functions' bundling: `cdk synth` and `cdk deploy` build the portal from its sources, into the cloud
    // assembly; synthesis that skips bundling (the infra tests) takes web/dist as it is, or a placeholder page.
    const distDir =
      props.distDir ??
      (Stack.of(this).bundlingRequired ? buildPortalSync(repoRoot, join(Stage.of(this)!.outdir, `portal-${this.node.addr}`)) : undefined) ??
      join(repoRoot, 'web', 'dist');
    this.built = existsSync(join(distDir, 'index.html'));

    this.logBucket = new Bucket(this, 'Logs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logging writes with an ACL grant: the bucket must accept ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the access-log destination of the portal bucket and of the CloudFront distribution; logging ' +
        'its own accesses into itself would loop, and a second log bucket would only move the finding.',
    });

    this.bucket = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      // Only build output lives here: it is redeployed from the repository, never the one copy of anything.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const connectSources = [
      "'self'",
      originOf(props.apiUrl),
      ...(props.hostedUiUrl ? [originOf(props.hostedUiUrl)] : []),
      presignedUrlOrigin(props.documentsBucket.name, props.documentsBucket.region),
    ];
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Konkurs portal: CSP, HSTS and the other security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: Fn.join('; ', [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            Fn.join(' ', ['connect-src', ...connectSources]),
            Fn.join(' ', ['form-action', "'self'", ...(props.hostedUiUrl ? [originOf(props.hostedUiUrl)] : [])]),
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
          ]),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true }],
      },
    });

    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Konkurs web portal',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Kazakhstan is served from the edge locations of price class 200 (Asia, Middle East, Europe).
      priceClass: PriceClass.PRICE_CLASS_200,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
      additionalBehaviors: {
        // Read on every start of the portal; must follow a redeployment at once.
        '/config.json': {
          origin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          responseHeadersPolicy: this.responseHeadersPolicy,
        },
      },
      // Client-side routes (/competitions/<id>, /verify?token=) are not objects: the bucket answers 403 (no
      // ListBucket) or 404, and the single-page app takes over from index.html.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });

    this.url = props.portalUrl ?? `https://${this.distribution.distributionDomainName}/`;

    const runtimeConfig: PortalRuntimeConfig = {
      apiUrl: props.apiUrl,
      auth: 'cognito',
      domain: props.hostedUiUrl ?? '',
      clientId: props.userPoolClientId,
      redirectUri: this.url,
    };
    if (!props.hostedUiUrl) {
      Annotations.of(this).addInfo('No Cognito hosted UI domain (context authDomainPrefix): the portal is deployed, but nobody can sign in to it.');
    }

    // Hashed bundles first, kept across deployments (an open tab still loads the bundles of its index.html).
    const assets = this.built
      ? new BucketDeployment(this, 'DeployAssets', {
          sources: [Source.asset(join(distDir, 'assets'))],
          destinationBucket: this.bucket,
          destinationKeyPrefix: 'assets/',
          cacheControl: [CacheControl.fromString(IMMUTABLE)],
          prune: false,
          memoryLimit: 512,
        })
      : undefined;
    if (!this.built) Annotations.of(this).addInfo(`${distDir} holds no build: the portal bucket gets a placeholder page.`);
    const pages: ISource[] = this.built
      ? [Source.asset(distDir, { exclude: ['assets', 'assets/**'] })]
      : [Source.data('index.html', NOT_BUILT_PAGE)];
    const site = new BucketDeployment(this, 'DeploySite', {
      sources: [...pages, Source.jsonData('config.json', runtimeConfig)],
      destinationBucket: this.bucket,
      cacheControl: [CacheControl.fromString(REVALIDATE)],
      // Pruning here would delete the hashed bundles deployed beside.
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/', '/index.html', '/config.json'],
      memoryLimit: 512,
    });
    if (assets) site.node.addDependency(assets);

    acknowledgeDistribution(this.distribution);
    acknowledgeDeploymentHandler(Stack.of(this), this.bucket);
  }
}

/** `https://host/path` → `https://host`; deploy-time values pass unchanged (the API endpoint and hosted UI URL are origins). */
const originOf = (url: string): string => (Token.isUnresolved(url) ? url : new URL(url).origin);

/**
 * The origin of the URLs the SDK v3 presigner gives out in AWS (`shared/adapters/file-storage.ts`): virtual-hosted
 * style on the regional endpoint, in us-east-1 too (never the legacy global `s3.amazonaws.com`). Downloads need no
 * source: the API answers them with a 302, a navigation, which `connect-src` does not govern.
 */
const presignedUrlOrigin = (bucketName: string, region: string): string => `https://${bucketName}.s3.${region}.amazonaws.com`;

const acknowledgeDistribution = (distribution: Distribution): void => {
  Validations.of(distribution).acknowledge({
    id: 'AwsSolutions-CFR1',
    reason:
      'No geo restriction: the portal publishes public procurement to anyone, and foreign contractors (BIN entity ' +
      'type 5, non-resident) may bid; the API enforces who may do what.',
  });
  Validations.of(distribution).acknowledge({
    id: 'AwsSolutions-CFR2',
    reason:
      'The distribution serves only static files from a private bucket (GET/HEAD); there is no input to filter. ' +
      'The HTTP API, which takes input, is throttled at its stage. A WAF web ACL can be attached when abuse appears.',
  });
  Validations.of(distribution).acknowledge({
    id: 'AwsSolutions-CFR4',
    reason:
      'With the default *.cloudfront.net certificate CloudFront fixes the minimum protocol (TLSv1) and it cannot be ' +
      'raised; a custom domain with an ACM certificate (us-east-1) would set TLSv1.2_2021. Viewers are redirected to HTTPS.',
  });
};

/**
 * The BucketDeployment handler is one Lambda per stack (a singleton at the stack's root) whose role CDK writes. cdk-nag
 * reports each wildcard of that role as its own finding, so each is acknowledged by name.
 */
const acknowledgeDeploymentHandler = (stack: Stack, bucket: Bucket): void => {
  const qualifier = String(stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER);
  // cdk-nag names the asset bucket as the template holds it: literals where the stack's environment is known.
  const known = (value: string, pseudo: string): string => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
  const partition = Token.isUnresolved(stack.region) ? '<AWS::Partition>' : (RegionInfo.get(stack.region).partition ?? 'aws');
  const assetBucket = `arn:${partition}:s3:::cdk-${qualifier}-assets-${known(stack.account, 'AWS::AccountId')}-${known(stack.region, 'AWS::Region')}/*`;
  const bucketId = stack.getLogicalId(bucket.node.defaultChild as CfnElement);
  const copying =
    'The CDK BucketDeployment handler (role written by aws-cdk-lib) copies the portal build from the CDK asset bucket ' +
    'into the portal bucket during deployments only; its S3 grants name those two buckets, ';
  const findings: Record<string, string> = {
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
      'The CDK BucketDeployment handler logs to CloudWatch with the AWS managed AWSLambdaBasicExecutionRole, as CDK ' +
      'attaches it; it grants log writes only.',
    'AwsSolutions-IAM5[Action::s3:GetBucket*]': `${copying}and reading bucket metadata needs the GetBucket* family.`,
    'AwsSolutions-IAM5[Action::s3:GetObject*]': `${copying}and copying objects with their metadata needs the GetObject* family.`,
    'AwsSolutions-IAM5[Action::s3:List*]': `${copying}and a sync must list the source and destination prefixes.`,
    'AwsSolutions-IAM5[Action::s3:Abort*]': `${copying}and multipart uploads of large files must be abortable.`,
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]': `${copying}and replacing files deletes their earlier versions.`,
    [`AwsSolutions-IAM5[Resource::${assetBucket}]`]:
      `${copying}the source being the objects of the CDK bootstrap asset bucket.`,
    [`AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`]: `${copying}the destination being every object of the portal bucket.`,
    'AwsSolutions-IAM5[Resource::*]':
      'cloudfront:CreateInvalidation and GetInvalidation, granted by CDK to the BucketDeployment handler so a new ' +
      'release is visible at once, support no resource-level permissions.',
    'AwsSolutions-L1':
      'The runtime of the CDK BucketDeployment handler is chosen by aws-cdk-lib (it bundles the AWS CLI); it moves ' +
      'with CDK upgrades, not with this project.',
  };
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
    for (const [id, reason] of Object.entries(findings)) Validations.of(child).acknowledge({ id, reason });
  }
};
