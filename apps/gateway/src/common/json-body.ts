import { InvalidRequestError } from '@userbridge/errors';
import type { FastifyInstance } from 'fastify';
import { BODY_LIMIT_BYTES } from './body-limit';
import { UnsupportedMediaTypeError } from './gateway-errors';

/** Where `application/scim+json` bodies are taken (RFC 7644 §3.1): the SCIM endpoints only. */
export const SCIM_PATH_PREFIX = '/scim/';

/** Deeper than any body the API defines; recursion in validation must never meet a deeper one. */
export const MAX_JSON_DEPTH = 32;

/** How deep objects and arrays nest in a JSON text, found without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * JSON is the only body the API takes: every other content type (forms,
 * text/plain) is refused by Fastify as 415 before any handler runs, and
 * `application/scim+json` is JSON on the SCIM endpoints only. JSON nested
 * deeper than MAX_JSON_DEPTH is a 400 before it is parsed.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/scim+json',
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (request, body, done) => {
      if (!request.url.startsWith(SCIM_PATH_PREFIX)) {
        done(new UnsupportedMediaTypeError(), undefined);
        return;
      }
      if (jsonDepth(body as string) > MAX_JSON_DEPTH) {
        done(
          new InvalidRequestError(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`),
          undefined,
        );
        return;
      }
      void parse(request, body as string, done);
    },
  );
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (request, body, done) => {
      if (jsonDepth(body as string) > MAX_JSON_DEPTH) {
        done(
          new InvalidRequestError(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`),
          undefined,
        );
        return;
      }
      void parse(request, body as string, done);
    },
  );
}
