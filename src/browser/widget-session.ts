// One integration's session: its hand-off to the vendor's widget, refresh before expiry, and end. A
// vendor's widget is one per page, so sessions of one vendor take it in the order they were attached:
// a session never hands over once it is detached, nor once a session attached after it took the vendor.
import {
  CHAT_IDENTITY_EVENTS,
  type AttachOptions,
  type ChatIdentityFailure,
  type ChatIdentitySession,
  type SessionState,
  type WidgetIdentity,
} from './chat-identity.types.js';
import { describe, fetchIdentityWithRetry, sleepUnlessAborted } from './identity-request.js';
import { isKnownVendor, VENDOR_WIDGETS, type Vendor, type VendorWidget, type VendorWindow } from './vendor-widgets.js';

type SessionSettings = Required<Omit<AttachOptions, 'onError' | 'signal'>> & Pick<AttachOptions, 'onError'>;

const POLL_MS = 50;
const SLOW_POLL_MS = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A credential is refreshed when this share of its remaining lifetime has passed. */
const REFRESH_AT = 0.8;
/** When the browser's clock says the credential has already expired (a skewed clock), ask again after this. */
const EXPIRED_ON_ARRIVAL_RETRY_MS = 30_000;

const page = (): VendorWindow => window as VendorWindow;
/** The sessions not yet ended, in the order they were attached. */
const liveSessions = new Set<WidgetSession>();
let attachedSoFar = 0;

export const sessionsOfPage = (): WidgetSession[] => [...liveSessions];

export class WidgetSession implements ChatIdentitySession {
  state: SessionState = 'attaching';
  readonly ready: Promise<SessionState>;
  private settleReady!: (state: SessionState) => void;
  /** The vendor of the first answer; undefined once a failure or the end came first. What older sessions wait on. */
  private readonly answeredVendor: Promise<Vendor | undefined>;
  private settleVendor!: (vendor: Vendor | undefined) => void;
  private vendorAnswered: Vendor | undefined;
  private readonly order = ++attachedSoFar;
  private identity: WidgetIdentity | undefined;
  private readonly abort = new AbortController();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private cleanups: Array<() => void> = [];
  private fetching: Promise<WidgetIdentity | undefined> | undefined;

  constructor(private readonly settings: SessionSettings) {
    this.ready = new Promise((resolve) => (this.settleReady = resolve));
    this.answeredVendor = new Promise((resolve) => (this.settleVendor = resolve));
    liveSessions.add(this);
  }

  /** True from the first moment of end(): nothing is handed over or reported after it. */
  private get ended(): boolean {
    return this.abort.signal.aborted;
  }

  get integration(): string {
    return this.settings.integration;
  }
  get vendor(): Vendor | undefined {
    return this.identity?.vendor;
  }
  get userId(): string | undefined {
    return this.identity?.userId;
  }
  get expiresAt(): Date | null | undefined {
    return this.identity && (this.identity.expiresAt === null ? null : new Date(this.identity.expiresAt));
  }

  async start(): Promise<void> {
    try {
      const identity = await this.fetchIdentity();
      if (identity) await this.handOff(identity);
      else if (this.state === 'attaching') this.state = 'failed';
    } catch (error) {
      // Nothing above throws by design; this keeps the session from ever rejecting into the page.
      this.fail({ kind: 'widget', message: describe(error) });
    }
    this.settleVendor(undefined);
    this.settleReady(this.state);
  }

  async refresh(): Promise<void> {
    if (this.ended) return;
    const identity = await this.fetchIdentity();
    if (identity) await this.handOff(identity);
  }

  async detach(): Promise<void> {
    this.end();
  }

  /** Ends the session now: cancels what is pending, and runs the vendor's logout if the widget holds its user. */
  end(): void {
    if (this.ended) return;
    const held = this.identity;
    this.identity = undefined;
    this.abort.abort();
    clearTimeout(this.refreshTimer);
    liveSessions.delete(this);
    if (held) this.logout(held.vendor);
    this.state = 'detached';
    this.settleVendor(undefined);
    this.settleReady(this.state);
    this.dispatch(CHAT_IDENTITY_EVENTS.detached, { integration: this.integration, vendor: held?.vendor, userId: held?.userId });
  }

  /** A hand-off valid now, for widgets that ask for a credential themselves. */
  private async fresh(): Promise<unknown> {
    const current = this.identity;
    if (current && !this.nearExpiry(current)) return current.handoff;
    const identity = await this.fetchIdentity();
    if (!identity || !current || identity.vendor !== current.vendor || identity.userId !== current.userId) {
      // Someone else is signed in now, or nobody: that is a switch (handOff does it), never this user's credential.
      if (identity) void this.handOff(identity);
      throw new Error('chat-identity: no credential for the user this widget was handed');
    }
    this.identity = identity;
    this.scheduleRefresh(identity);
    return identity.handoff;
  }

  private async handOff(identity: WidgetIdentity): Promise<void> {
    if (this.ended) return;
    if (!isKnownVendor(identity.vendor)) {
      this.fail({ kind: 'unsupported-vendor', message: `This version of chat-identity/browser cannot hand off to vendor "${String(identity.vendor)}".` });
      return;
    }
    this.vendorAnswered = identity.vendor;
    this.settleVendor(identity.vendor);
    if (await this.supersededOn(identity.vendor)) return this.end();
    if (this.ended) return;
    // What is left of this vendor was attached before this session: this one replaces it.
    for (const other of sessionsOfPage()) if (other !== this && other.vendorAnswered === identity.vendor) other.end();
    const widget = VENDOR_WIDGETS[identity.vendor] as VendorWidget<unknown>;
    if (!(await this.widgetLoaded(widget))) return;
    const previous = this.identity;
    const sameUser = previous !== undefined && previous.vendor === identity.vendor && previous.userId === identity.userId;
    if (previous && !sameUser) this.logout(previous.vendor);
    this.identity = identity;
    try {
      const context = {
        handoff: identity.handoff,
        fresh: () => this.fresh(),
        onLogout: (cleanup: () => void) => this.cleanups.push(cleanup),
        widgetOptions: this.settings.widgetOptions,
        // A vendor that says later it refused the credential; a session already ended reports nothing.
        refused: (error: unknown) => {
          if (!this.ended) this.fail({ kind: 'widget', message: `The ${identity.vendor} widget refused the credential: ${describe(error)}` });
        },
      };
      if (sameUser) (widget.refresh ?? widget.handOff)(page(), context);
      else widget.handOff(page(), context);
    } catch (error) {
      this.identity = undefined;
      this.fail({ kind: 'widget', message: `The ${identity.vendor} widget refused the hand-off: ${describe(error)}` });
      return;
    }
    const event = this.state === 'attached' ? CHAT_IDENTITY_EVENTS.refreshed : CHAT_IDENTITY_EVENTS.attached;
    this.state = 'attached';
    this.scheduleRefresh(identity);
    this.dispatch(event, { integration: this.integration, vendor: identity.vendor, userId: identity.userId });
  }

  /** True when a session attached after this one answered for `vendor` too (waiting for each such session's first answer). */
  private async supersededOn(vendor: Vendor): Promise<boolean> {
    const asked = new Set<WidgetSession>();
    for (;;) {
      const newer = sessionsOfPage().find((other) => other.order > this.order && !asked.has(other));
      if (!newer || this.ended) return false;
      asked.add(newer);
      if ((await newer.answeredVendor) === vendor && !newer.ended) return true;
    }
  }

  private logout(vendor: Vendor): void {
    const cleanups = this.cleanups;
    this.cleanups = [];
    for (const cleanup of cleanups) this.guard(cleanup);
    this.guard(() => VENDOR_WIDGETS[vendor].logout(page()), `The ${vendor} widget failed to log out`);
  }

  private scheduleRefresh(identity: WidgetIdentity): void {
    clearTimeout(this.refreshTimer);
    if (identity.expiresAt === null || this.ended) return;
    const remaining = Date.parse(identity.expiresAt) - Date.now();
    const delay = remaining > 0 ? remaining * REFRESH_AT : EXPIRED_ON_ARRIVAL_RETRY_MS;
    this.refreshTimer = setTimeout(() => void this.refresh(), Math.min(delay, MAX_TIMER_MS));
  }

  private nearExpiry(identity: WidgetIdentity): boolean {
    if (identity.expiresAt === null) return false;
    return Date.parse(identity.expiresAt) - Date.now() < 30_000;
  }

  /** One fetch at a time. Undefined: gave up, or detached. */
  private fetchIdentity(): Promise<WidgetIdentity | undefined> {
    this.fetching ??= fetchIdentityWithRetry({ ...this.settings, signal: this.abort.signal, report: (failure) => this.report(failure) }).finally(
      () => (this.fetching = undefined),
    );
    return this.fetching;
  }

  private async widgetLoaded(widget: VendorWidget<unknown>): Promise<boolean> {
    const since = Date.now();
    let reported = false;
    while (!this.guard(() => widget.loaded(page()))) {
      if (this.ended) return false;
      if (!reported && Date.now() - since >= this.settings.widgetTimeoutMs) {
        reported = true;
        this.report({
          integration: this.integration,
          kind: 'widget',
          message: `The vendor's widget script has not loaded after ${this.settings.widgetTimeoutMs} ms; still waiting for it.`,
          retrying: true,
          attempt: 1,
        });
      }
      await sleepUnlessAborted(reported ? SLOW_POLL_MS : POLL_MS, this.abort.signal);
    }
    return !this.ended;
  }

  private fail(failure: Pick<ChatIdentityFailure, 'kind' | 'message'>): void {
    if (this.state === 'attaching') this.state = 'failed';
    this.report({ ...failure, integration: this.integration, retrying: false, attempt: 1 });
  }

  /** Tells the page; never once the session is detached (a logout failure during the end itself still is). */
  private report(failure: ChatIdentityFailure): void {
    if (this.state === 'detached') return;
    this.settleVendor(undefined);
    this.guard(() => this.settings.onError?.(failure));
    this.dispatch(CHAT_IDENTITY_EVENTS.error, failure);
  }

  private dispatch(type: string, detail: unknown): void {
    this.guard(() => window.dispatchEvent(new CustomEvent(type, { detail })));
  }

  /** Runs page or vendor code; what it throws is reported (when `failing` says how), never thrown on. */
  private guard<T>(run: () => T, failing?: string): T | undefined {
    try {
      return run();
    } catch (error) {
      if (failing) this.report({ integration: this.integration, kind: 'widget', message: `${failing}: ${describe(error)}`, retrying: false, attempt: 1 });
      return undefined;
    }
  }
}
