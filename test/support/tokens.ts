import { SignJWT } from 'jose';
import { USER_TOKEN_SECRET } from './app.js';

/** An access token as the company's identity provider would issue it for `sub`. */
export async function userToken(sub: string, claims: Record<string, unknown> = {}, expiresIn = '5m'): Promise<string> {
  return new SignJWT({ sub, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(USER_TOKEN_SECRET));
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
