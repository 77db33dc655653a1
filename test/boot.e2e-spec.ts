import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtGateway } from './support/gateway-process';

/**
 * The gateway's entry point as `npm start` runs it: configuration is checked
 * at boot with a clear message, and with no vendor configured the embedded
 * sandbox makes a working demo.
 */
const ROOT = join(__dirname, '..');

function boot(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, builtGateway(), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => text, exited };
}

describe('boot (e2e)', () => {
  jest.setTimeout(120_000);
  // The first boot makes the embedded store (initdb and the migrations: about
  // 10 s of CPU); the later boots open it as a restarted `npm start` does.
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'userbridge-boot-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a bad configuration with one clear message naming every problem', async () => {
    const { output, exited } = boot({
      GATEWAY_API_KEYS: 'short:admin',
      VENDOR_TIMEOUT_MS: 'soon',
      CREDIRA_BASE_URL: 'https://api.credira.com/v1',
      CREDIRA_API_KEY: 'do-not-print-me',
    });
    expect(await exited).toBe(1);
    const text = output();
    expect(text).toMatch(/Invalid configuration/);
    expect(text).toMatch(/GATEWAY_API_KEYS/);
    expect(text).toMatch(/VENDOR_TIMEOUT_MS/);
    expect(text).not.toContain('do-not-print-me');
    expect(text).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  });

  it('refuses a database it cannot reach with one message naming DATABASE_URL, without its password', async () => {
    const { output, exited } = boot({
      GATEWAY_API_KEYS: 'boot-test-key-0123456789:read',
      CONVIRZA_BASE_URL: 'http://127.0.0.1:9/v3',
      CONVIRZA_TOKEN: 'token',
      // Port 1 on loopback: nothing listens, the connection is refused at once.
      DATABASE_URL: 'postgres://userbridge:do-not-print-me@127.0.0.1:1/userbridge',
    });
    expect(await exited).toBe(1);
    const text = output();
    expect(text).toMatch(/userbridge failed to start: .*DATABASE_URL/);
    expect(text).not.toContain('do-not-print-me');
    expect(text).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  });

  it('starts the embedded sandbox when no vendor is configured, and serves the demo key', async () => {
    const { child, output, exited } = boot({ PORT: '0', USERBRIDGE_DATA_DIR: dataDir });
    try {
      let base: string | null = null;
      for (let i = 0; i < 1000 && base === null; i++) {
        base = /listening on (http:\/\/\S+)/.exec(output())?.[1] ?? null;
        if (base === null) await new Promise((r) => setTimeout(r, 100));
      }
      expect(base).not.toBeNull();
      expect(output()).toMatch(/demo key:\s+userbridge-demo-key\n/);
      expect(output()).toMatch(/SCIM key:\s+userbridge-demo-scim-key \(the SCIM endpoints only\)/);
      // The SCIM key serves the SCIM endpoints only: the REST API answers it 403.
      const scim = await fetch(`${base}/v1/users?limit=1`, {
        headers: { authorization: 'Bearer userbridge-demo-scim-key' },
      });
      expect(scim.status).toBe(403);
      expect(output()).toMatch(/\/docs/);
      const answer = await fetch(`${base}/v1/users?limit=3`, {
        headers: { authorization: 'Bearer userbridge-demo-key' },
      });
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { data: unknown[]; errors: unknown[] };
      expect(body.data).toHaveLength(3);
      expect(body.errors).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('keeps the demo on loopback whatever HOST says, and says so', async () => {
    const { child, output, exited } = boot({
      PORT: '0',
      HOST: '0.0.0.0',
      USERBRIDGE_DATA_DIR: dataDir,
    });
    try {
      let base: string | null = null;
      for (let i = 0; i < 1000 && base === null; i++) {
        base = /listening on (http:\/\/\S+)/.exec(output())?.[1] ?? null;
        if (base === null) await new Promise((r) => setTimeout(r, 100));
      }
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(output()).toMatch(/HOST=0\.0\.0\.0 ignored/);
      const port = new URL(base!).port;
      // Any other interface of this machine must not reach the demo key.
      const others = Object.values(networkInterfaces())
        .flat()
        .filter((a) => a && a.family === 'IPv4' && !a.internal)
        .map((a) => a!.address);
      for (const address of others) {
        await expect(
          fetch(`http://${address}:${port}/v1/users?limit=1`, {
            headers: { authorization: 'Bearer userbridge-demo-key' },
          }),
        ).rejects.toThrow();
      }
      const local = await fetch(`${base}/v1/users?limit=1`, {
        headers: { authorization: 'Bearer userbridge-demo-key' },
      });
      expect(local.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it("prints the banner last at boot: Nest's own start-up lines are at debug level", async () => {
    const { child, output, exited } = boot({ PORT: '0', USERBRIDGE_DATA_DIR: dataDir });
    try {
      let base: string | null = null;
      for (let i = 0; i < 1000 && base === null; i++) {
        base = / {2}try: .*'(http:\/\/[^/]+)\/v1\/users/.exec(output())?.[1] ?? null;
        if (base === null) await new Promise((r) => setTimeout(r, 100));
      }
      expect(base).not.toBeNull();
      // A request writes one log line: anything else printed after the banner would come before it.
      await fetch(`${base}/health`);
      for (let i = 0; i < 100 && !output().includes('"/health"'); i++)
        await new Promise((r) => setTimeout(r, 50));
      const text = output();
      const banner = text.indexOf('userbridge gateway listening on');
      // The demo's banner ends with its SCIM key line.
      const bannerEnd = text.indexOf('\n', text.indexOf('  SCIM key: ')) + 1;
      expect(text.slice(0, banner)).toBe('');
      const after = text
        .slice(bannerEnd)
        .split('\n')
        .filter((line) => line.length > 0);
      expect(after).toHaveLength(1);
      expect(after[0]).toContain('"/health"');
      expect(text).not.toMatch(/RoutesResolver|RouterExplorer|InstanceLoader|successfully started/);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('names PORT in one clear line and exits 1 when the port is taken', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const { output, exited } = boot({ PORT: String(port), USERBRIDGE_DATA_DIR: dataDir });
      expect(await exited).toBe(1);
      const lines = output()
        .split('\n')
        .filter((line) => line.length > 0);
      expect(lines).toEqual([
        expect.stringMatching(
          new RegExp(`^userbridge: port ${port} on 127\\.0\\.0\\.1 is already in use: set PORT`),
        ),
      ]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
