export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object as stored in a jsonb column. */
export type JsonObject = { [key: string]: JsonValue };
