import type { TcClient } from '../client/client.js';
import type { GroupTypeInfo } from '../model/index.js';
import type { Logger } from '../core/logger.js';

/**
 * Group names → ids per owner and type, loaded once per type from `/v2/groups/{branch}` (500 per page) and kept
 * up to date as the job creates and deletes groups. Several groups may share a name; lookups return the first.
 */
export class GroupCache {
  private readonly byType = new Map<string, Map<string, number[]>>();

  constructor(
    private readonly client: TcClient,
    private readonly owner: string,
    private readonly log: Logger,
  ) {}

  async names(info: GroupTypeInfo): Promise<Map<string, number[]>> {
    let names = this.byType.get(info.name);
    if (names) return names;
    names = new Map();
    for await (const g of this.client.paginate<{ id: number; name: string }>(`/v2/groups/${info.branch}`, info.entity, { owner: this.owner }, { resultLimit: 500 })) {
      const ids = names.get(g.name);
      if (ids) {
        ids.push(g.id);
        this.log.debug(`A duplicate Group name was found (${info.name} ${JSON.stringify(g.name)}, ids ${ids.join(', ')}); lookups use the first.`);
      } else names.set(g.name, [g.id]);
    }
    this.byType.set(info.name, names);
    return names;
  }

  async ids(info: GroupTypeInfo, name: string): Promise<number[]> {
    return [...((await this.names(info)).get(name) ?? [])];
  }

  async id(info: GroupTypeInfo, name: string): Promise<number | undefined> {
    return (await this.names(info)).get(name)?.[0];
  }

  async add(info: GroupTypeInfo, name: string, id: number): Promise<void> {
    const names = await this.names(info);
    names.set(name, [...(names.get(name) ?? []), id]);
  }

  async remove(info: GroupTypeInfo, name: string, id: number): Promise<void> {
    const names = await this.names(info);
    const left = (names.get(name) ?? []).filter((x) => x !== id);
    if (left.length) names.set(name, left);
    else names.delete(name);
  }
}
