import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  DIRECTORY,
  Directory,
  DirectoryTransaction,
  StoreUnavailableError,
} from '@userbridge/directory';
import { UserWritePipeline } from '../write-path/user-write.pipeline';
import { CommittedWrite, UserWrite, UserWriteHook } from '../write-path/write-hooks';
import { failedRecord, intentRecord, succeededRecord } from './audit-records';

/**
 * Every write through the pipeline leaves one audit entry: an intent row
 * before the vendor call (a store that cannot take it refuses the write with
 * 503 before anything reaches the vendor) and an outcome row after it, in the
 * write-through's own transaction when the vendor accepted it, in one of its
 * own when the vendor refused or its answer was lost. A process that dies
 * between the two leaves an intent without an outcome, which reads `unknown`.
 */
@Injectable()
export class AuditHook implements UserWriteHook, OnModuleInit {
  readonly name = 'audit';

  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    // The pipeline is the app's own provider: found wherever it is declared.
    this.modules.get(UserWritePipeline, { strict: false }).register(this);
  }

  async beforeVendorCall(write: UserWrite): Promise<void> {
    try {
      await this.directory.audit.append([intentRecord(write)]);
    } catch (error) {
      // Whatever kept the intent out (a lost server, a full disk, a missing
      // table), the write is refused: no write without its audit record.
      throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
    }
  }

  async inTransaction(write: CommittedWrite, tx: DirectoryTransaction): Promise<void> {
    await this.directory.audit.append([succeededRecord(write)], tx);
  }

  async afterVendorFailure(
    write: UserWrite,
    error: unknown,
    outcome: 'failed' | 'unknown',
  ): Promise<void> {
    await this.directory.audit.append([failedRecord(write, error, outcome)]);
  }
}
