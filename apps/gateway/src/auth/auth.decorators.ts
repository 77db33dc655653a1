import { applyDecorators, SetMetadata } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { KeyScope } from '../config/api-keys';

export const PUBLIC_ROUTE = 'userbridge:public';
export const REQUIRED_SCOPE = 'userbridge:scope';

/**
 * `security: []` on the operation, merged into whatever @ApiOperation holds
 * (in either decorator order), so the API description shows no padlock.
 */
const OpenInApiDescription =
  (): MethodDecorator => (_target, _key, descriptor: PropertyDescriptor) => {
    const previous: object = Reflect.getMetadata(DECORATORS.API_OPERATION, descriptor.value) ?? {};
    Reflect.defineMetadata(
      DECORATORS.API_OPERATION,
      { ...previous, security: [] },
      descriptor.value,
    );
    return descriptor;
  };

/** Open to anyone (health probes). */
export const Public = () =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), OpenInApiDescription());

/** Routes need a read key unless marked otherwise. */
export const RequiresScope = (scope: KeyScope) => SetMetadata(REQUIRED_SCOPE, scope);
