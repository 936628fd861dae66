// Looking at Files the way a client does, for the File merging tests: by any one hash through v2, and by count.
import { createHash } from 'node:crypto';
import type { TestPlatform } from '../../helpers/platform.js';

const OWNER = 'Example Organization';

/** A hash of the given length (32, 40 or 64 hex digits), upper case, made from a seed. */
export const hash = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length).toUpperCase();

export interface FileSeen {
  id: number;
  md5?: string;
  sha1?: string;
  sha256?: string;
  tags: string[];
}

/** Files of the test platform's owner, found by one hash with `/v2/indicators/files/{hash}`, and counted. */
export function filesOf(tp: TestPlatform) {
  return {
    async byHash(h: string): Promise<FileSeen | undefined> {
      const res = await tp.client().request({ path: `/v2/indicators/files/${h}`, query: { owner: OWNER, includes: 'tags' }, allowErrorStatus: true });
      if (res.status === 404) return undefined;
      const file = JSON.parse(res.text()).data.file;
      return { id: file.id, md5: file.md5, sha1: file.sha1, sha256: file.sha256, tags: (file.tag ?? []).map((t: { name: string }) => t.name).sort() };
    },
    async count(): Promise<number> {
      const state = await tp.admin('GET', '/state');
      return (state.indicators as Array<{ type: string }>).filter((i) => i.type === 'File').length;
    },
  };
}
