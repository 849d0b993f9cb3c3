import { Inject } from '@nestjs/common';
import { CHAT_IDENTITY_MODULE_OPTIONS } from './chat-identity.module-definition.js';

/** The options with every default applied (ChatIdentityCoreModule resolves them once); internal to the module. */
const RESOLVED_OPTIONS = Symbol('CHAT_IDENTITY_RESOLVED_OPTIONS');
const CACHE_OPTIONS = Symbol('CHAT_IDENTITY_CACHE_OPTIONS');
const SUBJECT_RESOLVER = Symbol('CHAT_IDENTITY_SUBJECT_RESOLVER');
const ADMIN_GUARD = Symbol('CHAT_IDENTITY_ADMIN_GUARD');

/** The token of the module's options as given to `forRoot` / `forRootAsync`. */
export const getChatIdentityOptionsToken = (): symbol | string => CHAT_IDENTITY_MODULE_OPTIONS;
/** The token of the options with every default applied. */
export const getResolvedOptionsToken = (): symbol => RESOLVED_OPTIONS;
/** The token of the resolved cache settings (defaults applied). */
export const getCacheOptionsToken = (): symbol => CACHE_OPTIONS;
/** The token of the SubjectResolver in use: the host's, or the built-in bearer/trusted-service one. */
export const getSubjectResolverToken = (): symbol => SUBJECT_RESOLVER;
/** The token of the CanActivate that protects the admin API: the host's, or the built-in API-key guard. */
export const getAdminGuardToken = (): symbol => ADMIN_GUARD;

/** Injects the module's options as given to `forRoot` / `forRootAsync`. */
export const InjectChatIdentityOptions = (): ParameterDecorator => Inject(getChatIdentityOptionsToken());
/** Injects the options with every default applied. */
export const InjectResolvedOptions = (): ParameterDecorator => Inject(getResolvedOptionsToken());
/** Injects the resolved cache settings. */
export const InjectCacheOptions = (): ParameterDecorator => Inject(getCacheOptionsToken());
/** Injects the SubjectResolver in use, e.g. to issue identities from a host's own controller. */
export const InjectSubjectResolver = (): ParameterDecorator => Inject(getSubjectResolverToken());
/** Injects the admin API's CanActivate in use. */
export const InjectAdminGuard = (): ParameterDecorator => Inject(getAdminGuardToken());
