/** Injection token of this vendor's VendorHttpClient. */
export const CONVIRZA_HTTP = Symbol('CONVIRZA_HTTP');
