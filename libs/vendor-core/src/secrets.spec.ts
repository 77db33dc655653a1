import { UNIVERSAL_SECRET_KEYS, withoutSecrets } from './secrets';

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
