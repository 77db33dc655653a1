import type { ConflictHistoryEntry, Directory } from '@userbridge/directory';
import { FakeAdapter } from '@userbridge/directory/testing';
import { VendorRegistry } from '@userbridge/vendor-core';
import type { ApiKeyEntry } from '../config/api-keys';
import { Visibility } from '../auth/visibility';
import { IdentitiesReader } from './identities.reader';
import { IdentitiesService } from './identities.service';
import { StoredIdentitiesService } from './stored-identities.service';
import { UserSnapshotReader } from './user-snapshot.reader';

/**
 * What offboarding plans and the history endpoint read of the stored runs:
 * an identity's accounts and its conflicts, as far as the key may see them.
 */
const seeing = (connections: string[]): Visibility =>
  Visibility.of({ connections } as unknown as ApiKeyEntry);

const entry = (members: string[]): ConflictHistoryEntry =>
  ({ members }) as unknown as ConflictHistoryEntry;

function reader(stored: { members: string[] | null; history: ConflictHistoryEntry[] }) {
  const registry = new VendorRegistry([new FakeAdapter('desk'), new FakeAdapter('credira')]);
  const directory = {
    offboarding: { identityMembers: async () => stored.members },
    reconciliation: { history: async () => stored.history },
  } as unknown as Directory;
  return new IdentitiesReader(
    registry,
    new IdentitiesService(new UserSnapshotReader(registry)),
    new StoredIdentitiesService(directory, registry),
  );
}

describe('IdentitiesReader, stored runs only', () => {
  it("gives an identity's accounts the key may see, leaving out connections no longer configured", async () => {
    const identities = reader({
      members: ['credira:7', 'desk:3', 'gone:1', 'convirza:9'],
      history: [],
    });
    expect(await identities.members('idn_1', Visibility.ALL)).toEqual(['credira:7', 'desk:3']);
    expect(await identities.members('idn_1', seeing(['desk', 'gone']))).toEqual(['desk:3']);
  });

  it('gives no accounts for an identity the latest run does not hold', async () => {
    expect(await reader({ members: null, history: [] }).members('idn_2', Visibility.ALL)).toEqual(
      [],
    );
  });

  it('leaves out of the history every conflict with an account the key may not see', async () => {
    const both = entry(['desk:3', 'credira:7']);
    const deskOnly = entry(['desk:3']);
    const identities = reader({ members: null, history: [both, deskOnly] });
    expect(await identities.history('desk:3', Visibility.ALL)).toEqual([both, deskOnly]);
    expect(await identities.history('desk:3', seeing(['desk']))).toEqual([deskOnly]);
  });
});
