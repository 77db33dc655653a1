import helmet from 'helmet';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { HELMET_OPTIONS, securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it('is exactly what helmet sets on a real answer with the same options', async () => {
    const middleware = helmet(HELMET_OPTIONS);
    const server = createServer((req, res) => middleware(req, res, () => res.end('ok')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await fetch(`http://127.0.0.1:${port}/`);
      await answer.text();
      const fromHelmet: Record<string, string> = {};
      const ignored = new Set(['date', 'connection', 'keep-alive', 'content-length']);
      answer.headers.forEach((value, name) => {
        if (!ignored.has(name)) fromHelmet[name] = value;
      });
      expect(securityHeaders()).toEqual(fromHelmet);
      expect(securityHeaders()['content-security-policy']).toContain("script-src 'self'");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
