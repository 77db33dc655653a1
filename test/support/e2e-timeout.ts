// Booting a stack opens a directory, a sandbox and a gateway: seconds on a busy 2-core machine.
jest.setTimeout(60_000);
