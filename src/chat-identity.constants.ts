import { Inject } from '@nestjs/common';
import { CHAT_IDENTITY_MODULE_OPTIONS } from './chat-identity.module-definition.js';

/** Resolved cache settings (defaults applied). */
export const CHAT_IDENTITY_CACHE_OPTIONS = Symbol('CHAT_IDENTITY_CACHE_OPTIONS');
/** The SubjectResolver in use: the host's, or the built-in bearer/trusted-service one. */
export const SUBJECT_RESOLVER = Symbol('CHAT_IDENTITY_SUBJECT_RESOLVER');
/** The CanActivate that protects the admin API: the host's, or the built-in API-key guard. */
export const ADMIN_GUARD = Symbol('CHAT_IDENTITY_ADMIN_GUARD');

/** Injects the module's options as given to `forRoot` / `forRootAsync`. */
export const InjectChatIdentityOptions = (): ParameterDecorator => Inject(CHAT_IDENTITY_MODULE_OPTIONS);

/** Injects the SubjectResolver in use, e.g. to issue identities from a host's own controller. */
export const InjectSubjectResolver = (): ParameterDecorator => Inject(SUBJECT_RESOLVER);
