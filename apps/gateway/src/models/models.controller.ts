import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ModelListResponse } from '@parallax/contracts';
import { ModelRegistry } from '@parallax/model-registry';

@ApiTags('models')
@Controller('models')
export class ModelsController {
  constructor(private readonly registry: ModelRegistry) {}

  @Get()
  @ApiOperation({ summary: 'Every registry model, with whether it can run now and, if not, why' })
  list(): ModelListResponse {
    return { models: this.registry.summaries() };
  }
}
