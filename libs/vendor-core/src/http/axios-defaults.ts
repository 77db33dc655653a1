import type { AxiosInstance } from 'axios';

/**
 * Axios merges its instance defaults into the config of every call, copying
 * the object-valued ones key by key (a header set per method, `transitional`,
 * `env`) and validating `transitional` again: about half of what axios itself
 * costs per call. The vendor client sends its whole header set, a JSON text
 * body or none, and handles the answer itself on every call, so its instance
 * (one per vendor module) keeps only the defaults it uses: no default headers
 * (the client's own replace them all), no request transform (the body is
 * already text), no response transform (the client parses the text itself;
 * axios normalises the answer's headers once per transform and once more),
 * axios's transitional flags at their defaults (unset), and no XSRF cookie
 * names (a browser's concern).
 */
export function trimAxiosDefaults(instance: AxiosInstance): void {
  const defaults = instance.defaults as unknown as Record<string, unknown>;
  defaults.headers = {};
  defaults.transformRequest = [];
  defaults.transformResponse = [];
  delete defaults.transitional;
  delete defaults.env;
  // Read by axios's browser transports only.
  delete defaults.xsrfCookieName;
  delete defaults.xsrfHeaderName;
}
