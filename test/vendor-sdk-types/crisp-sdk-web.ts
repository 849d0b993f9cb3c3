// Our Crisp hand-off in crisp-sdk-web's signatures (compiled by test/vendor-sdk-types.e2e-spec.ts).
import { Crisp } from 'crisp-sdk-web';
import { type CrispHandoff, setEmailCommandsOf } from '../../src/vendors/crisp/crisp.widget.js';

declare const handoff: CrispHandoff;

// Each command is what Crisp.user.setEmail(email, hmac) pushes: its arguments are setEmail's.
for (const [, , [email, signature]] of setEmailCommandsOf(handoff)) Crisp.user.setEmail(email, signature);

// The untyped commands of before do not fit setEmail.
declare const untyped: { push: unknown[][] };
const [email, signature] = untyped.push[0][2] as unknown[];
// @ts-expect-error unknown values are not the email and HMAC setEmail takes
Crisp.user.setEmail(email, signature);
