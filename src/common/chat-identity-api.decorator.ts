import { applyDecorators, UseFilters, UsePipes } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { createValidationPipe } from './validation.js';

const validationPipe = createValidationPipe();

/**
 * Every controller of the module answers problem+json and validates strictly, whatever global
 * filters and pipes the host app has (or lacks).
 */
export const ChatIdentityApi = (): ClassDecorator & MethodDecorator =>
  applyDecorators(UseFilters(ProblemDetailsFilter), UsePipes(validationPipe));
