import { ChatIdentityError, ChatIdentityErrorCode, forbidden, unauthenticated } from '../common/chat-identity.error.js';
import type { AdminIdentity, AdminRole } from '../common/admin-identity.js';

export const BRUTE_FORCE_MESSAGE = 'Too many failed admin sign-ins from this address; retry later.';

export const adminCredentialsRefused = (): ChatIdentityError => unauthenticated('Admin credentials are missing or wrong.');

export const notAnAdmin = (): ChatIdentityError => forbidden('The signed-in user may not use the admin API.');

/** 403 naming the role the route needs and the one the admin has. */
export const roleRequired = (needed: AdminRole, admin: AdminIdentity): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.Forbidden, `this needs the ${needed} role; ${admin.name} is a${admin.role === 'operator' || admin.role === 'owner' ? 'n' : ''} ${admin.role}`, {
    extensions: { code: 'admin_role_required', requiredRole: needed },
  });

/** 403 for a single sign-on whose role claim names no admin role (missing, empty or unknown values). */
export const ssoRefused = (roleClaim: string): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.Forbidden, `The sign-in provider vouched for you, but its ${roleClaim} claim names no admin role (viewer, operator or owner).`, {
    extensions: { code: 'admin_role_missing' },
  });

/** 403 for a write sent with the admin session cookie from another site (cross-site request forgery). */
export const crossSiteWriteRefused = (): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.Forbidden, 'Writes signed in by the admin session cookie must come from this service\'s own pages.', {
    extensions: { code: 'admin_cross_site_refused' },
  });
