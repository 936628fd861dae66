import { ApiFailure, MESSAGES } from '../../http/errors.js';
import type { Handler } from '../../http/router.js';
import type { PlatformResponse } from '../../http/respond.js';
import type { V3DataEnvelope, V3ErrorEnvelope, V3MessageEnvelope } from '../../../contract/v3-wire.js';

/**
 * v3 answers failures as `{"status":"Error","errCode":...,"message":...}` (reference §6.2). The platform uses
 * errCode `0x1001` for every invalid request (400), the code the reference shows; other statuses carry none.
 */
export const V3_BAD_REQUEST = '0x1001';

export function v3Failure(status: number, message: string): ApiFailure {
  const body: V3ErrorEnvelope = { status: 'Error', message };
  if (status === 400) body.errCode = V3_BAD_REQUEST;
  return new ApiFailure(status, message, body);
}

/** Wraps a handler so every failure it raises (store, owner checks, parsing) leaves in the v3 shape. */
export function v3(handler: Handler): Handler {
  return async (req) => {
    try {
      return await handler(req);
    } catch (err) {
      if (err instanceof ApiFailure) throw err.body && (err.body as { status?: string }).status === 'Error' ? err : v3Failure(err.status, err.message);
      throw err;
    }
  };
}

export const v3NotFound = (): ApiFailure => v3Failure(404, MESSAGES.notFound);

export const v3Data = (data: unknown, status = 200, message?: string): PlatformResponse => ({
  status,
  body: (message ? { data, message, status: 'Success' } : { data, status: 'Success' }) satisfies V3DataEnvelope<unknown>,
});

export const v3Message = (message: string): PlatformResponse => ({ status: 200, body: { message, status: 'Success' } satisfies V3MessageEnvelope });
