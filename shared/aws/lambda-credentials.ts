/**
 * The credential chain of a deployed function. Bundling (`moduleAliases` in `infra/bundling.ts`) puts this module
 * in place of `@aws-sdk/credential-provider-node`, whose `defaultProvider` every AWS SDK client reaches for when it is
 * given no credentials.
 *
 * Lambda hands a function its role's credentials in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
 * `AWS_SESSION_TOKEN`, and the SDK's default chain takes them from there, its first link. The rest of that chain (SSO,
 * shared ini files, credential processes, web identity, the STS and SSO clients they use, instance metadata) never runs
 * in Lambda, yet it was about 130 KB of every bundle and about a fifth of a cold import
 * (`docs/benchmarks.md`, "Bundles"). This chain keeps what a Lambda environment can offer: the environment first, then
 * a container credentials endpoint (`AWS_CONTAINER_CREDENTIALS_FULL_URI` or `…_RELATIVE_URI`) where a runtime provides
 * one instead. Without either, the first request fails with an error that names what is read.
 *
 * Only bundles use it: the local runtime and the tests run the sources with the SDK's full chain (and environment
 * credentials, so both chains take the same first link).
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

type ProviderInit = Parameters<typeof fromEnv>[0];
type CredentialProvider = () => ReturnType<ReturnType<typeof fromEnv>>;

const CONTAINER_URIS = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'] as const;

/** Same name and shape as `@aws-sdk/credential-provider-node`'s export, which the SDK clients import. */
export const defaultProvider =
  (init: ProviderInit = {}): CredentialProvider =>
  async () => {
    if (process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY) return fromEnv(init)();
    if (CONTAINER_URIS.some((name) => process.env[name])) {
      const { fromHttp } = await import('@aws-sdk/credential-provider-http');
      return fromHttp(init)();
    }
    throw new Error(
      'No AWS credentials: a Konkurs function reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with ' +
        'AWS_SESSION_TOKEN), as Lambda sets them, or a container credentials endpoint ' +
        `(${CONTAINER_URIS.join(' or ')}).`,
    );
  };
