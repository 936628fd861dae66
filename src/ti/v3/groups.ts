import type { Query } from '../../client/url.js';
import { TcApiError } from '../../core/errors.js';
import { TiNotFoundError, TiV3Error } from '../errors.js';
import { errCodeOf, V3Collection } from './collection.js';
import type { V3GroupFieldMap } from './generated/group.js';
import type { V3Group, V3GroupCreate, V3GroupUpdate } from './types.js';

/** `/v3/groups`: the collection, plus a group's PDF report and a Document's or Report's file. */
export class V3Groups extends V3Collection<V3Group, V3GroupFieldMap, V3GroupCreate, V3GroupUpdate> {
  /** The PDF report of a group (`GET /v3/groups/{id}/pdf`). */
  pdf(idOrXid: number | string, owner?: string): Promise<Buffer> {
    return this.bytes(`${this.itemPath(idOrXid)}/pdf`, this.ownerQuery(owner));
  }

  /** The file of a Document or Report (`GET /v3/groups/{id}/download`). */
  download(idOrXid: number | string, owner?: string): Promise<Buffer> {
    return this.bytes(`${this.itemPath(idOrXid)}/download`, this.ownerQuery(owner));
  }

  /** Stores the file of a Document or Report (`POST /v3/groups/{id}/upload`); a later upload replaces it. */
  async upload(idOrXid: number | string, content: Buffer | Uint8Array | string, owner?: string): Promise<void> {
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    await this.raw('POST', `${this.itemPath(idOrXid)}/upload`, this.ownerQuery(owner), body);
  }

  private async bytes(path: string, query: Query): Promise<Buffer> {
    return (await this.raw('GET', path, query)).body;
  }

  private async raw(method: string, path: string, query: Query, body?: Buffer | Uint8Array) {
    try {
      return await this.client.request({ method, path, query, body, contentType: body ? 'application/octet-stream' : undefined });
    } catch (err) {
      if (err instanceof TcApiError && err.status === 404) throw new TiNotFoundError(err.status, err.method, err.url, err.serverMessage, err.body);
      if (err instanceof TcApiError) throw new TiV3Error(err, errCodeOf(err.body));
      throw err;
    }
  }
}
