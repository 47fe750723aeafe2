// GET /api/openapi.json
import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/require-role.decorator';
import { buildOpenApiDocument } from './openapi-document';

@Controller('api')
@Public()
export class OpenApiController {
  private readonly document = buildOpenApiDocument();

  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.document;
  }
}
