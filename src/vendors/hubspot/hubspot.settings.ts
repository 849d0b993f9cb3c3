import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsVendorBaseUrl } from '../vendor-base-url.js';

export const HUBSPOT_API_BASE_URL = 'https://api.hubapi.com';

/** Settings of a HubSpot integration; the stored secret is a private app's access token. */
export class HubSpotSettings {
  @ApiPropertyOptional({ description: `HubSpot's API host (http only for a loopback host). Default: ${HUBSPOT_API_BASE_URL}.` })
  @IsVendorBaseUrl(HUBSPOT_API_BASE_URL)
  baseUrl: string = HUBSPOT_API_BASE_URL;
}
