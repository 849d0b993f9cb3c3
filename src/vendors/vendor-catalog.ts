import type { Type } from '@nestjs/common';
import { ChatwootStrategy } from './chatwoot/chatwoot.strategy.js';
import { CrispStrategy } from './crisp/crisp.strategy.js';
import { DecimalStrategy } from './decimal/decimal.strategy.js';
import { FrontStrategy } from './front/front.strategy.js';
import { GladlyStrategy } from './gladly/gladly.strategy.js';
import { GlassixStrategy } from './glassix/glassix.strategy.js';
import { HelpScoutStrategy } from './helpscout/helpscout.strategy.js';
import { HubSpotStrategy } from './hubspot/hubspot.strategy.js';
import { IntercomStrategy } from './intercom/intercom.strategy.js';
import { KustomerStrategy } from './kustomer/kustomer.strategy.js';
import { ReamazeStrategy } from './reamaze/reamaze.strategy.js';
import { SalesforceStrategy } from './salesforce/salesforce.strategy.js';
import { TawkToStrategy } from './tawkto/tawkto.strategy.js';
import { TiledeskStrategy } from './tiledesk/tiledesk.strategy.js';
import type { VendorDefinition } from './vendor-definition.js';
import type { VendorStrategy } from './vendor-strategy.js';
import { ZendeskStrategy } from './zendesk/zendesk.strategy.js';

/** A strategy class: a Nest provider whose static `definition` describes its vendor without an instance. */
export type VendorStrategyClass = Type<VendorStrategy> & { readonly definition: VendorDefinition };

/**
 * Every vendor, in one list: the one line to add for a new vendor (see docs/adding-a-vendor.md).
 * The module's providers, the OpenAPI vendor list and settings schemas, and the test kit read it.
 */
export const VENDOR_STRATEGY_CLASSES = [
  GlassixStrategy,
  GladlyStrategy,
  DecimalStrategy,
  TiledeskStrategy,
  HubSpotStrategy,
  HelpScoutStrategy,
  FrontStrategy,
  ChatwootStrategy,
  CrispStrategy,
  TawkToStrategy,
  ReamazeStrategy,
  IntercomStrategy,
  ZendeskStrategy,
  KustomerStrategy,
  SalesforceStrategy,
] as const satisfies readonly VendorStrategyClass[];

export type VendorId = (typeof VENDOR_STRATEGY_CLASSES)[number]['definition']['id'];

export const VENDOR_DEFINITIONS: readonly VendorDefinition[] = VENDOR_STRATEGY_CLASSES.map((strategy) => strategy.definition);

/** Vendor ids, sorted. */
export const VENDOR_IDS: readonly VendorId[] = VENDOR_STRATEGY_CLASSES.map((strategy) => strategy.definition.id).sort();
