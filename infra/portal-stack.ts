/**
 * The third stack: the web portal (S3 + CloudFront, see `portal-site.ts`). Separate from the stateless stack because
 * its lifecycle is the web build's, not the functions': a portal release is a file copy and a cache invalidation, and
 * CloudFront changes (minutes to propagate) stay out of every API deployment.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PortalSite } from './portal-site.js';

export interface PortalStackProps extends StackProps {
  readonly apiUrl: string;
  readonly userPoolClientId: string;
  /** The user pool's region: the hosted UI lives at `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly userPoolRegion: string;
  /** The documents bucket (name and region), which the portal uploads to through presigned URLs. */
  readonly documentsBucket: { readonly name: string; readonly region: string };
  /** Overrides where the build is read from (tests). */
  readonly distDir?: string;
}

export class PortalStack extends Stack {
  readonly site: PortalSite;

  constructor(scope: Construct, id: string, props: PortalStackProps) {
    super(scope, id, props);
    // The same context keys the stateful stack reads for the user pool's domain and callback URL.
    const prefix = this.node.tryGetContext('authDomainPrefix') as string | undefined;
    const portalUrl = this.node.tryGetContext('portalUrl') as string | undefined;
    this.site = new PortalSite(this, 'Portal', {
      apiUrl: props.apiUrl,
      userPoolClientId: props.userPoolClientId,
      documentsBucket: props.documentsBucket,
      ...(prefix ? { hostedUiUrl: `https://${prefix}.auth.${props.userPoolRegion}.amazoncognito.com` } : {}),
      ...(portalUrl && portalUrl.startsWith('https://') ? { portalUrl } : {}),
      ...(props.distDir ? { distDir: props.distDir } : {}),
    });
    new CfnOutput(this, 'PortalUrl', {
      value: this.site.url,
      description: 'Pass it as -c portalUrl=… on the next deploy: Cognito callback, CORS origin and email links follow it',
    });
    new CfnOutput(this, 'PortalBucket', { value: this.site.bucket.bucketName });
  }
}
