import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsEmail, IsIn, ValidateIf } from 'class-validator';
import { TokenLifetimeField } from '../settings-fields.js';
import { IsVendorBaseUrl, type VendorApiHosts } from '../vendor-base-url.js';

export const GLADLY_API_HOSTS: VendorApiHosts = { documented: 'https://{organization}.gladly.com', hosts: ['*.gladly.com'] };

export const GLADLY_MODES = ['standard', 'jwt'] as const;
export type GladlyMode = (typeof GLADLY_MODES)[number];

/** Checks the field in `jwt` mode, and in `standard` mode only when it is given. */
const ValidateInJwtModeOrWhenSet = (property: 'baseUrl' | 'apiUser'): PropertyDecorator =>
  ValidateIf((settings: GladlySettings) => settings.mode === 'jwt' || settings[property] !== undefined);

/** Settings of a Gladly integration; in `jwt` mode the stored secret is the API user's API token. */
export class GladlySettings {
  @ApiPropertyOptional({ description: 'standard: setUser({ name, email | phone }); jwt: plus an identity JWT minted by Gladly. Default: standard.', enum: GLADLY_MODES })
  @IsIn(GLADLY_MODES, { message: 'mode must be one of standard, jwt' })
  mode: GladlyMode = 'standard';

  @ApiPropertyOptional({
    description: 'https://{organization}.gladly.com (or a host of the vendor host allow-list); required in jwt mode.',
    example: 'https://yourorg.gladly.com',
  })
  @ValidateInJwtModeOrWhenSet('baseUrl')
  @IsDefined({ message: 'baseUrl is required in jwt mode' })
  @IsVendorBaseUrl('https://{organization}.gladly.com')
  baseUrl?: string;

  @ApiPropertyOptional({ description: "Email of the Gladly API user whose API token is the integration's secret; required in jwt mode.", format: 'email' })
  @ValidateInJwtModeOrWhenSet('apiUser')
  @IsDefined({ message: 'apiUser is required in jwt mode' })
  @IsEmail({}, { message: 'apiUser must be the email address of a Gladly API user' })
  apiUser?: string;

  @TokenLifetimeField(
    'Standard mode: the expiresAt reported to the client (when it should ask again). JWT mode: the lifetime assumed for a minted token whose exp cannot be read.',
    { min: 60, max: 86_400, default: 3600 },
  )
  tokenTtlSeconds = 3600;
}
