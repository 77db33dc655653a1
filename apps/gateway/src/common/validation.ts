import { ArgumentMetadata, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, InvalidRequestError } from '@userbridge/errors';

function problemsOf(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...problemsOf(error.children ?? [], field)];
  });
}

function isEmptyQuery(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** The own fields of an instance when every one is a primitive (safe to copy), else null. */
function primitiveFields(instance: object): Record<string, unknown> | null {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(instance)) {
    if (typeof value === 'object' && value !== null) return null;
    fields[key] = value;
  }
  return fields;
}

/**
 * No query or path parameter may hold a NUL character: PostgreSQL text cannot
 * store one (a search or an id would fail in the database), and no name, id,
 * time or cursor of ours contains one. Checked here, for every parameter of
 * every route, so a new parameter cannot forget it.
 */
function refuseNul(value: unknown, name: string | undefined): void {
  const bad = (text: unknown) => typeof text === 'string' && text.includes('\u0000');
  const offending: string[] = [];
  if (typeof value === 'object' && value !== null && name === undefined) {
    for (const [key, entry] of Object.entries(value))
      if (bad(entry) || (Array.isArray(entry) && entry.some(bad))) offending.push(key);
  } else if (bad(value) || (Array.isArray(value) && value.some(bad))) {
    offending.push(name ?? 'parameter');
  }
  if (offending.length === 0) return;
  throw new InvalidRequestError(`${offending.join(', ')} must not contain a NUL character (%00)`, {
    problems: offending.map((field) => ({ field, message: 'contains a NUL character' })),
  });
}

/**
 * The global ValidationPipe, remembering per query DTO what an empty query
 * string comes out as. Most reads send no query at all, and the answer for
 * `{}` depends on the DTO class only: the first empty query of each class goes
 * through class-transformer and class-validator as any other; when it passes
 * with only primitive fields, later empty queries get a fresh instance with
 * the same fields (and prototype), without the per-request validation run. When it fails,
 * every empty query keeps going through the full pipe (and fails the same way).
 */
class GatewayValidationPipe extends ValidationPipe {
  private readonly emptyQueries = new Map<Type<unknown>, Record<string, unknown> | null>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    if (metadata.type === 'query' || metadata.type === 'param') refuseNul(value, metadata.data);
    if (
      metadata.type !== 'query' ||
      metadata.data !== undefined ||
      !metatype ||
      !isEmptyQuery(value)
    )
      return super.transform(value, metadata);
    const known = this.emptyQueries.get(metatype);
    if (known) return Object.assign(Object.create(metatype.prototype as object) as object, known);
    const result = (await super.transform(value, metadata)) as unknown;
    if (known === undefined)
      this.emptyQueries.set(
        metatype,
        result instanceof metatype ? primitiveFields(result as object) : null,
      );
    return result;
  }
}

/** Validation failures become one invalid_request listing every field at fault. */
export function createValidationPipe(): ValidationPipe {
  return new GatewayValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = problemsOf(errors);
      const unknown = problems
        .filter((p) => p.message.includes('should not exist'))
        .map((p) => p.field);
      const message =
        unknown.length > 0 && unknown.length === problems.length
          ? `Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`
          : problems.map((p) => p.message).join('; ');
      return new InvalidRequestError(message, { problems });
    },
  });
}
