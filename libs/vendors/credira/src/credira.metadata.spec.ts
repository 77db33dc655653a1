import { mergeMetadata } from './credira.metadata';

describe('mergeMetadata', () => {
  it('keeps the keys the change does not touch', () => {
    expect(
      mergeMetadata(
        { subscription_plan: 'premium', timezone: 'UTC', language: 'en' },
        { timezone: 'Europe/Lisbon', external_id: null },
      ),
    ).toEqual({
      subscription_plan: 'premium',
      timezone: 'Europe/Lisbon',
      language: 'en',
      external_id: null,
    });
  });

  it('starts afresh when there is no metadata', () => {
    expect(mergeMetadata(undefined, { language: 'en-US' })).toEqual({ language: 'en-US' });
    expect(mergeMetadata(['x'], { language: 'en-US' })).toEqual({ language: 'en-US' });
  });
});
