import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import {
  Directory,
  DIRECTORY,
  DIRECTORY_CHANGES,
  DIRECTORY_IDEMPOTENCY,
  DIRECTORY_SCIM,
  DIRECTORY_RECONCILIATION,
  DIRECTORY_SYNC,
  DIRECTORY_SYNC_RUNS,
  DIRECTORY_USERS,
  DirectoryOptions,
} from './directory.port';
import { openDirectory } from './open-directory';

class DirectoryLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DIRECTORY) private readonly directory: Directory) {}

  async onApplicationShutdown(): Promise<void> {
    await this.directory.close();
  }
}

const part = (token: symbol, pick: (directory: Directory) => unknown) => ({
  provide: token,
  useFactory: pick,
  inject: [DIRECTORY],
});

/**
 * The directory as a Nest module: opened (and migrated) while the app boots,
 * so a database that cannot be reached stops the boot with DirectoryOpenError;
 * closed at shutdown. Pass an opened Directory to share one (tests, benchmarks),
 * or to hand one over (`closeOnShutdown`) that was opened before Nest started.
 */
@Module({})
export class DirectoryModule {
  static forRoot(
    source: DirectoryOptions | { directory: Directory; closeOnShutdown?: boolean },
  ): DynamicModule {
    const directoryProvider =
      'directory' in source
        ? { provide: DIRECTORY, useValue: source.directory }
        : { provide: DIRECTORY, useFactory: () => openDirectory(source) };
    const providers = [
      directoryProvider,
      part(DIRECTORY_USERS, (d) => d.users),
      part(DIRECTORY_CHANGES, (d) => d.changes),
      part(DIRECTORY_SYNC_RUNS, (d) => d.syncRuns),
      part(DIRECTORY_SYNC, (d) => d.sync),
      part(DIRECTORY_RECONCILIATION, (d) => d.reconciliation),
      part(DIRECTORY_IDEMPOTENCY, (d) => d.idempotency),
      part(DIRECTORY_SCIM, (d) => d.scim),
    ];
    return {
      module: DirectoryModule,
      global: true,
      providers:
        'directory' in source && !source.closeOnShutdown
          ? providers
          : [...providers, DirectoryLifecycle],
      exports: providers.map((provider) => provider.provide),
    };
  }
}
