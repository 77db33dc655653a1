/**
 * A request path and its route template (`users/:id`): the template, never
 * the values, labels metrics and logs, so the number of series cannot grow
 * with the ids seen.
 */
export class VendorPath {
  constructor(
    readonly path: string,
    readonly route: string,
  ) {}

  toString(): string {
    return this.path;
  }
}

/**
 * Builds a relative path from literal and dynamic segments, percent-encoding
 * each dynamic one so `../`, `/`, `?` or `#` in an id can never change the route.
 */
export function pathOf(
  strings: TemplateStringsArray,
  ...segments: (string | number)[]
): VendorPath {
  const join = (value: (i: number) => string) =>
    strings.reduce(
      (path, literal, i) => path + literal + (i < segments.length ? value(i) : ''),
      '',
    );
  return new VendorPath(
    join((i) => encodeURIComponent(String(segments[i]))),
    join(() => ':id').replace(/^\/+/, ''),
  );
}
