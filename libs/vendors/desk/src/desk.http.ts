/** Injection token of this vendor's VendorHttpClient. */
export const DESK_HTTP = Symbol('DESK_HTTP');
