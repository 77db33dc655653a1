/** Shorter values are not scrubbed: they would blank unrelated text and hide nothing. */
const MIN_LENGTH = 4;
const MASK = '[redacted]';

/**
 * Blanks every credential the gateway holds out of text a vendor sent back
 * (an HTML error page echoing our request headers, a JSON message quoting a
 * password), before that text reaches a log line. Each secret is matched in
 * the forms it travels in: as is, percent-encoded, and, for Basic auth, the
 * base64 of `user:password`.
 */
export class CredentialScrubber {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      for (const form of [secret, encodeURIComponent(secret)]) {
        if (form.length >= MIN_LENGTH) forms.add(form);
      }
    }
    // Longest first, so a secret containing another is blanked whole.
    this.secrets = [...forms].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let result = text;
    for (const secret of this.secrets) result = result.split(secret).join(MASK);
    return result;
  }

  /** A scrubber blanking this one's secrets and another's. */
  with(secrets: Iterable<string>): CredentialScrubber {
    return new CredentialScrubber([...this.secrets, ...secrets]);
  }
}

/**
 * The credentials inside fixed request headers: each whole value, the token
 * after its scheme, and for Basic the decoded `user:password` and its parts.
 */
export function credentialsOfHeaders(headers: Record<string, string>): string[] {
  const found: string[] = [];
  for (const value of Object.values(headers)) {
    found.push(value);
    const match = /^(\w+)\s+(.+)$/.exec(value.trim());
    if (!match) continue;
    found.push(match[2]);
    if (match[1].toLowerCase() === 'basic') {
      const decoded = Buffer.from(match[2], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) found.push(decoded, decoded.slice(0, colon), decoded.slice(colon + 1));
    }
  }
  return found;
}

/**
 * Every string in a vendor connection (tokens, users, passwords, base URLs
 * and their hosts, which name internal machines), plus the Basic form of each
 * pair, since a connection never says which of its strings go together.
 */
export function credentialsOfConnection(connection: unknown): string[] {
  const strings: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') strings.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(connection);
  const found = [...strings];
  for (const value of strings) {
    if (URL.canParse(value)) found.push(new URL(value).host);
    for (const other of strings) {
      if (other !== value)
        found.push(Buffer.from(`${value}:${other}`, 'utf8').toString('base64').replace(/=+$/, ''));
    }
  }
  return found;
}
