import { describe, expect, it } from '@jest/globals';
import { type CanActivate, Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import {
  ChatIdentityModule,
  type ChatIdentityModuleOptions,
  chatIdentityEntities,
  getAdminGuardToken,
  getChatIdentityOptionsToken,
  getSubjectResolverToken,
  IdentityService,
  InjectAdminGuard,
  InjectSubjectResolver,
  type SubjectResolver,
} from 'chat-identity';
import { testDatabaseUrl } from './support/database.js';

/** A provider of the host's own module that imports nothing of chat-identity. */
@Injectable()
class SupportDesk {
  constructor(
    readonly identity: IdentityService,
    @InjectSubjectResolver() readonly resolver: SubjectResolver,
    @InjectAdminGuard() readonly adminGuard: CanActivate,
  ) {}
}

@Module({ providers: [SupportDesk] })
class SupportDeskModule {}

/** Needs only what the core used to hand out app-wide whatever `isGlobal` said. */
@Injectable()
class ResolverUser {
  constructor(@InjectSubjectResolver() readonly resolver: SubjectResolver) {}
}

@Module({ providers: [ResolverUser] })
class ResolverUserModule {}

const hostResolver: SubjectResolver = { resolve: () => null };
const options: ChatIdentityModuleOptions = { masterKeys: [{ id: 'k1', key: randomBytes(32) }], subjectResolver: hostResolver };

async function compileHost(isGlobal: boolean, imports: unknown[] = []) {
  return Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({ type: 'postgres', url: testDatabaseUrl(), entities: [...chatIdentityEntities] }),
      ChatIdentityModule.forRoot({ ...options, isGlobal, controllers: 'none' }),
      ...(imports as []),
    ],
  }).compile();
}

/** `isGlobal` decides whether the host's other modules see the module's services, resolver and admin guard. */
describe('ChatIdentityModule visibility', () => {
  it('keeps its services to the modules that import it unless isGlobal is set', async () => {
    await expect(compileHost(false, [SupportDeskModule])).rejects.toThrow(/can't resolve dependencies of the SupportDesk/);
    await expect(compileHost(false, [ResolverUserModule])).rejects.toThrow(/can't resolve dependencies of the ResolverUser/);
  });

  it('with isGlobal, lets any module inject its service, the resolver in use and the admin guard', async () => {
    const host = await compileHost(true, [SupportDeskModule]);
    try {
      const desk = host.get(SupportDesk, { strict: false });
      expect(desk.identity).toBeInstanceOf(IdentityService);
      expect(desk.resolver).toBe(hostResolver);
      expect(typeof desk.adminGuard.canActivate).toBe('function');
    } finally {
      await host.close();
    }
  });

  it('resolves each option-derived part once: the same resolver and guard wherever they are injected', async () => {
    @Injectable()
    class Reader {
      constructor(
        @Inject(getChatIdentityOptionsToken()) readonly given: ChatIdentityModuleOptions,
        @Inject(getSubjectResolverToken()) readonly resolver: SubjectResolver,
        @Inject(getAdminGuardToken()) readonly adminGuard: CanActivate,
      ) {}
    }
    @Module({ providers: [Reader] })
    class ReaderModule {}
    const host = await compileHost(true, [ReaderModule, SupportDeskModule]);
    try {
      const reader = host.get(Reader, { strict: false });
      const desk = host.get(SupportDesk, { strict: false });
      expect(reader.given.subjectResolver).toBe(hostResolver);
      expect(reader.resolver).toBe(desk.resolver);
      expect(reader.adminGuard).toBe(desk.adminGuard);
    } finally {
      await host.close();
    }
  });
});
