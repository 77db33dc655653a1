import { applyDecorators } from '@nestjs/common';

/**
 * One endpoint's OpenAPI decorators as one, listed as they would stand stacked
 * above the handler. Stacked decorators apply bottom-up; these are applied in
 * the same order, so the document's responses come out as they did stacked.
 * Each resource keeps its endpoints' prose in a `*.docs.ts` beside its
 * controller, and the controller carries one `@XDocs.endpoint()` line.
 */
export function ApiDoc(...decorators: (MethodDecorator | ClassDecorator)[]): MethodDecorator {
  return applyDecorators(...[...decorators].reverse()) as MethodDecorator;
}
