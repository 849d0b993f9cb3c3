/** Decimal recommends tokens that live 1 hour at most. */
export const DECIMAL_RECOMMENDED_MAX_TTL_SECONDS = 60 * 60;

/** Claims Decimal defines itself; a custom mapping may not set them. */
export const DECIMAL_OWN_CLAIMS = ['email', 'name', 'disable_escalation'] as const;
