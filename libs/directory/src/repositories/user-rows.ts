import type { StoredCanonicalUser } from '../directory.port';

/** The vendor_users values of one canonical user (the searchable columns beside the whole jsonb). */
export function userValues(
  user: StoredCanonicalUser,
  fingerprint: string,
  sourceDigest: string | null = null,
) {
  // Defence in depth: whatever an adapter attached, the store keeps canonical fields only.
  // (Rest destructuring, not `delete`: delete turns the object into a slow dictionary.)
  const { vendorData: _vendorData, ...canonical } = user as StoredCanonicalUser & {
    vendorData?: unknown;
  };
  return {
    id: user.id,
    connection: user.connection,
    vendor: user.vendor,
    vendor_id: user.vendorId,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    display_name: user.displayName,
    status: user.status,
    role: user.role,
    canonical,
    fingerprint,
    source_digest: sourceDigest,
  };
}
