import type { TestPlatform } from '../../helpers/platform.js';

/** How many GET requests the platform served for paths matching `path` (a regular expression). */
export async function servedGets(tp: TestPlatform, path: string): Promise<number> {
  const { requests } = await tp.admin('GET', `/requests?method=GET&path=${encodeURIComponent(path)}`);
  return requests.length;
}
