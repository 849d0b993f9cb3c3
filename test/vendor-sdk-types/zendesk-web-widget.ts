// Our Zendesk hand-off in @types/zendesk-web-widget's signatures (compiled by test/vendor-sdk-types.e2e-spec.ts).
/// <reference types="zendesk-web-widget" />
import type { ZendeskGlobals, ZendeskHandoff, ZendeskLoginFailedError } from '../../src/vendors/zendesk/zendesk.widget.js';

declare const handoff: ZendeskHandoff;
declare const refused: (error: ZendeskLoginFailedError) => void;

// The messaging Web Widget's zE is the zE the widget calls: loginUser with both callbacks, and logoutUser.
export const page: ZendeskGlobals = { zE };

zE('messenger', 'loginUser', (callback) => callback(handoff.loginUser.jwt), (error) => error && refused(error));

// @ts-expect-error the JWT callback answers with the JWT string, not the hand-off
zE('messenger', 'loginUser', (callback) => callback(handoff.loginUser));
