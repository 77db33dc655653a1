/**
 * Whether an Accept header asks for `type` rather than JSON: it names `type`
 * before `application/json`, or without it. Order decides, not q-values: the
 * clients of the exports send one type, or their preference first.
 */
export function prefersOverJson(accept: string | undefined, type: string): boolean {
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  const wanted = types.indexOf(type);
  const json = types.indexOf('application/json');
  return wanted >= 0 && (json < 0 || wanted < json);
}
