/**
 * A global id is `<connection>:<vendorId>` (the `vendor` member below holds the
 * connection's name: a connection from the environment is named after its
 * vendor, so those ids read `<vendor>:<vendorId>`). The prefix is a lower-case slug; the
 * vendor id is everything after the first colon and is validated by the vendor's
 * adapter, never here (only the adapter knows its vendor's id format).
 */
export interface GlobalId {
  vendor: string;
  vendorId: string;
}

/** A connection name: also the rule the configuration file checks names against. */
export const CONNECTION_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export function formatGlobalId(vendor: string, vendorId: string): string {
  return `${vendor}:${vendorId}`;
}

/** Returns null when the text is not shaped like a global id at all. */
export function parseGlobalId(text: string): GlobalId | null {
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  const vendor = text.slice(0, colon);
  const vendorId = text.slice(colon + 1);
  if (!CONNECTION_NAME.test(vendor) || vendorId.length === 0) return null;
  return { vendor, vendorId };
}
