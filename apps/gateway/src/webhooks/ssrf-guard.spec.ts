import { TargetGuard, TargetRefusedError, WebhookResolver } from './ssrf-guard';

/** Answers from a table, never from DNS: no test resolves or reaches a real host. */
const resolverOf =
  (answers: Record<string, string[]>): WebhookResolver =>
  async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const strict = (answers: Record<string, string[]> = {}, allowedCidrs: string[] = []) =>
  new TargetGuard({ allowPrivateTargets: false, allowedCidrs }, resolverOf(answers));

describe('TargetGuard (WEBHOOK_ALLOW_PRIVATE_TARGETS unset)', () => {
  it.each([
    'https://127.0.0.1/hook',
    'https://127.1/hook',
    'https://2130706433/hook',
    'https://0x7f.1/hook',
    'https://0x7f000001/hook',
    'https://017700000001/hook',
    'https://0.0.0.0/hook',
    'https://0/hook',
    'https://[::1]/hook',
    'https://[::]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[::ffff:7f00:1]/hook',
    'https://[::ffff:10.0.0.1]/hook',
    'https://[0:0:0:0:0:ffff:169.254.169.254]/hook',
    'https://10.1.2.3/hook',
    'https://172.16.0.1/hook',
    'https://192.168.1.1/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/hook',
    'https://224.0.0.1/hook',
    'https://255.255.255.255/hook',
    'https://[fe80::1]/hook',
    'https://[fc00::1]/hook',
    'https://[fd12:3456::1]/hook',
    'https://[ff02::1]/hook',
    'https://[64:ff9b::a9fe:a9fe]/hook',
  ])('refuses the literal %s', async (url) => {
    await expect(strict().check(url)).rejects.toThrow(TargetRefusedError);
  });

  it.each([
    ['localhost', ['127.0.0.1']],
    ['metadata.internal', ['169.254.169.254']],
    ['intranet.example.com', ['10.0.0.7']],
    ['v6.example.com', ['fd00::5']],
    ['mapped.example.com', ['::ffff:192.168.0.1']],
    ['zero.example.com', ['0.0.0.0']],
    // One forbidden answer among public ones refuses the host: a round-robin cannot smuggle it in.
    ['mixed.example.com', ['93.184.216.34', '127.0.0.1']],
  ])('refuses a host resolving to private addresses (%s)', async (host, addresses) => {
    const guard = strict({ [host]: addresses });
    await expect(guard.check(`https://${host}/hook`)).rejects.toThrow(
      /loopback, private, link-local/,
    );
  });

  it('accepts a public address and a host resolving only to public addresses', async () => {
    const guard = strict({
      'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    });
    await expect(guard.check('https://hooks.example.com/in')).resolves.toBeInstanceOf(URL);
    await expect(guard.check('https://93.184.216.34/in')).resolves.toBeInstanceOf(URL);
    await expect(guard.resolve('hooks.example.com')).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('refuses http://, credentials, fragments, other schemes and unresolvable hosts', async () => {
    const guard = strict({ 'hooks.example.com': ['93.184.216.34'] });
    await expect(guard.check('http://hooks.example.com/in')).rejects.toThrow(/https:\/\//);
    await expect(guard.check('https://user:pw@hooks.example.com/in')).rejects.toThrow(
      /credentials/,
    );
    await expect(guard.check('https://hooks.example.com/in#x')).rejects.toThrow(/fragment/);
    await expect(guard.check('ftp://hooks.example.com/in')).rejects.toThrow(/https/);
    await expect(guard.check('not a url')).rejects.toThrow(/absolute/);
    await expect(guard.check('https://nowhere.example.com/in')).rejects.toThrow(
      /cannot be resolved/,
    );
  });

  it('lets WEBHOOK_ALLOWED_CIDRS through, and nothing next to them', async () => {
    const guard = strict({ 'billing.internal': ['10.20.0.5'], 'other.internal': ['10.21.0.5'] }, [
      '10.20.0.0/16',
      'fd00::/8',
    ]);
    await expect(guard.check('https://billing.internal/hook')).resolves.toBeInstanceOf(URL);
    await expect(guard.check('https://[fd00::9]/hook')).resolves.toBeInstanceOf(URL);
    await expect(guard.check('https://other.internal/hook')).rejects.toThrow(TargetRefusedError);
    // Plain http to an allowed range too (the operator named it), never to a public address.
    await expect(guard.check('http://billing.internal/hook')).resolves.toBeInstanceOf(URL);
    await expect(strict({ pub: ['93.184.216.34'] }).check('http://pub/hook')).rejects.toThrow(
      /https/,
    );
    await expect(guard.check('https://127.0.0.1/hook')).rejects.toThrow(TargetRefusedError);
  });

  it('lets everything through, http:// too, with WEBHOOK_ALLOW_PRIVATE_TARGETS=true', async () => {
    const guard = new TargetGuard({ allowPrivateTargets: true, allowedCidrs: [] }, resolverOf({}));
    await expect(guard.check('http://127.0.0.1:9/hook')).resolves.toBeInstanceOf(URL);
    await expect(guard.check('http://[::1]:9/hook')).resolves.toBeInstanceOf(URL);
  });

  it('connects only to the address it checked at connect time (lookup), refusing a changed DNS answer', async () => {
    let answer = '93.184.216.34';
    const guard = new TargetGuard({ allowPrivateTargets: false, allowedCidrs: [] }, async () => [
      { address: answer, family: 4 },
    ]);
    await expect(guard.check('https://rebind.example.com/hook')).resolves.toBeInstanceOf(URL);
    answer = '127.0.0.1';
    const looked = await new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      guard.lookup('rebind.example.com', { all: true }, (error, address) =>
        resolve({ error, address }),
      ),
    );
    expect(looked.error).toBeInstanceOf(TargetRefusedError);
    answer = '93.184.216.34';
    const pinned = await new Promise<{ error: Error | null; address: unknown; family?: number }>(
      (resolve) =>
        guard.lookup('rebind.example.com', 0, (error, address, family) =>
          resolve({ error, address, family }),
        ),
    );
    expect(pinned).toEqual({ error: null, address: '93.184.216.34', family: 4 });
  });
});
