import { csvCell, identitiesToCsv } from './csv';
import { reconcile } from './reconcile';
import { input, user } from './testing/user.fixture';

describe('identitiesToCsv', () => {
  it('writes BOM, header, CRLF and one row per identity-conflict', () => {
    const result = reconcile(
      input(
        [
          user('convirza:50001', { email: 'a@x.com', displayName: 'Ann Lee' }),
          user('desk:9001', { email: 'a@x.com', displayName: 'Ann Lee', status: 'deleted' }),
          user('convirza:2', { email: 'b@x.com', displayName: 'Bo' }),
          user('desk:2', { email: 'b@x.com', displayName: 'Bo' }),
        ],
        { vendorsRead: ['convirza', 'desk'] },
      ),
    );
    const csv = identitiesToCsv(result.identities);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'identity_id,display_name,emails,vendors,conflict,severity,message,accounts,confidence',
    );
    expect(lines).toHaveLength(4);
    // Identities by smallest member id: convirza:2 sorts before convirza:50001.
    expect(lines[2]).toBe(
      `${result.identities[1].id},Ann Lee,a@x.com,"convirza; desk",status_mismatch,high,` +
        'active at convirza but deleted at desk (desk:9001),' +
        '"convirza:50001 (active, member); desk:9001 (deleted, member)",0.94',
    );
    // No conflicts: one row with empty conflict, severity and message.
    expect(lines[1]).toBe(
      `${result.identities[0].id},Bo,b@x.com,"convirza; desk",,,,"convirza:2 (active, member); desk:2 (active, member)",0.94`,
    );
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('quotes per RFC 4180', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('')).toBe('');
  });

  it('neutralizes formula injection', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    const [identity] = reconcile(input([user('desk:1', { displayName: '=1+2' })])).identities;
    expect(identitiesToCsv([identity])).toContain(",'=1+2,");
  });

  it.each([
    ['Bob;=1+1', `"Bob;'=1+1"`],
    ['Bob,+cmd', `"Bob,'+cmd"`],
    ['a\t@SUM(A1)', `"a\t'@SUM(A1)"`],
    ['x\n-2+3', `"x\n'-2+3"`],
    ['a;b', '"a;b"'],
    ['tab\there', '"tab\there"'],
    ['Anne-Marie = ok', 'Anne-Marie = ok'],
  ])('quotes separators and neutralises formulas after any of them: %j', (value, cell) =>
    expect(csvCell(value)).toBe(cell),
  );

  it('keeps unicode intact', () => {
    const [identity] = reconcile(
      input([user('desk:1', { email: 'z@x.com', displayName: 'Zoë Ñúñez' })]),
    ).identities;
    expect(Buffer.from(identitiesToCsv([identity]), 'utf8').toString('utf8')).toContain(
      'Zoë Ñúñez',
    );
  });
});

describe('identitiesToCsv with criteria', () => {
  it('keeps only the rows of the conflicts asked for', () => {
    const identity = {
      id: 'idn_1',
      displayName: 'A',
      emails: ['a@x.io'],
      vendors: ['convirza', 'desk'],
      members: [],
      matchReasons: [],
      confidence: 0.9,
      conflicts: [
        { type: 'status_mismatch', severity: 'high', message: 'gap', evidence: {} },
        { type: 'missing_in:credira', severity: 'low', message: 'missing', evidence: {} },
      ],
      highestSeverity: 'high',
    } as unknown as Parameters<typeof identitiesToCsv>[0][number];
    const rows = (filter: Parameters<typeof identitiesToCsv>[1]) =>
      identitiesToCsv([identity], filter)
        .split('\r\n')
        .filter((line) => line.length > 0)
        .slice(1);
    expect(rows({ conflict: 'status_mismatch' })).toEqual([
      expect.stringContaining(',status_mismatch,high,gap,'),
    ]);
    expect(rows({ conflict: 'missing_in' })).toEqual([
      expect.stringContaining(',missing_in:credira,low,'),
    ]);
    expect(rows({ severity: 'low' })).toHaveLength(1);
    expect(rows({})).toHaveLength(2);
  });
});
