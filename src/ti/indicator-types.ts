import { TcConfigError } from '../core/errors.js';
import { indicatorType } from '../model/index.js';
import type { TiRequester } from './request.js';
import type { IndicatorTypeData } from './types.js';

/** An indicator type the TI module can address: its branch, entity key and value fields (wire labels). */
export interface ResolvedIndicatorType {
  name: string;
  branch: string;
  entity: string;
  /** value fields in summary order: `ip`; `md5`,`sha1`,`sha256`; `Key Name`,`Value Name`,`Value Type` */
  fields: string[];
  /** true for types that are neither in the shared catalogue nor built in */
  discovered: boolean;
  casePreference?: string;
}

const keyOf = (s: string) => s.trim().toLowerCase().replace(/\s+/g, '');

/**
 * Standard types come from the shared catalogue (`src/model`) without a call; any other name is looked up once
 * in `/v2/types/indicatorTypes`, so custom types defined on the platform can be used by name.
 */
export class IndicatorTypeRegistry {
  private discovered?: Promise<Map<string, ResolvedIndicatorType>>;

  constructor(private readonly req: TiRequester) {}

  /** The type if it is standard or already discovered, without a call. */
  known(name: string): ResolvedIndicatorType | undefined {
    const std = indicatorType(name);
    if (std) return { name: std.name, branch: std.branch, entity: std.entity, fields: [...std.fields], discovered: false, casePreference: std.casePreference };
    return undefined;
  }

  /** Resolves a type by name, branch or entity; unknown everywhere → TcConfigError listing what exists. */
  async resolve(name: string): Promise<ResolvedIndicatorType> {
    const found = this.known(name);
    if (found) return found;
    const all = await this.load();
    const hit = all.get(keyOf(name));
    if (hit) return hit;
    const names = [...new Set([...all.values()].map((t) => t.name))].sort();
    throw new TcConfigError('indicatorType', name, `is not an indicator type on this platform (${names.join(', ')})`);
  }

  /** Every indicator type the platform reports (loaded once; `refresh` reloads). */
  async list(refresh = false): Promise<ResolvedIndicatorType[]> {
    const all = await this.load(refresh);
    return [...new Map([...all.values()].map((t) => [t.name, t])).values()];
  }

  private load(refresh = false): Promise<Map<string, ResolvedIndicatorType>> {
    if (!this.discovered || refresh) {
      const pending = this.fetch();
      // a failed lookup must not be cached, or one network blip would hide every custom type for good
      pending.catch(() => {
        if (this.discovered === pending) this.discovered = undefined;
      });
      this.discovered = pending;
    }
    return this.discovered;
  }

  private async fetch(): Promise<Map<string, ResolvedIndicatorType>> {
    const map = new Map<string, ResolvedIndicatorType>();
    const items = await this.req.list<IndicatorTypeData>('/v2/types/indicatorTypes', 'indicatorType', {}).toArray();
    for (const item of items) {
      const std = indicatorType(item.name);
      const fields = [item.value1Label, item.value2Label, item.value3Label].filter((l): l is string => !!l);
      const resolved: ResolvedIndicatorType = {
        name: item.name,
        branch: item.apiBranch,
        entity: item.apiEntity,
        fields: std ? [...std.fields] : fields,
        discovered: !std,
        casePreference: item.casePreference,
      };
      for (const k of [item.name, item.apiBranch, item.apiEntity]) if (k) map.set(keyOf(k), resolved);
    }
    this.req.log.debug(`indicator types: ${items.length} loaded from the platform`);
    return map;
  }
}
