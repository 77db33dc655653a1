export * from './directory.port';
export * from './idempotency.port';
export * from './errors/store-unavailable.error';
export { TRACKED_FIELDS, fingerprintOf } from './sync/fingerprint';
export { diffUser, changedFields, deletionDecision } from './sync/user-diff';
export type { PriorState, UserChange, DeletionDecision } from './sync/user-diff';
export { openDirectory } from './open-directory';
export { DirectoryModule } from './directory.module';
export { foldSearchText } from './repositories/users.repository';
