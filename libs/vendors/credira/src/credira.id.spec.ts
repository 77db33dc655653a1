import { isValidCrediraId } from './credira.id';

describe('isValidCrediraId', () => {
  it.each(['user_123456789', 'user_s01', 'user_A', `user_${'a'.repeat(59)}`])(
    'accepts %p',
    (id) => {
      expect(isValidCrediraId(id)).toBe(true);
    },
  );

  it.each([
    '',
    'user_',
    '123456789',
    'User_1',
    'user_1/x',
    'user_1 ',
    'user_é',
    'user_1\n',
    `user_${'a'.repeat(60)}`,
  ])('refuses %p', (id) => {
    expect(isValidCrediraId(id)).toBe(false);
  });
});
