import { promises as dns, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { cidrList } from './webhook-settings';

/** Resolves a host name to every address it has (injectable: tests answer without DNS). */
export type WebhookResolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: WebhookResolver = (hostname) =>
  dns.lookup(hostname, { all: true, verbatim: true });

/** Why a webhook target is refused; the message names the rule, never a resolved address. */
export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

/**
 * Addresses a webhook never goes to unless allowed: "this network", private,
 * shared (CGNAT), loopback, link-local, documentation, benchmarking, reserved,
 * multicast and broadcast; in IPv6 the unspecified and loopback addresses,
 * unique-local, link-local, site-local, multicast, documentation, NAT64 and
 * the IPv4-compatible form. An IPv4-mapped address (`::ffff:127.0.0.1`) is
 * judged by the IPv4 rules: Node's BlockList matches it against them (a rule
 * for all of `::ffff:0:0/96` would refuse every IPv4 address too).
 */
const FORBIDDEN = (() => {
  const list = new BlockList();
  for (const [address, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const)
    list.addSubnet(address, prefix, 'ipv4');
  for (const [address, prefix] of [
    ['::', 96],
    ['64:ff9b::', 96],
    ['64:ff9b:1::', 48],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['fec0::', 10],
    ['ff00::', 8],
  ] as const)
    list.addSubnet(address, prefix, 'ipv6');
  return list;
})();

export interface TargetRules {
  allowPrivateTargets: boolean;
  allowedCidrs: readonly string[];
}

/** Strips the brackets of an IPv6 literal host (`[::1]` → `::1`). */
const bare = (hostname: string): string =>
  hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;

/**
 * Decides where webhooks may go. Checked at registration (`check`) and again
 * at every connection (`lookup`, undici's connect hook): the address a
 * connection uses is the very one that was checked, so a DNS answer that
 * changes between the check and the send cannot reach a forbidden address.
 */
export class TargetGuard {
  private readonly allowed: BlockList;

  constructor(
    private readonly rules: TargetRules,
    private readonly resolver: WebhookResolver = systemResolver,
  ) {
    this.allowed = cidrList(rules.allowedCidrs);
  }

  /** The URL's form: absolute http(s), no credentials, no fragment. */
  parse(url: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TargetRefusedError('url must be an absolute https:// URL');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw new TargetRefusedError('url must be an https:// URL');

    if (parsed.username !== '' || parsed.password !== '')
      throw new TargetRefusedError('url must not carry credentials');
    if (parsed.hash !== '') throw new TargetRefusedError('url must not carry a #fragment');
    return parsed;
  }

  /** Whether one address may be a target. */
  addressAllowed(address: string): boolean {
    if (this.rules.allowPrivateTargets) return true;
    const family = isIP(address);
    if (family === 0) return false;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (this.allowed.check(address, type)) return true;
    return !FORBIDDEN.check(address, type);
  }

  /**
   * The address to connect to for a host: every address the host resolves
   * to must be allowed (one forbidden answer refuses the host), and the
   * first is used.
   */
  async resolve(hostname: string): Promise<{ address: string; family: 4 | 6 }> {
    return (await this.resolveAll(hostname))[0];
  }

  private async resolveAll(hostname: string): Promise<{ address: string; family: 4 | 6 }[]> {
    const host = bare(hostname);
    const literal = isIP(host);
    if (literal !== 0) {
      if (!this.addressAllowed(host)) throw refused();
      return [{ address: host, family: literal as 4 | 6 }];
    }
    let answers: { address: string; family: number }[];
    try {
      answers = await this.resolver(host);
    } catch {
      throw new TargetRefusedError('url host cannot be resolved');
    }
    if (answers.length === 0) throw new TargetRefusedError('url host cannot be resolved');
    if (answers.some((answer) => !this.addressAllowed(answer.address))) throw refused();
    return answers.map((answer) => ({
      address: answer.address,
      family: isIP(answer.address) === 6 ? 6 : 4,
    }));
  }

  /**
   * Registration: the URL's form and where its host resolves to now. Also
   * what the sender checks before each POST (`lookup` checks again at connect).
   */
  async check(url: string): Promise<URL> {
    const parsed = this.parse(url);
    const answers = await this.resolveAll(parsed.hostname);
    // Plain http only where the operator let private targets in, or to addresses it allowed by name.
    if (
      parsed.protocol === 'http:' &&
      !this.rules.allowPrivateTargets &&
      !answers.every((answer) =>
        this.allowed.check(answer.address, isIP(answer.address) === 6 ? 'ipv6' : 'ipv4'),
      )
    )
      throw new TargetRefusedError(
        'url must be an https:// URL (http:// only with WEBHOOK_ALLOW_PRIVATE_TARGETS=true or to WEBHOOK_ALLOWED_CIDRS)',
      );
    return parsed;
  }

  /**
   * A `lookup` for net/tls `connect` (undici's `connect` option): resolves
   * through the guard, so the connection is made to the address just checked.
   */
  readonly lookup = (
    hostname: string,
    options: { all?: boolean } | number | undefined,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    this.resolve(hostname).then(
      ({ address, family }) => {
        if (typeof options === 'object' && options?.all) callback(null, [{ address, family }]);
        else callback(null, address, family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, ''),
    );
  };
}

function refused(): TargetRefusedError {
  return new TargetRefusedError(
    'url resolves to a loopback, private, link-local, multicast or reserved address ' +
      '(allowed only with WEBHOOK_ALLOW_PRIVATE_TARGETS=true or in WEBHOOK_ALLOWED_CIDRS)',
  );
}
