import { fromEnv, type FromEnvInit } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * Stands in for the AWS SDK's default credential chain (`@aws-sdk/credential-provider-node`) in
 * the router's Lambda bundles (RouterFunction aliases it here). Lambda gives every function its
 * role's credentials in environment variables, the chain's first link, so the rest of the chain
 * (INI files, SSO, web identity, IMDS, and the STS/SSO clients they bring) never runs there.
 */
export function defaultProvider(init?: FromEnvInit): AwsCredentialIdentityProvider {
  return fromEnv(init);
}
