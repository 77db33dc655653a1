import { isSecretKey, UNIVERSAL_SECRET_KEYS, withoutSecrets } from './secrets';

describe('withoutSecrets', () => {
  it('removes secret keys at any depth, whatever their case, without touching the input', () => {
    const raw = {
      id: 1,
      Password: 'p',
      nested: { api_key: 'k', list: [{ token: 't', keep: 1 }] },
      registration_password: 'r',
    };
    const clean = withoutSecrets(raw, [...UNIVERSAL_SECRET_KEYS, 'registration_password']);
    expect(clean).toEqual({ id: 1, nested: { list: [{ keep: 1 }] } });
    expect(raw.Password).toBe('p');
  });

  it('passes scalars and nulls through', () => {
    expect(withoutSecrets(null, ['x'])).toBeNull();
    expect(withoutSecrets('text', ['x'])).toBe('text');
  });
});

describe('isSecretKey (by pattern, case-insensitive)', () => {
  it.each([
    'sip_password',
    'client_secret',
    'api-key',
    'secret_key',
    'password_hash',
    'auth_token',
    'privateKey',
    'PRIVATE_KEY',
    'Client-Secret',
    'x-api-key',
    'accessKeyId',
    'refreshToken',
    'registration_password',
    'passwd',
    'db_pwd',
    'credentials',
    'Authorization',
    'session_id',
    'cookie',
    'signingKey',
    'pin',
    'otp',
    'totp_seed',
  ])('%s is a secret', (key) => expect(isSecretKey(key)).toBe(true));

  it.each([
    'id',
    'email',
    'first_name',
    'author',
    'role',
    'status',
    'company',
    'timezone',
    'spinner',
    'keyboard_layout',
    'language',
  ])('%s is not', (key) => expect(isSecretKey(key)).toBe(false));

  it('strips pattern-named secrets at any depth, credentials objects whole', () => {
    const raw = {
      id: 7,
      sip_password: 'a',
      profile: { client_secret: 'b', 'api-key': 'c', name: 'Ann' },
      devices: [{ secret_key: 'd', auth_token: 'e', label: 'desk phone' }],
      credentials: { privateKey: 'f' },
      nested: { deeper: { password_hash: 'g', keep: true } },
    };
    expect(withoutSecrets(raw)).toEqual({
      id: 7,
      profile: { name: 'Ann' },
      devices: [{ label: 'desk phone' }],
      nested: { deeper: { keep: true } },
    });
  });
});
