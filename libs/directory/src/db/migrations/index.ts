import { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial';
import { changeFeedLock } from './0002-change-feed-lock';
import { syncSafety } from './0003-sync-safety';
import { connections } from './0004-connections';
import { foldedSearchIndexes } from './0005-folded-search-indexes';
import { audit } from './0006-audit';
import { offboarding } from './0007-offboarding';
import { webhooks } from './0008-webhooks';
import { scim } from './0009-scim';
import { oneKeyPerUser } from './0010-one-key-per-user';
import { sightings } from './0011-sightings';
import { sourceDigests } from './0012-source-digests';

/**
 * Versioned migrations, in code so the build carries them (no files to find at
 * run time). Names sort in order; a released migration is never edited, only followed.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-change-feed-lock': changeFeedLock,
  '0003-sync-safety': syncSafety,
  '0004-connections': connections,
  '0005-folded-search-indexes': foldedSearchIndexes,
  '0006-audit': audit,
  '0007-offboarding': offboarding,
  '0008-webhooks': webhooks,
  '0009-scim': scim,
  '0010-one-key-per-user': oneKeyPerUser,
  '0011-sightings': sightings,
  '0012-source-digests': sourceDigests,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
