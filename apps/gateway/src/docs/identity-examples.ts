/** Swagger examples for the identities endpoints, taken from the sandbox's `offboarding-gap` scenario. */
export const IDENTITY_EXAMPLE = {
  id: 'idn_3f0c1b2a4d5e6f70',
  displayName: 'Alice Walker',
  emails: ['alice.walker@scenario.example'],
  vendors: ['convirza', 'credira', 'desk'],
  connections: ['convirza', 'credira', 'desk'],
  members: [
    {
      id: 'convirza:50001',
      connection: 'convirza',
      vendor: 'convirza',
      vendorId: '50001',
      email: 'alice.walker@scenario.example',
      displayName: 'Alice Walker',
      status: 'active',
      role: 'member',
      vendorRole: 'Standard User',
      linkedBy: ['email'],
    },
    {
      id: 'credira:user_s01',
      connection: 'credira',
      vendor: 'credira',
      vendorId: 'user_s01',
      email: 'alice.walker@scenario.example',
      displayName: 'Alice Walker',
      status: 'active',
      role: 'member',
      vendorRole: 'analyst',
      linkedBy: ['email'],
    },
    {
      id: 'desk:9001',
      connection: 'desk',
      vendor: 'desk',
      vendorId: '9001',
      email: 'alice.walker@scenario.example',
      displayName: 'Alice Walker',
      status: 'deleted',
      role: 'member',
      vendorRole: 'Agent',
      linkedBy: ['email'],
    },
  ],
  matchReasons: [
    {
      rule: 'email',
      value: 'alice.walker@scenario.example',
      accounts: ['convirza:50001', 'credira:user_s01', 'desk:9001'],
      nameAgrees: true,
    },
  ],
  confidence: 0.94,
  conflicts: [
    {
      type: 'status_mismatch',
      severity: 'high',
      message: 'active at convirza, credira but deleted at desk (desk:9001)',
      evidence: {
        active: ['convirza:50001', 'credira:user_s01'],
        inactive: [],
        deleted: ['desk:9001'],
      },
    },
  ],
  highestSeverity: 'high',
};

export const SUMMARY_EXAMPLE = {
  users: 402,
  identities: 231,
  identitiesWithConflicts: 190,
  conflicts: {
    status_mismatch: 4,
    role_mismatch: 1,
    name_mismatch: 1,
    possible_duplicate: 4,
    unmatchable: 1,
    'missing_in:convirza': 60,
    'missing_in:credira': 70,
    'missing_in:desk': 90,
  },
  severities: { high: 4, medium: 5, low: 181 },
  vendors: {
    convirza: { accounts: 152, identities: 152, active: 137 },
    credira: { accounts: 131, identities: 131, active: 118 },
    desk: { accounts: 119, identities: 118, active: 105 },
  },
  connections: {
    convirza: { accounts: 152, identities: 152, active: 137 },
    credira: { accounts: 131, identities: 131, active: 118 },
    desk: { accounts: 119, identities: 118, active: 105 },
  },
  vendorsRead: ['convirza', 'credira', 'desk'],
  vendorsFailed: [],
};

/** The run a stored report comes from. */
export const RUN_REF_EXAMPLE = {
  id: 17,
  finishedAt: '2026-11-23T10:00:24.120Z',
  vendorsRead: ['convirza', 'credira', 'desk'],
};

/** The same identity from a stored run: each conflict says since when it has been open. */
export const STORED_IDENTITY_EXAMPLE = {
  ...IDENTITY_EXAMPLE,
  conflicts: IDENTITY_EXAMPLE.conflicts.map((conflict) => ({
    ...conflict,
    firstSeenAt: '2026-11-11T09:30:00.000Z',
  })),
};
