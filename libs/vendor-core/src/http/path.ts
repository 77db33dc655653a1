/**
 * Builds a relative path from literal and dynamic segments, percent-encoding
 * each dynamic one so `../`, `/`, `?` or `#` in an id can never change the route.
 */
export function pathOf(strings: TemplateStringsArray, ...segments: (string | number)[]): string {
  return strings.reduce(
    (path, literal, i) =>
      path + literal + (i < segments.length ? encodeURIComponent(String(segments[i])) : ''),
    '',
  );
}
