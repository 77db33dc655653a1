import { Writable } from 'node:stream';
import { stringField } from './fixed-lines';
import { createLoggers } from './logger';
import { prettyLine } from './pretty-lines';

function capture(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, destination };
}

describe('log lines for a terminal', () => {
  it('pretty-prints both loggers when asked (stdout a terminal), fields after the message', () => {
    const { lines, destination } = capture();
    const loggers = createLoggers('info', destination, true);
    loggers.fixed.write('warn', stringField('reqId', 'r-1'), 'GET /v1/users 502');
    loggers.root.child({ context: 'Sync' }).info({ sync: { runId: 3 } }, 'sync desk #3 succeeded');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3} /);
    expect(lines[0].slice(13)).toBe(
      '\u001b[33mWARN \u001b[0m GET /v1/users 502 \u001b[2mreqId=r-1\u001b[0m\n',
    );
    expect(lines[1]).toContain('[Sync] sync desk #3 succeeded');
    expect(lines[1]).toContain('sync={"runId":3}');
    expect(lines.join('')).not.toContain('"level"');
  });

  it('keeps JSON lines, unchanged, when not asked (a pipe, a file, a test)', () => {
    const { lines, destination } = capture();
    createLoggers('info', destination, false).fixed.write('info', '', 'GET /health 200');
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', msg: 'GET /health 200' });
    const { lines: byDefault, destination: other } = capture();
    createLoggers('info', other).fixed.write('info', '', 'GET /health 200');
    const untimed = (line: string) => line.replace(/"time":"[^"]+"/, '"time":""');
    expect(untimed(byDefault[0])).toBe(untimed(lines[0]));
  });

  it('shows an error’s stack below its line, and passes through what is not a JSON object', () => {
    const line = JSON.stringify({
      level: 'error',
      time: '2026-11-23T10:00:19.123Z',
      service: 'userbridge',
      err: { message: 'boom', stack: 'Error: boom\n    at x (y.ts:1:1)' },
      msg: 'boom',
    });
    expect(prettyLine(line, false)).toBe(
      '10:00:19.123 ERROR boom\n    Error: boom\n        at x (y.ts:1:1)\n',
    );
    expect(prettyLine('not json', false)).toBe('not json');
    expect(prettyLine('[1,2]', false)).toBe('[1,2]');
  });
});
