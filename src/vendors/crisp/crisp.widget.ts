// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

/** `["set", "user:email", [email, signature]]`: what crisp-sdk-web's `Crisp.user.setEmail(email, hmac)` pushes. */
type CrispSetEmailCommand = ['set', 'user:email', [email: string, signature: string]];

/** The hand-off as the OpenAPI contract types it (OpenAPI 3.0 has no tuples): commands for `$crisp.push`. */
export interface CrispHandoff {
  push: Array<Array<string | string[]>>;
}

const isSetEmailCommand = (command: Array<string | string[]>): command is CrispSetEmailCommand => {
  const [verb, key, values] = command;
  return command.length === 3 && verb === 'set' && key === 'user:email' && Array.isArray(values) && values.length === 2;
};

/** The hand-off's commands as Crisp's SDK takes them (`setEmail(email, hmac)`); nothing else is handed over. */
export const setEmailCommandsOf = (handoff: CrispHandoff): CrispSetEmailCommand[] => handoff.push.filter(isSetEmailCommand);

export interface CrispGlobals {
  $crisp?: { push(command: CrispSetEmailCommand | ['do', 'session:reset']): unknown };
}

export const crisp: VendorWidget<CrispHandoff, CrispGlobals> = {
  loaded: (page) => typeof page.$crisp?.push === 'function',
  handOff(page, { handoff }) {
    for (const command of setEmailCommandsOf(handoff)) page.$crisp!.push(command);
  },
  logout: (page) => page.$crisp?.push(['do', 'session:reset']),
};
