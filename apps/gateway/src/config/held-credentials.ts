import { CredentialScrubber, credentialsOfConnection } from '@userbridge/vendor-core';
import { GatewayConfig } from './gateway-config';

/**
 * A scrubber of every vendor credential this gateway holds, whichever vendor
 * echoes it. Callers' keys are not kept (only their digests) and never sent to
 * a vendor, so no vendor can echo them.
 */
export function heldCredentialScrubber(config: GatewayConfig): CredentialScrubber {
  return new CredentialScrubber(
    config.connections.flatMap((connection) => credentialsOfConnection(connection.settings)),
  );
}
