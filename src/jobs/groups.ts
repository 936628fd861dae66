import type { TcClient } from '../client/client.js';
import { TcApiError } from '../core/errors.js';
import { encodeSegment } from '../client/url.js';
import { BatchApi } from '../batch/api.js';
import type { GroupTypeInfo } from '../model/index.js';
import type { JobBook } from './book.js';
import type { GroupCache } from './group-cache.js';
import type { GroupAction, JobGroup } from './types.js';

export interface QueuedGroup {
  data: JobGroup;
  info: GroupTypeInfo;
}

/** Creates, skips or replaces each group per `action`; attributes, tags and document contents follow each create. */
export async function processGroups(
  client: TcClient,
  owner: string,
  groups: QueuedGroup[],
  action: GroupAction,
  cache: GroupCache,
  book: JobBook,
  haltOnError: boolean,
): Promise<void> {
  for (const { data, info } of groups) {
    const name = data.name;
    if (book.stopped) {
      book.groups.notSaved.push(name);
      continue;
    }
    try {
      if (action === 'skip' && (await cache.id(info, name)) !== undefined) {
        book.groups.cached.push(name);
        continue;
      }
      if (action === 'replace') {
        for (const id of await cache.ids(info, name)) {
          await client.v2('DELETE', `/v2/groups/${info.branch}/${id}`, { query: { owner } });
          await cache.remove(info, name, id);
        }
      }
      const id = await createGroup(client, owner, data, info, book);
      await cache.add(info, name, id);
      book.groups.saved.push(name);
    } catch (err) {
      book.groups.failed.push(name);
      book.groups.notSaved.push(name);
      book.fail('group', name, err, { forceCritical: haltOnError });
    }
  }
}

async function createGroup(client: TcClient, owner: string, g: JobGroup, info: GroupTypeInfo, book: JobBook): Promise<number> {
  const { attribute, tag, fileData, type: _type, securityLabel: _labels, ...fields } = g;
  const created = await client.v2<Record<string, { id: number }>>('POST', `/v2/groups/${info.branch}`, { query: { owner }, body: fields });
  const id = Number(created?.[info.entity]?.id);
  if (!Number.isInteger(id)) throw new Error(`the platform returned no ${info.entity}.id for the new group`);
  const base = `/v2/groups/${info.branch}/${id}`;
  // metadata problems leave the group saved; they are reported, and make the run a partial failure
  for (const a of attribute ?? []) {
    await client.v2('POST', `${base}/attributes`, { query: { owner }, body: a as Record<string, unknown> }).catch((err) => {
      book.fail('group-metadata', g.name, `attribute ${JSON.stringify((a as { type?: string })?.type)}: ${message(err)}`);
    });
  }
  for (const t of tag ?? []) {
    const tagName = typeof t === 'string' ? t : t?.name;
    await client.v2('POST', `${base}/tags/${encodeSegment(String(tagName))}`, { query: { owner } }).catch((err) => {
      book.fail('group-metadata', g.name, `tag ${JSON.stringify(tagName)}: ${message(err)}`);
    });
  }
  if (fileData !== undefined) {
    const bytes = typeof fileData === 'string' ? Buffer.from(fileData, 'utf8') : fileData;
    const branch = info.branch === 'documents' || info.branch === 'reports' ? info.branch : undefined;
    if (!branch) book.fail('group-metadata', g.name, `file upload: only Documents and Reports take fileData, not ${info.name}`);
    else await new BatchApi(client).uploadFile(branch, id, owner, bytes).catch((err) => book.fail('group-metadata', g.name, `file upload: ${message(err)}`));
  }
  return id;
}

function message(err: unknown): string {
  return err instanceof TcApiError ? `${err.status}: ${err.serverMessage}` : err instanceof Error ? err.message : String(err);
}
