// The browser library's vendor catalog: each vendor's widget entry (src/vendors/<id>/<id>.widget.ts),
// one line per vendor. Nothing else in the library mentions a vendor.
import { chatwoot } from '../vendors/chatwoot/chatwoot.widget.js';
import { crisp } from '../vendors/crisp/crisp.widget.js';
import { decimal } from '../vendors/decimal/decimal.widget.js';
import { front } from '../vendors/front/front.widget.js';
import { gladly } from '../vendors/gladly/gladly.widget.js';
import { glassix } from '../vendors/glassix/glassix.widget.js';
import { helpscout } from '../vendors/helpscout/helpscout.widget.js';
import { hubspot } from '../vendors/hubspot/hubspot.widget.js';
import { intercom } from '../vendors/intercom/intercom.widget.js';
import { kustomer } from '../vendors/kustomer/kustomer.widget.js';
import { reamaze } from '../vendors/reamaze/reamaze.widget.js';
import { salesforce } from '../vendors/salesforce/salesforce.widget.js';
import { tawkto } from '../vendors/tawkto/tawkto.widget.js';
import { tiledesk } from '../vendors/tiledesk/tiledesk.widget.js';
import { zendesk } from '../vendors/zendesk/zendesk.widget.js';
import type { HandoffOf } from './vendor-widget.js';

export type { VendorWidget } from './vendor-widget.js';

/** Every vendor the browser library hands off to (a new vendor: its import and its name here). */
export const VENDOR_WIDGETS = { glassix, gladly, decimal, tiledesk, intercom, zendesk, kustomer, salesforce, helpscout, front, chatwoot, crisp, tawkto, reamaze, hubspot };

export type Vendor = keyof typeof VENDOR_WIDGETS;

/** The `handoff` of a token answer, by vendor. */
export type Handoffs = { [V in Vendor]: HandoffOf<(typeof VENDOR_WIDGETS)[V]> };

/** The page the entries are handed; each entry types the globals its vendor's snippet defines. */
export type VendorWindow = Window;

export const isKnownVendor = (vendor: string): vendor is Vendor => Object.prototype.hasOwnProperty.call(VENDOR_WIDGETS, vendor);
