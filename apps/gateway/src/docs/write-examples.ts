/** Request examples per vendor, shown in Swagger UI. */
export const CREATE_EXAMPLES = {
  convirza: {
    summary: 'Convirza: org unit and role are required',
    value: {
      vendor: 'convirza',
      email: 'new.agent@example.com',
      firstName: 'New',
      lastName: 'Agent',
      orgUnitId: 1001,
      role: 'member',
      externalId: 'EXT-NEW-001',
      timezone: 'America/New_York',
      phone: '+14155550134',
    },
  },
  desk: {
    summary: 'Desk: username and password (write-only) are required',
    value: {
      vendor: 'desk',
      username: 'new.agent',
      password: 'correct-horse-battery',
      email: 'new.agent@example.com',
      firstName: 'New',
      lastName: 'Agent',
      role: 'member',
      language: 'en-US',
      groups: [{ id: 'desk/1' }],
    },
  },
  credira: {
    summary: 'Credira: email, a name and company are required',
    value: {
      vendor: 'credira',
      email: 'new.agent@example.com',
      displayName: 'New Agent',
      company: 'Acme Corporation',
      role: 'manager',
      department: 'finance',
    },
  },
};

export const UPDATE_EXAMPLES = {
  convirza: {
    summary: 'Convirza PUT: every required field',
    value: {
      email: 'new.agent@example.com',
      firstName: 'New',
      lastName: 'Agent',
      orgUnitId: 1002,
      role: 'admin',
      status: 'active',
    },
  },
  desk: {
    summary: 'Desk PUT',
    value: {
      username: 'new.agent',
      email: 'new.agent@example.com',
      status: 'inactive',
      role: 'read_only',
    },
  },
  credira: {
    summary: 'Credira PUT (email cannot change)',
    value: { displayName: 'New Agent', role: 'admin', status: 'inactive' },
  },
};
