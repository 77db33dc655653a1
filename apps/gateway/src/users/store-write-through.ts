import { Inject, Injectable, Logger } from '@nestjs/common';
import { CanonicalUser } from '@userbridge/canonical';
import { DIRECTORY, Directory, logMessageOf } from '@userbridge/directory';
import { CallContext } from '@userbridge/vendor-core';

/**
 * Writes through the gateway update the directory at once and record their
 * change, so an operator who just offboarded someone sees it without waiting
 * for a sync. The vendor write has happened by then: a store that fails here
 * is logged, never turned into an error for a write that succeeded (the next
 * sync brings the directory up to date).
 */
@Injectable()
export class StoreWriteThrough {
  private readonly logger = new Logger('Directory');

  constructor(@Inject(DIRECTORY) private readonly directory: Directory) {}

  async written<T extends CanonicalUser>(user: T, context?: CallContext): Promise<T> {
    try {
      const { vendorData: _omitted, ...canonical } = user;
      await this.directory.users.recordWrite(canonical);
    } catch (error) {
      this.logger.warn({
        reqId: context?.reqId,
        msg: `write-through of ${user.id} failed: ${logMessageOf(error)}`,
      });
    }
    return user;
  }

  async deleted(globalId: string, context?: CallContext): Promise<void> {
    try {
      await this.directory.users.recordDeleted(globalId);
    } catch (error) {
      this.logger.warn({
        reqId: context?.reqId,
        msg: `write-through of the delete of ${globalId} failed: ${logMessageOf(error)}`,
      });
    }
  }
}
