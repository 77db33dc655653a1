import { InvalidRequestError } from '@userbridge/errors';
import { canonicalDeskRole, deskRoleIdFor, rolePairsOf } from './desk.roles';

describe('desk roles', () => {
  it('reads the roles object of a user read, by ascending id', () => {
    expect(rolePairsOf({ '23': 'Agent', '17': 'Admin', r9: 'Team Lead' })).toEqual([
      { id: '17', name: 'Admin' },
      { id: '23', name: 'Agent' },
      { id: 'r9', name: 'Team Lead' },
    ]);
    // A bare name teaches no id: it sorts last.
    expect(rolePairsOf([{ id: 5, name: 'Viewer' }, 'Agent'])).toEqual([
      { id: '5', name: 'Viewer' },
      { id: '', name: 'Agent' },
    ]);
    expect(rolePairsOf(null)).toEqual([]);
  });

  it('maps names exactly, else by keyword', () => {
    expect(
      ['Admin', 'Supervisor', 'Agent', 'Viewer', 'Read Only Auditor'].map(canonicalDeskRole),
    ).toEqual(['admin', 'manager', 'member', 'read_only', 'read_only']);
  });

  it('finds the id from DESK_ROLE_IDS first, then from what the desk read back', () => {
    const learned = [
      { id: '17', name: 'Admin' },
      { id: '23', name: 'Agent' },
    ];
    expect(deskRoleIdFor('admin', [], learned)).toBe('17');
    expect(deskRoleIdFor('admin', [{ id: '99', name: 'Admin' }], learned)).toBe('99');
    expect(deskRoleIdFor('member', [{ id: '99', name: 'Admin' }], learned)).toBe('23');
  });

  it('never guesses: an unknown or ambiguous role is a 400 naming DESK_ROLE_IDS', () => {
    expect(() => deskRoleIdFor('manager', [], [{ id: '23', name: 'Agent' }])).toThrow(
      InvalidRequestError,
    );
    expect(() => deskRoleIdFor('manager', [], [])).toThrow(/DESK_ROLE_IDS=/);
    const twoAdmins = [
      { id: '17', name: 'Admin' },
      { id: '18', name: 'Super Admin' },
    ];
    expect(() => deskRoleIdFor('admin', [], twoAdmins)).toThrow(/17, 18/);
    expect(deskRoleIdFor('admin', [{ id: '18', name: 'admin' }], twoAdmins)).toBe('18');
  });
});
