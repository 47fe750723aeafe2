// Every API route names the least role it needs; a route without one is refused
// (deny by default). Health, metrics and the OpenAPI document are marked public.
import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles';

export const ROLE_KEY = 'hitless:role';
export const PUBLIC_KEY = 'hitless:public';

export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);
export const Public = () => SetMetadata(PUBLIC_KEY, true);
