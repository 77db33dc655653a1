/** One clear line for a listen failure the operator can fix, or null for anything else. */
export function listenFailure(error: unknown, host: string, port: number): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE')
    return `userbridge: port ${port} on ${host} is already in use: set PORT to a free port (e.g. PORT=${port + 1} npm start), or stop what holds it`;
  if (code === 'EACCES')
    return `userbridge: not allowed to listen on port ${port} on ${host}: set PORT to a port above 1023`;
  if (code === 'EADDRNOTAVAIL')
    return `userbridge: ${host} is not an address of this machine: set HOST (or leave it unset)`;
  return null;
}
