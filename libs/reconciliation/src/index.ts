export type {
  Conflict,
  ConflictType,
  DuplicateCandidate,
  DuplicateReason,
  Identity,
  IdentityMember,
  MatchReason,
  MatchRule,
  ReconcileInput,
  ReconcileResult,
  ReconcileUser,
  Severity,
  VendorFailure,
} from './types';
export { reconcile, reconcileStream } from './reconcile';
export type { ReconcileStream, ReconcileStreamInput } from './reconcile';
export { AccountTable } from './account-table';
export { filterIdentities } from './filter';
export type { IdentityFilter } from './filter';
export { summarize, SummaryCounter } from './summary';
export type { ReconcileSummary } from './summary';
export { identitiesToCsv } from './csv';
export { emailKey, MATCH_RULES, RULE_CONFIDENCE } from './keys';
export { normalizeName, foldName } from './names';
export { CANDIDATE_LIMIT } from './duplicates';
