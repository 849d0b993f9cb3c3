import { ChatIdentityException, type FieldProblem } from '../common/chat-identity.error.js';

export enum UsersExceptionCode {
  UserNotFound = 'user_not_found',
  /** An import pair contradicts a stored mapping (the external id or the UUID belongs to someone else). */
  MappingConflict = 'user_mapping_conflict',
  /** An external id, or import rows, that can never be stored. */
  InvalidInput = 'invalid_user_input',
}

const STATUS: Record<UsersExceptionCode, number> = {
  [UsersExceptionCode.UserNotFound]: 404,
  [UsersExceptionCode.MappingConflict]: 409,
  [UsersExceptionCode.InvalidInput]: 400,
};

/** What went wrong with end users and their UUIDs. */
export class UsersException extends ChatIdentityException<UsersExceptionCode> {
  get status(): number {
    return STATUS[this.code];
  }
}

export const userNotFound = (externalId: string): UsersException =>
  new UsersException(UsersExceptionCode.UserNotFound, `No user with external id "${externalId}".`);

export const userIdNotFound = (userId: string): UsersException =>
  new UsersException(UsersExceptionCode.UserNotFound, `No user with UUID ${userId}.`);

export const invalidUserInput = (message: string, errors: FieldProblem[] = []): UsersException =>
  new UsersException(UsersExceptionCode.InvalidInput, message, { errors });

export const mappingConflict = (message: string, errors: FieldProblem[]): UsersException =>
  new UsersException(UsersExceptionCode.MappingConflict, message, { errors });
