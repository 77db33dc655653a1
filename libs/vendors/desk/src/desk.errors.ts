import {
  DomainError,
  OperationNotSupportedError,
  statusError,
  VendorConflictError,
  VendorNotFoundError,
  VendorResponse,
} from '@userbridge/vendor-core';
import { isObject, VENDOR } from './desk.mapper';

/** `{ success: false, message }` (assumed) or a plain text body; never echoing a secret the caller sent. */
function messageOf(body: unknown, secrets: readonly string[]): string | null {
  let text: string | null = null;
  if (isObject(body) && typeof body.message === 'string') text = body.message;
  else if (typeof body === 'string' && body.length > 0) text = body;
  if (text === null) return null;
  for (const secret of secrets) if (secret.length > 0) text = text.split(secret).join('[redacted]');
  return text.slice(0, 500);
}

/**
 * A non-2xx desk answer as a domain error; the HTTP status tells what
 * happened (assumed), the body only adds a message.
 */
export function deskError(
  response: VendorResponse,
  vendorId?: string,
  secrets: readonly string[] = [],
): DomainError {
  const message = messageOf(response.body, secrets);
  if (response.status === 404 && vendorId !== undefined)
    return new VendorNotFoundError(VENDOR, vendorId);
  if (response.status === 409) {
    return new VendorConflictError(
      VENDOR,
      `The desk refused the write: the username already exists${message ? ` (${message})` : ''}`,
      { vendorStatus: 409 },
    );
  }
  if (response.status === 405)
    return new OperationNotSupportedError(VENDOR, 'this operation', message ?? undefined);
  return statusError(VENDOR, response, message);
}
