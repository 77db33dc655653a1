import { decideStep, deactivationInput, LifecycleFacts, reached } from './step-decision';

const softDeleting: LifecycleFacts = {
  name: 'soft',
  capabilities: ['get', 'list', 'patch', 'delete'],
  lifecycle: { deactivateWith: 'patch', deleteReversible: false, deleteNote: 'blocks the email' },
};
const noDelete: LifecycleFacts = {
  name: 'tenant-eu',
  capabilities: ['get', 'list', 'create', 'replace'],
  unsupportedReasons: { delete: 'no user delete is documented' },
  lifecycle: { deactivateWith: 'replace', deleteReversible: false },
  writeRules: {
    replace: {
      required: ['email', 'status'],
      refused: {},
      example: {},
    },
  },
};
const readOnly: LifecycleFacts = { name: 'ro', capabilities: ['get', 'list'] };

describe('decideStep', () => {
  it('deactivates an active account, reversibly', () => {
    expect(decideStep(softDeleting, 'active', false)).toEqual({
      action: 'deactivate',
      reversible: true,
      reason: null,
    });
  });

  it('leaves an inactive (e.g. suspended) or gone account alone, saying why', () => {
    expect(decideStep(softDeleting, 'inactive', false)).toMatchObject({ action: 'none' });
    expect(decideStep(softDeleting, 'deleted', false)).toMatchObject({ action: 'none' });
    expect(decideStep(softDeleting, null, true)).toMatchObject({
      action: 'none',
      reason: expect.stringContaining('not found'),
    });
  });

  it('deletes where asked and possible, irreversibly, with the vendor’s note', () => {
    expect(decideStep(softDeleting, 'inactive', true)).toEqual({
      action: 'delete',
      reversible: false,
      reason: 'blocks the email',
    });
  });

  it('deactivates instead where the vendor cannot delete, and says so; unsupported when nothing is left', () => {
    expect(decideStep(noDelete, 'active', true)).toEqual({
      action: 'deactivate',
      reversible: true,
      reason: 'tenant-eu cannot delete (no user delete is documented): deactivated instead',
    });
    expect(decideStep(noDelete, 'inactive', true)).toMatchObject({
      action: 'unsupported',
      reason: expect.stringContaining('cannot delete'),
    });
  });

  it('is unsupported where the vendor can neither deactivate nor delete', () => {
    expect(decideStep(readOnly, 'active', false)).toMatchObject({ action: 'unsupported' });
    expect(decideStep(readOnly, 'active', true)).toMatchObject({ action: 'unsupported' });
  });
});

describe('reached', () => {
  it('takes inactive or gone as deactivated, only gone as deleted', () => {
    expect(reached('deactivate', 'inactive')).toBe(true);
    expect(reached('deactivate', null)).toBe(true);
    expect(reached('deactivate', 'active')).toBe(false);
    expect(reached('delete', 'inactive')).toBe(false);
    expect(reached('delete', 'deleted')).toBe(true);
    expect(reached('delete', null)).toBe(true);
  });
});

describe('deactivationInput', () => {
  it('sends the status alone on a patch, and the replace’s required fields as read on a replace', () => {
    expect(deactivationInput(softDeleting, 'patch', { email: 'a@b.co' })).toEqual({
      status: 'inactive',
    });
    expect(
      deactivationInput(noDelete, 'replace', { email: 'a@b.co', status: 'active', firstName: 'A' }),
    ).toEqual({ email: 'a@b.co', status: 'inactive' });
  });
});
