import { VendorFailureError } from '@userbridge/vendor-core';
import { envelopeError, envelopeObject, parseEnvelope } from './credira.envelope';

const META = { timestamp: '2024-01-15T10:30:00Z', request_id: 'req_1' };

describe('parseEnvelope', () => {
  it('gives data and meta of a success', () => {
    expect(parseEnvelope({ success: true, data: [], meta: { ...META, total: 0 } })).toEqual({
      data: [],
      meta: { ...META, total: 0 },
    });
    expect(parseEnvelope({ success: true, data: null })).toEqual({ data: null, meta: {} });
  });

  it.each([
    [
      'success false on a 2xx',
      { success: false, error: { code: 'INTERNAL_ERROR', message: 'x' }, meta: META },
    ],
    ['success missing', { data: {}, meta: META }],
    ['success as a string', { success: 'true', data: {}, meta: META }],
    ['data missing', { success: true, meta: META }],
    ['an array', [{ success: true, data: {} }]],
    ['a string', 'OK'],
    ['nothing', undefined],
  ])('refuses %s', (_what, body) => {
    expect(() => parseEnvelope(body)).toThrow(VendorFailureError);
  });
});

describe('envelopeObject', () => {
  it('needs data to be an object', () => {
    expect(envelopeObject({ success: true, data: { id: 'user_1' } })).toEqual({ id: 'user_1' });
    expect(() => envelopeObject({ success: true, data: [] })).toThrow(VendorFailureError);
    expect(() => envelopeObject({ success: true, data: null })).toThrow('unexpected shape');
  });
});

describe('envelopeError', () => {
  it('reads code and message', () => {
    expect(
      envelopeError({
        success: false,
        error: { code: 'NOT_FOUND', message: 'User not found' },
        meta: META,
      }),
    ).toEqual({
      code: 'NOT_FOUND',
      message: 'User not found',
    });
  });

  it('copes with answers that are not the envelope', () => {
    expect(envelopeError('<html>Bad gateway</html>')).toEqual({
      code: null,
      message: '<html>Bad gateway</html>',
    });
    expect(envelopeError({ success: false })).toEqual({ code: null, message: null });
    expect(envelopeError({ error: { code: 7, message: '' } })).toEqual({
      code: null,
      message: null,
    });
    expect(envelopeError(undefined)).toEqual({ code: null, message: null });
  });
});
