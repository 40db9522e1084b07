export interface FieldError {
  path: string;
  message: string;
}

/** An error the API means to return: the global filter turns it into problem+json with this status. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export class ValidationFailed extends AppError {
  constructor(
    errors: FieldError[],
    detail = 'The request is not valid; see `errors` for each offending field.',
  ) {
    super(400, 'validation-error', 'Your request is not valid', detail, errors);
  }
}

export class Unauthorized extends AppError {
  constructor(detail = 'A valid bearer token is required.') {
    super(401, 'unauthorized', 'Unauthorized', detail, undefined, { 'www-authenticate': 'Bearer' });
  }
}

export class Forbidden extends AppError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

/** 403 for an agent's token without the scope a route needs; the header names it, so the agent can step up. */
export class InsufficientScope extends AppError {
  constructor(scope: string, detail: string) {
    super(403, 'forbidden', 'Forbidden', detail, undefined, {
      'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"`,
    });
  }
}

export class NotFound extends AppError {
  constructor(what = 'Resource') {
    super(404, 'not-found', 'Not found', `${what} was not found.`);
  }
}

export class Conflict extends AppError {
  constructor(detail: string) {
    super(409, 'conflict', 'Conflict', detail);
  }
}

export class PreconditionFailed extends AppError {
  constructor(detail: string) {
    super(412, 'precondition-failed', 'Precondition failed', detail);
  }
}

export class UnprocessableEntity extends AppError {
  constructor(slug: string, detail: string) {
    super(422, slug, 'Unprocessable request', detail);
  }
}

/** A dependency (the database) is down or saturated: the client may retry after `retryAfterSeconds`. */
export class ServiceUnavailable extends AppError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(503, 'service-unavailable', 'Service unavailable', detail, undefined, {
      'retry-after': String(retryAfterSeconds),
    });
  }
}
