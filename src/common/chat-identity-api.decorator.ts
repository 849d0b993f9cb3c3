import { applyDecorators, UseFilters, UsePipes } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { createValidationPipe } from './validation.js';

const validationPipe = createValidationPipe();

/**
 * Every controller of the module answers problem+json and validates strictly, whatever global
 * filters and pipes the host app has (or lacks). A controller that validates its input itself opts
 * out of the pipe with `validationPipe: false`.
 */
export const ChatIdentityApi = ({ validationPipe: withValidationPipe = true } = {}): ClassDecorator & MethodDecorator =>
  withValidationPipe ? applyDecorators(UseFilters(ProblemDetailsFilter), UsePipes(validationPipe)) : UseFilters(ProblemDetailsFilter);
