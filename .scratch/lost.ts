import { openDirectory } from '@userbridge/directory';
import { startPostgres } from '@userbridge/directory/testing';
async function main() {
  const server = await startPostgres();
  const url = await server.createDatabase();
  const d = await openDirectory({ databaseUrl: url });
  await d.syncRuns.lastSuccess();
  await server.stop();
  for (const f of [() => d.syncRuns.lastSuccess(), () => d.changes.latestSequence(), () => d.ping()]) {
    try { await f(); console.log('ok?'); } catch (e: any) { console.log(e.constructor.name, e.code, e.message); }
  }
  await d.close();
}
main();
