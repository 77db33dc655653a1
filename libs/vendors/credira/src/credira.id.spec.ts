import { isValidCrediraId } from './credira.id';

describe('isValidCrediraId', () => {
  // The pages show one example id and state no format: any path-safe id is taken.
  it.each([
    'user_123456789',
    'user_s01',
    'user_A',
    'usr_01HZX3K8Q',
    'user_7f3e-91aa_b2',
    '123456789',
    'User_1',
    'user_é',
    `user_${'a'.repeat(123)}`,
  ])('accepts %p', (id) => {
    expect(isValidCrediraId(id)).toBe(true);
  });

  it.each([
    '',
    '  ',
    'user_1/x',
    'user_1\\x',
    '..',
    'user_..',
    'user_1\n',
    'user_1\u0000',
    `user_${'a'.repeat(124)}`,
  ])('refuses %p (not safe in a path)', (id) => {
    expect(isValidCrediraId(id)).toBe(false);
  });
});
