import { Controller, Get, Header, Param, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';
import { ApiAnswer, ApiProblems } from '../openapi/api-responses.decorator.js';
import { ClientAddressRateLimitGuard } from '../rate-limit/rate-limit.guards.js';
import { ApiPublic } from '../openapi/security-schemes.js';
import { JWKS_MAX_AGE_SECONDS } from '../secrets/key-publication.js';
import { type JwkSet, JwksService } from './jwks.service.js';

@ApiTags('identity')
// Public: each address spends the per-address budget of token requests here too.
@UseGuards(ClientAddressRateLimitGuard)
@ApiPublic()
@ChatIdentityApi()
@Controller('v1/jwks')
export class JwksController {
  constructor(private readonly jwks: JwksService) {}

  @Get(':integration')
  @Header('Cache-Control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`)
  @ApiOperation({
    operationId: 'getKeySet',
    summary: "The integration's JWK Set: the public keys its vendor verifies our RS256 tokens with",
    description:
      'Public, no credentials: give this URL to the vendor as its keyset endpoint (Salesforce: Enhanced Chat User Verification, ' +
      'type Endpoint URL). Pending, active and retired keys; a revoked key is gone at once.',
  })
  @ApiAnswer({
    description: 'A JWK Set (RFC 7517).',
    schema: {
      type: 'object',
      required: ['keys'],
      properties: {
        keys: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kid', 'kty', 'alg', 'use', 'n', 'e'],
            properties: {
              kid: { type: 'string' },
              kty: { type: 'string', enum: ['RSA'] },
              alg: { type: 'string', enum: ['RS256'] },
              use: { type: 'string', enum: ['sig'] },
              n: { type: 'string', description: 'Modulus, base64url.' },
              e: { type: 'string', description: 'Exponent, base64url.' },
            },
          },
        },
      },
    },
  })
  @ApiProblems([404, 429], { 404: 'No key set: the same answer for an unknown slug, a disabled integration and a vendor that verifies a shared secret.' })
  keySet(@Param('integration') integration: string): Promise<JwkSet> {
    return this.jwks.keySet(integration);
  }
}
