import { CanonicalRole } from '../role';

/**
 * Free-text vendor roles map by keyword, in this order: admin -> admin,
 * manager/supervisor -> manager, viewer/read -> read_only, anything else member.
 * Callers always keep the vendor's own text as vendorRole.
 */
export function roleFromKeywords(value: string | null | undefined): CanonicalRole {
  const text = (value ?? '').toLowerCase();
  if (text.includes('admin')) return 'admin';
  if (text.includes('manager') || text.includes('supervisor')) return 'manager';
  if (text.includes('viewer') || text.includes('read')) return 'read_only';
  return 'member';
}
