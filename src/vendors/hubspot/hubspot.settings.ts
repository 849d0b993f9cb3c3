import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsVendorBaseUrl, type VendorApiHosts } from '../vendor-base-url.js';

export const HUBSPOT_API_BASE_URL = 'https://api.hubapi.com';

export const HUBSPOT_API_HOSTS: VendorApiHosts = { documented: HUBSPOT_API_BASE_URL, hosts: ['api.hubapi.com'] };

/** Settings of a HubSpot integration; the stored secret is a private app's access token. */
export class HubSpotSettings {
  @ApiPropertyOptional({ description: `HubSpot's API host (or a host of the vendor host allow-list). Default: ${HUBSPOT_API_BASE_URL}.` })
  @IsVendorBaseUrl(HUBSPOT_API_BASE_URL)
  baseUrl: string = HUBSPOT_API_BASE_URL;
}
