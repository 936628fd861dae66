// The local platform knows only the standard indicator types, so tests of custom-type discovery use this small
// server: it speaks the v2 wire format for one custom type ("Phone Number": number and carrier) and nothing else.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CustomTypeServer {
  apiPath: string;
  /** `METHOD /path?query` of every request received */
  seen: string[];
  close(): Promise<void>;
}

const TYPES = [
  { name: 'Address', custom: 'false', parsable: 'true', apiBranch: 'addresses', apiEntity: 'address', value1Label: 'ip', value1Type: 'text' },
  {
    name: 'Phone Number',
    custom: 'true',
    parsable: 'true',
    apiBranch: 'phoneNumbers',
    apiEntity: 'phoneNumber',
    value1Label: 'Phone Number',
    value1Type: 'text',
    value2Label: 'Carrier',
    value2Type: 'text',
  },
];

export async function startCustomTypeServer(): Promise<CustomTypeServer> {
  const seen: string[] = [];
  const stored = new Map<string, Record<string, unknown>>();
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const notFound = () => send(404, { status: 'Failure', message: 'The requested resource was not found' });
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/api/v2/types/indicatorTypes') {
      return send(200, { status: 'Success', data: { resultCount: TYPES.length, indicatorType: TYPES } });
    }
    if (req.method === 'POST' && path === '/api/v2/indicators/phoneNumbers') {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const body = JSON.parse(raw);
        const summary = `${body['Phone Number']} : ${body.Carrier}`;
        const item = { id: stored.size + 1, ...body, owner: { id: 1, name: 'Example Organization', type: 'Organization' } };
        stored.set(summary, item);
        send(201, { status: 'Success', data: { phoneNumber: item } });
      });
      return;
    }
    if (req.method === 'GET' && path === '/api/v2/indicators/phoneNumbers') {
      const items = [...stored.values()].map(({ owner, ...rest }) => ({ ...rest, ownerName: (owner as { name: string }).name }));
      return send(200, { status: 'Success', data: { resultCount: items.length, phoneNumber: items } });
    }
    const one = /^\/api\/v2\/indicators\/phoneNumbers\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && one) {
      const item = stored.get(decodeURIComponent(one[1]));
      return item ? send(200, { status: 'Success', data: { phoneNumber: item } }) : notFound();
    }
    notFound();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    apiPath: `http://127.0.0.1:${port}/api`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
