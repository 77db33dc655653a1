/** Injection token of this vendor's VendorHttpClient. */
export const CREDIRA_HTTP = Symbol('CREDIRA_HTTP');
