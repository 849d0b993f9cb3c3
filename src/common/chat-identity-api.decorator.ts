import { applyDecorators, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { RequestInputGuard } from './request-input.guard.js';
import { createValidationPipe } from './validation.js';

const validationPipe = createValidationPipe();

/**
 * Every controller of the module answers problem+json, refuses hostile input first (RequestInputGuard)
 * and validates strictly, whatever global filters, guards and pipes the host app has (or lacks). A
 * controller that validates its input itself opts out of the pipe with `validationPipe: false`.
 *
 * Put it directly above `@Controller`, below the controller's own `@UseGuards`: class decorators apply
 * bottom-up, so its guard then runs before theirs (a spec checks every controller).
 */
export const ChatIdentityApi = ({ validationPipe: withValidationPipe = true } = {}): ClassDecorator & MethodDecorator =>
  applyDecorators(
    UseFilters(ProblemDetailsFilter),
    UseGuards(RequestInputGuard),
    ...(withValidationPipe ? [UsePipes(validationPipe)] : []),
  );
