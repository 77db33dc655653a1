import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, InvalidRequestError } from '@userbridge/vendor-core';

function problemsOf(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...problemsOf(error.children ?? [], field)];
  });
}

/** Validation failures become one invalid_request listing every field at fault. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
