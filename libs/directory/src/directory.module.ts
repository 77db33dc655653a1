import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Directory, DIRECTORY } from './directory.port';

class DirectoryLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DIRECTORY) private readonly directory: Directory) {}

  async onApplicationShutdown(): Promise<void> {
    await this.directory.close();
  }
}

/**
 * The directory as a Nest module, global, under the one `DIRECTORY` token.
 * The directory is opened (and migrated) before Nest starts, so a database that
 * cannot be reached is one boot error line rather than a failed module, and
 * handed over here: closed at shutdown when `closeOnShutdown`, kept open
 * otherwise (a directory shared by tests or benchmarks).
 */
@Module({})
export class DirectoryModule {
  static forRoot(source: { directory: Directory; closeOnShutdown?: boolean }): DynamicModule {
    const providers = [{ provide: DIRECTORY, useValue: source.directory }];
    return {
      module: DirectoryModule,
      global: true,
      providers: source.closeOnShutdown ? [...providers, DirectoryLifecycle] : providers,
      exports: [DIRECTORY],
    };
  }
}
