import { Writable } from 'node:stream';
import { numberField, stringField } from './fixed-lines';
import { createLoggers, isoTimeOncePerMs } from './logger';

describe('log lines', () => {
  afterEach(() => jest.restoreAllMocks());

  it('stamp the time as ISO 8601, formatted again whenever the millisecond changes', () => {
    const now = jest.spyOn(Date, 'now');
    now.mockReturnValue(Date.UTC(2026, 10, 23, 16, 30, 0, 1));
    expect(isoTimeOncePerMs()).toBe(',"time":"2026-11-23T16:30:00.001Z"');
    expect(isoTimeOncePerMs()).toBe(',"time":"2026-11-23T16:30:00.001Z"');
    now.mockReturnValue(Date.UTC(2026, 10, 23, 16, 30, 0, 2));
    expect(isoTimeOncePerMs()).toBe(',"time":"2026-11-23T16:30:00.002Z"');
  });

  it('keep their shape: level by name, ISO time, service, fields and message', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const loggers = createLoggers('info', destination);
    loggers.fixed.write(
      'info',
      stringField('reqId', 'r-1') + numberField('status', 200),
      'GET /health 200',
    );
    loggers.root.warn({ password: 'p4ss' }, 'root line');
    const [fixed, root] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(fixed).toMatchObject({
      level: 'info',
      service: 'userbridge',
      reqId: 'r-1',
      status: 200,
      msg: 'GET /health 200',
    });
    expect(new Date(fixed.time as string).toISOString()).toBe(fixed.time);
    expect(root).toMatchObject({ level: 'warn', password: '[redacted]', msg: 'root line' });
  });
});
