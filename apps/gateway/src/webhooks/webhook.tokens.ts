/** Injection tokens of the webhooks module. */
export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');
export const WEBHOOK_GUARD = Symbol('WEBHOOK_GUARD');
