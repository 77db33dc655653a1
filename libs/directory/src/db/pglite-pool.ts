import type { PGlite } from './load-pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

type Command = PostgresQueryResult<unknown>['command'];
const COMMANDS = new Set<string>(['UPDATE', 'DELETE', 'INSERT', 'SELECT', 'MERGE']);

function commandOf(text: string): Command {
  const word = /^\s*([a-zA-Z]+)/.exec(text)?.[1]?.toUpperCase() ?? 'SELECT';
  // A WITH statement's verb is further in; Kysely only needs "a write" to report affected rows.
  if (word === 'WITH') return 'INSERT';
  return (COMMANDS.has(word) ? word : 'SELECT') as Command;
}

/**
 * Dates become ISO text: PGlite may live in another JS realm (see load-pglite),
 * where `instanceof Date` fails; PostgreSQL parses the text the same.
 */
function portable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(portable);
  return value;
}

/**
 * Kysely's PostgresDialect over one embedded PGlite. PGlite is a single
 * session, so the pool lends its one client to one borrower at a time:
 * otherwise a transaction begun by one caller would swallow another caller's
 * statements. Waiting borrowers queue in order.
 */
export class PglitePool implements PostgresPool {
  private busy = false;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly db: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    if (this.busy) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy = true;
    let released = false;
    const client = {
      query: async (text: string, parameters: ReadonlyArray<unknown>) => {
        const result = await this.db.query(text, parameters.map(portable));
        return {
          command: commandOf(text),
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows,
        };
      },
      release: () => {
        if (released) return;
        released = true;
        const next = this.waiting.shift();
        if (next) next();
        else this.busy = false;
      },
    };
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.db.close();
  }
}
