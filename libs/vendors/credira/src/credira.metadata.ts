import { CrediraMetadataBody } from './credira.types';
import { isObject } from './credira.envelope';

/**
 * ASSUMPTION: a PUT that carries `metadata` replaces Credira's whole metadata
 * object (the contract says only that fields not given are kept, and metadata
 * is one field). So the change is laid over the current metadata, keeping keys
 * the gateway does not manage (`subscription_plan`, ...). Harmless if Credira
 * merges by itself.
 */
export function mergeMetadata(current: unknown, change: CrediraMetadataBody): CrediraMetadataBody {
  return { ...(isObject(current) ? current : {}), ...change };
}
