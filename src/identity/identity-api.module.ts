import { Module } from '@nestjs/common';
import { IdentityController } from './identity.controller.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { IdentityModule } from './identity.module.js';

/** The end-user API, `POST /v1/identity/{integration}`: mounted when `controllers` is `identity` or `both`. */
@Module({ imports: [IdentityModule, RateLimitModule], controllers: [IdentityController] })
export class IdentityApiModule {}
