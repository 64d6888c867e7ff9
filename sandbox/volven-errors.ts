import { sendJson } from './http-kit.ts';
import type { Ctx } from './http-kit.ts';

/** The docs' example awsUsername for the MFA user, so screenshots and docs line up. */
export const AWS_USERNAMES: Record<string, string> = {
  'trader@volven.test': '9205eec4-8b36-48a4-aa6c-a73e8ce01684',
};

interface VolvenErrorSpec {
  status: number;
  errorCode: string;
  error: string;
  description: string;
}

/**
 * Every error the Volven sandbox answers, in one place. The login endpoint's failures are not
 * documented, so these borrow the shape of Volven's other APIs.
 */
export const VOLVEN_ERRORS = {
  malformed: {
    status: 400,
    errorCode: 'MALFORMED_REQUEST',
    error: 'Malformed request body',
    description: 'The request body must be a JSON object',
  },
  missingField: {
    status: 400,
    errorCode: 'VALIDATION_ERROR',
    error: 'Validation failed',
    description: 'Required field is missing',
  },
  badCredentials: {
    status: 401,
    errorCode: 'INVALID_CREDENTIALS',
    error: 'Incorrect username or password',
    description: 'Incorrect username or password',
  },
  badCode: {
    status: 400,
    errorCode: 'INVALID_MFA_CODE',
    error: 'Invalid code',
    description: 'The code is not valid',
  },
  sessionExpired: {
    status: 401,
    errorCode: 'SESSION_EXPIRED',
    error: 'Session expired, sign in again',
    description: 'The challenge session is not valid or has expired',
  },
  badRefresh: {
    status: 401,
    errorCode: 'INVALID_REFRESH_TOKEN',
    error: 'Session expired, sign in again',
    description: 'The refresh token is not valid or has expired',
  },
  unauthorized: {
    status: 401,
    errorCode: 'UNAUTHORIZED',
    error: 'Unauthorized',
    description: 'A valid bearer token is required',
  },
  notFound: {
    status: 404,
    errorCode: 'NOT_FOUND',
    error: 'Not found',
    description: 'No such endpoint in the sandbox',
  },
  wrongMethod: {
    status: 405,
    errorCode: 'METHOD_NOT_ALLOWED',
    error: 'Method not allowed',
    description: 'This method is not supported here',
  },
  tooMany: {
    status: 429,
    errorCode: 'TOO_MANY_REQUESTS',
    error: 'Too many requests',
    description: 'Slow down',
  },
} satisfies Record<string, VolvenErrorSpec>;

/** The body of one error; `rejectedValue` is always null, so a code or password is never echoed. */
export function volvenErrorBody(spec: VolvenErrorSpec, path: string, fields: string[] = []) {
  return {
    timestamp: new Date().toISOString(),
    status: spec.status,
    path,
    errorCode: spec.errorCode,
    error: spec.error,
    errors: [{ fields, rejectedValue: null, description: spec.description }],
  };
}

export function volvenError(ctx: Ctx, spec: VolvenErrorSpec, fields: string[] = []): void {
  const headers: Record<string, string> = spec.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  sendJson(ctx.res, spec.status, volvenErrorBody(spec, ctx.url.pathname, fields), headers);
}

export function missingStrings(body: Record<string, unknown>, names: string[]): string[] {
  return names.filter((n) => typeof body[n] !== 'string' || body[n] === '');
}

/** AWS Cognito's own answers, as an API in front of it may pass them through (with a 401). */
export const COGNITO_WRONG_CODE = {
  __type: 'CodeMismatchException',
  message: 'Invalid code received for user',
};
export const COGNITO_EXPIRED = {
  __type: 'NotAuthorizedException',
  message: 'Invalid session for the user, session is expired.',
};
