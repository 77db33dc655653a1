import { SetMetadata } from '@nestjs/common';
import { KeyScope } from '../config/api-keys';

export const PUBLIC_ROUTE = 'userbridge:public';
export const REQUIRED_SCOPE = 'userbridge:scope';

/** Open to anyone (health probes). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Routes need a read key unless marked otherwise. */
export const RequiresScope = (scope: KeyScope) => SetMetadata(REQUIRED_SCOPE, scope);
