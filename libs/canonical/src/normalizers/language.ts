import { normalizeText } from './text';

const TAG = /^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?$/;

/** `en_US` -> `en-US`, `EN` -> `en`, `zh_hans_cn` -> `zh-Hans-CN`; null when not a language tag. */
export function normalizeLanguage(value: unknown): string | null {
  const text = normalizeText(value);
  if (text === null) return null;
  const match = TAG.exec(text);
  if (!match) return null;
  const [, language, script, region] = match;
  const parts = [language.toLowerCase()];
  if (script) parts.push(script[0].toUpperCase() + script.slice(1).toLowerCase());
  if (region) parts.push(region.toUpperCase());
  return parts.join('-');
}
