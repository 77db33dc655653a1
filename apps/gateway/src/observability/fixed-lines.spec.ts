import pino from 'pino';
import { FixedLines, jsonString, numberField, stringField } from './fixed-lines';
import { rootLoggerOptions } from './logger';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => lines.push(line) } };
}

describe('jsonString', () => {
  it('quotes every text exactly as JSON.stringify does', () => {
    const texts = [
      '',
      'plain',
      '3f2a9c1e-0b7d-4e8a-9c2f-1a2b3c4d5e6f',
      '/v1/users/:id',
      'a "quote"',
      'back\\slash',
      'tab\tnew\nline\r',
      '\u0000\u0001\u001f\u007f',
      'Zoë Ångström',
      '日本語',
      '😀 pair',
      'lone \ud800 high',
      'lone \udfff low',
      '\u2028\u2029',
      '</script>',
    ];
    for (let code = 0; code < 0x300; code++) texts.push(`x${String.fromCharCode(code)}y`);
    for (const text of texts) expect(jsonString(text)).toBe(JSON.stringify(text));
  });
});

describe('fixed lines', () => {
  it('are byte for byte what pino writes for the same fields', () => {
    const ours = capture();
    const theirs = capture();
    const fixed = new FixedLines('info', ours.destination);
    const logger = pino(rootLoggerOptions('info'), theirs.destination);
    const text = 'quote " backslash \\ newline \n unicode é 😀 \u0001';

    fixed.write(
      'warn',
      stringField('reqId', 'r-1') +
        stringField('caller', undefined) +
        `,"vendorCall":{"vendor":"convirza"` +
        numberField('status', null) +
        numberField('durationMs', 12.5) +
        stringField('vendorText', text) +
        '}',
      `vendor call ${text}`,
    );
    logger.warn(
      {
        reqId: 'r-1',
        caller: undefined,
        vendorCall: { vendor: 'convirza', status: null, durationMs: 12.5, vendorText: text },
      },
      `vendor call ${text}`,
    );

    const withoutTime = (line: string) => line.replace(/"time":"[^"]+"/, '"time":"T"');
    expect(ours.lines).toHaveLength(1);
    expect(withoutTime(ours.lines[0])).toBe(withoutTime(theirs.lines[0]));
    expect(JSON.parse(ours.lines[0])).toMatchObject({ vendorCall: { vendorText: text } });
  });

  it('write numbers JSON cannot hold as null, as JSON.stringify does', () => {
    expect(numberField('durationMs', Number.NaN)).toBe(',"durationMs":null');
    expect(numberField('durationMs', Infinity)).toBe(',"durationMs":null');
    expect(numberField('status', 200)).toBe(',"status":200');
  });

  it('follow the level: lines below it, and every line when silent, are not written', () => {
    const warn = capture();
    const atWarn = new FixedLines('warn', warn.destination);
    expect(atWarn.isLevelEnabled('info')).toBe(false);
    expect(atWarn.isLevelEnabled('warn')).toBe(true);
    expect(atWarn.isLevelEnabled('error')).toBe(true);
    const silent = new FixedLines('silent', capture().destination);
    expect(silent.isLevelEnabled('error')).toBe(false);
  });
});
