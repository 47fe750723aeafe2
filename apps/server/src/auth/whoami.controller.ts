// GET /api/v1/whoami: who the token belongs to and its role, so a client (the
// dashboard's sign-in) can check a token and offer only what the role may do.
import { Controller, Get } from '@nestjs/common';
import type { Served } from '@hitless/api-contract';
import { CurrentPrincipal } from './principal.decorator';
import { RequireRole } from './require-role.decorator';
import type { Principal } from './roles';

@Controller('whoami')
export class WhoamiController {
  @Get()
  @RequireRole('viewer')
  get(@CurrentPrincipal() principal: Principal): Served<'whoami'> {
    return { name: principal.name, role: principal.role };
  }
}
