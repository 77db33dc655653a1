// Booting a stack opens an embedded PostgreSQL (PGlite): seconds on a busy 2-core machine.
jest.setTimeout(60_000);
