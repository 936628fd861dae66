/** A v2 failure: becomes `{"status":"Failure","message":...}` with the given HTTP status. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** a body to send instead of the v2 envelope (batch uses `{status:"Invalid",description}`) */
    readonly body?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const MESSAGES = {
  notFound: 'The requested resource was not found',
  malformed: 'The request was not properly formed',
  unknown: 'An unknown error occurred',
  ownerNotFound: 'The requested owner was not found',
  /**
   * An owner that exists but that the user is not a member of. The real API answers both cases with the text
   * above; the local platform keeps that text as the prefix (clients matching it still work) and says why, so
   * a developer whose feed owner was created without the API user sees the cause (a deliberate deviation).
   */
  ownerNoAccess: (name: string) => `The requested owner was not found (owner ${JSON.stringify(name)} exists, but this user is not a member of it)`,
  badSignature: 'Signature data did not match expected result',
  badTimestampRange: 'Timestamp out of acceptable time range',
  invalidTimestamp: 'Invalid timestamp',
  accessDenied: 'Access Denied',
  unauthorized: 'Unauthorized',
  pagination: 'The resultStart and resultLimit query parameters must be integers and the maximum value for resultLimit is 10000',
} as const;

export const notFound = (): ApiFailure => new ApiFailure(404, MESSAGES.notFound);
export const badRequest = (message: string = MESSAGES.malformed): ApiFailure => new ApiFailure(400, message);
