import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseUnavailable } from '../common/database-unavailable.js';

const SERVES_WITHOUT_DATABASE = Symbol('SERVES_WITHOUT_DATABASE');

/** Marks a controller (health checks) that answers before the database is connected. */
export const ServesWithoutDatabase = (): ClassDecorator & MethodDecorator => SetMetadata(SERVES_WITHOUT_DATABASE, true);

/** Until the standalone's first connection and migrations succeed, every other route is a 503 with Retry-After. */
@Injectable()
export class DatabaseReadyGuard implements CanActivate {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.dataSource.isInitialized) return true;
    if (this.reflector.getAllAndOverride<boolean>(SERVES_WITHOUT_DATABASE, [context.getHandler(), context.getClass()])) return true;
    throw databaseUnavailable();
  }
}
