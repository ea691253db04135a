/**
 * Typed service errors; the API's one `onError` maps each to an HTTP status and a JSON body.
 * @example
 * throw new NotFoundError('ticket 7 not found');
 */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * A referenced record does not exist (404).
 * @example
 * throw new NotFoundError('site acme-hq not found');
 */
export class NotFoundError extends ServiceError {
  constructor(message: string) {
    super(message, 404, 'not-found');
  }
}

/**
 * The request conflicts with the current state (409), e.g. acknowledging a closed ticket.
 * @example
 * throw new ConflictError('ticket 7 is closed');
 */
export class ConflictError extends ServiceError {
  constructor(message: string) {
    super(message, 409, 'conflict');
  }
}

/**
 * Input is invalid (400); `issues` name each field path.
 * @example
 * throw new ValidationError('invalid plan', [{ path: 'P1.response', message: 'Required' }]);
 */
export class ValidationError extends ServiceError {
  constructor(message: string, issues: { path: string; message: string }[] = []) {
    super(message, 400, 'validation', issues);
  }
}

/**
 * The caller lacks the role for this action (403).
 * @example
 * throw new ForbiddenError('admin role required');
 */
export class ForbiddenError extends ServiceError {
  constructor(message: string) {
    super(message, 403, 'forbidden');
  }
}

/**
 * No or unknown credentials (401).
 * @example
 * throw new UnauthorizedError('missing bearer token');
 */
export class UnauthorizedError extends ServiceError {
  constructor(message: string) {
    super(message, 401, 'unauthorized');
  }
}
