const CREDIRA_ID = /^user_[A-Za-z0-9]+$/;
const MAX_ID_LENGTH = 64;

export const CREDIRA_ID_FORMAT =
  '"user_" followed by letters and digits (at most 64 characters), e.g. user_123456789';

export function isValidCrediraId(vendorId: string): boolean {
  return vendorId.length <= MAX_ID_LENGTH && CREDIRA_ID.test(vendorId);
}
