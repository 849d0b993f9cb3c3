// Our Intercom hand-off in @types/intercom-web's signatures (compiled by test/vendor-sdk-types.e2e-spec.ts).
/// <reference types="intercom-web" />
import type { IntercomHandoff } from '../../src/vendors/intercom/intercom.widget.js';

declare const handoff: IntercomHandoff;

Intercom('boot', handoff.intercomSettings);
window.intercomSettings = { ...window.intercomSettings, ...handoff.intercomSettings };

// @ts-expect-error boot takes the settings object, not the bare JWT
Intercom('boot', handoff.intercomSettings.intercom_user_jwt);
