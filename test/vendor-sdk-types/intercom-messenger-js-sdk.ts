// Our Intercom hand-off in @intercom/messenger-js-sdk's own signatures (compiled by test/vendor-sdk-types.e2e-spec.ts).
import { boot } from '@intercom/messenger-js-sdk';
import type { IntercomBootSettings, IntercomGlobals, IntercomHandoff } from '../../src/vendors/intercom/intercom.widget.js';

declare const handoff: IntercomHandoff;
declare const bootSettings: IntercomBootSettings;

// What the server hands over, and what the widget boots with, are settings the SDK boots.
boot(handoff.intercomSettings);
boot(bootSettings);

// What the SDK leaves in window.intercomSettings (api_base, installation_type) is what the widget merges into.
export const pageSettings: IntercomGlobals['intercomSettings'] = window.intercomSettings;

// @ts-expect-error settings without the app_id are not ones the SDK boots
boot({ intercom_user_jwt: handoff.intercomSettings.intercom_user_jwt });
