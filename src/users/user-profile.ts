/** What the host app knows about a user; only `externalId` is required. */
export interface UserProfile {
  externalId: string;
  email?: string;
  name?: string;
  phone?: string;
}

/** A user as the rest of the module sees it. */
export interface StableUser {
  /** The stable, lower-case UUID every vendor knows this user by. */
  userId: string;
  externalId: string;
  email: string | null;
  name: string | null;
  phone: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ImportMapping {
  externalId: string;
  uuid: string;
}

export interface ImportReport {
  inserted: number;
  alreadyPresent: number;
}

export const MAX_EXTERNAL_ID_LENGTH = 255;
