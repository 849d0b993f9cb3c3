import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { RequestInputGuard } from './request-input.guard.js';

/**
 * Every controller of the module answers problem+json and refuses hostile input first (RequestInputGuard),
 * whatever global filters and guards the host app has (or lacks). Inputs are validated by the parameters
 * themselves (ValidatedBody, ValidatedQuery), so a host's global ValidationPipe neither strips nor re-words them.
 *
 * Put it directly above `@Controller`, below the controller's own `@UseGuards`: class decorators apply
 * bottom-up, so its guard then runs before theirs (a spec checks every controller).
 */
export const ChatIdentityApi = (): ClassDecorator & MethodDecorator => applyDecorators(UseFilters(ProblemDetailsFilter), UseGuards(RequestInputGuard));
