/** Where SubjectGuard leaves the resolved caller, for the guards after it and the controller. */
export const RESOLVED_SUBJECT = Symbol('chat-identity.subject');

/** A request SubjectGuard has run on; the per-subject rate limit needs only the external id. */
export interface RequestWithResolvedSubject<Subject extends { externalId: string } = { externalId: string }> {
  [RESOLVED_SUBJECT]?: Subject;
}
