/** The Postgres schema that holds chat-identity's tables and its migrations table unless configured otherwise. */
export const DEFAULT_CHAT_IDENTITY_SCHEMA = 'chat_identity';

/** A plain lower-case identifier: it is written into SQL unquoted, and Postgres limits names to 63 bytes. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name, or an error saying what a valid one looks like. */
export function validSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid chat-identity schema "${schema}": use lower-case letters, digits and _ (at most 63, not starting with a digit).`);
  }
  return schema;
}
