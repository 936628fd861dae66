/**
 * The envelopes of the v3 API (reference §6.2), as the SDK's v3 collections read them and the platform's v3 routes
 * write them. What is inside `data` is each object type's own shape (the schema in `src/model/schema`).
 */

/** One item, or the answer of a write: `{"data":{...},"status":"Success"}` (a `message` may come along). */
export interface V3DataEnvelope<T> {
  data: T;
  status: 'Success';
  message?: string;
}

/**
 * A page of a list: `next`/`prev` are full URLs of the neighbouring pages (absent at the ends), `count` the number of
 * matching items when `count=true` was asked for on the first page.
 */
export interface V3ListEnvelope<T> {
  data: T[];
  status: 'Success';
  next?: string;
  prev?: string;
  count?: number;
}

/** An answer with only a message (a delete). */
export interface V3MessageEnvelope {
  message: string;
  status: 'Success';
}

/** A failure: `errCode` comes with invalid requests (400). */
export interface V3ErrorEnvelope {
  status: 'Error';
  message: string;
  errCode?: string;
}

/** A nested collection inside an item (`tags`, `attributes`, `associatedGroups`, ...): `{"data":[...]}`. */
export interface V3NestedList<T> {
  data: T[];
  count?: number;
}
