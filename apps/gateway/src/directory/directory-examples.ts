/** Example bodies of the directory's endpoints, for Swagger. */
export const SYNC_RUN_EXAMPLE = {
  id: 42,
  connection: 'credira',
  vendor: 'credira',
  startedAt: '2026-11-23T10:00:00.000Z',
  finishedAt: '2026-11-23T10:00:21.350Z',
  heartbeatAt: '2026-11-23T10:00:21.300Z',
  outcome: 'succeeded',
  counts: {
    usersRead: 100000,
    pages: 250,
    created: 12,
    updated: 1000,
    deactivated: 3,
    reactivated: 1,
    deleted: 2,
    rejected: 0,
    deletionsSkipped: 1,
    deletionsWithheld: 0,
    staleSkipped: 0,
  },
  deletionSkipped: null,
  error: null,
};

export const CHANGE_EXAMPLE = {
  sequence: 1842,
  at: '2026-11-23T10:00:12.004Z',
  userId: 'credira:user_s05',
  connection: 'credira',
  vendor: 'credira',
  vendorId: 'user_s05',
  kind: 'deactivated',
  fields: { status: { before: 'active', after: 'inactive' } },
  source: 'sync',
  syncRunId: 42,
};
