// GraphQL errors with a stable `extensions.code`, so clients can branch on the code, not the text.
import { GraphQLError } from 'graphql';

export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'INTERNAL_SERVER_ERROR';

/** `extra` carries machine-readable detail (e.g. how much stock there was) beside the message. */
export function badInput(message: string, field?: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}), ...extra } });
}

export function notFound(type: string, id: string): GraphQLError {
  return new GraphQLError(`${type} ${JSON.stringify(id)} does not exist`, { extensions: { code: 'NOT_FOUND', type, id } });
}

export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT' } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}
