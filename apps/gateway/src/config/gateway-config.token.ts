/** The validated configuration, provided once to the whole app. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
