/** Raw Credira v1 shapes, private to this lib. Every field is `unknown` until parsed. */

export interface CrediraMeta {
  timestamp?: unknown;
  request_id?: unknown;
  page?: unknown;
  limit?: unknown;
  total?: unknown;
  total_pages?: unknown;
}

/** Every successful answer. */
export interface CrediraEnvelope {
  success?: unknown;
  data?: unknown;
  meta?: unknown;
}

/** Every error answer. */
export interface CrediraErrorEnvelope {
  success?: unknown;
  error?: { code?: unknown; message?: unknown };
  meta?: unknown;
}

export interface CrediraMetadata {
  timezone?: unknown;
  language?: unknown;
  /** Assumed: the page shows only timezone and language (see README). */
  external_id?: unknown;
  [key: string]: unknown;
}

/** `GET /users/{id}` and list items: the Get User page's shape. */
export interface CrediraUser {
  id: unknown;
  email?: unknown;
  name?: unknown;
  company?: unknown;
  role?: unknown;
  department?: unknown;
  phone?: unknown;
  account_id?: unknown;
  status?: unknown;
  created_time?: unknown;
  updated_time?: unknown;
  last_login?: unknown;
  permissions?: unknown;
  activity_stats?: unknown;
  metadata?: unknown;
}

export type CrediraStatus = 'active' | 'inactive' | 'suspended';

export interface CrediraMetadataBody {
  timezone?: string | null;
  language?: string | null;
  external_id?: string | null;
  [key: string]: unknown;
}

/** The body of POST /users and PUT /users/{id}. */
export interface CrediraUserBody {
  email?: string;
  name?: string;
  company?: string;
  role?: string;
  department?: string | null;
  phone?: string | null;
  status?: CrediraStatus;
  permissions?: string[];
  metadata?: CrediraMetadataBody;
}
