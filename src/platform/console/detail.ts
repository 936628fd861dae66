import type { PlatformContext } from '../context.js';
import { tiStore, type ItemRef } from '../store/index.js';
import type { ItemDetail, ItemKind, ItemLink } from './types.js';

/** Associated items listed per kind; beyond this the detail says how many more there are. */
export const LINKS_PER_KIND = 40;

interface LinkRow {
  kind: 'indicator' | 'group' | 'victim';
  id: number;
  type: string;
  summary: string;
  owner: string;
  association: string;
}

/**
 * Everything the console shows of one indicator or group: its fields, attributes (with their labels), tags,
 * security labels, observations and false positives, and its associated groups, indicators and victims.
 */
export function itemDetail(ctx: PlatformContext, kind: ItemKind, id: number): ItemDetail | undefined {
  const store = tiStore(ctx);
  const ref: ItemRef = { kind, id };
  let type: string;
  let summary: string;
  let ownerId: number;
  let fields: Record<string, unknown>;
  if (kind === 'indicator') {
    const rec = store.indicators.get(id);
    if (!rec) return undefined;
    ({ type, summary, ownerId } = rec);
    const { id: _i, ownerId: _o, type: _t, summary: _s, ...rest } = rec;
    fields = rest;
  } else {
    const rec = store.groups.get(id);
    if (!rec) return undefined;
    ({ type, ownerId } = rec);
    summary = rec.name;
    fields = { xid: rec.xid, dateAdded: rec.dateAdded, lastModified: rec.lastModified, ...rec.fields };
  }
  const owner = ctx.directory.ownerById(ownerId) ?? { id: ownerId, name: String(ownerId), type: 'Organization' as const };
  const attributes = store.meta.attributes(ref);
  const attributeLabels = store.meta.labelsFor('attribute', attributes.map((a) => a.id));
  const { links, more } = associations(ctx, ref);
  return {
    kind,
    id,
    type,
    summary,
    owner,
    fields,
    attributes: attributes.map((a) => ({
      id: a.id,
      type: a.type,
      value: a.value,
      displayed: a.displayed,
      source: a.source,
      dateAdded: a.dateAdded,
      securityLabels: (attributeLabels.get(a.id) ?? []).map((l) => l.name),
    })),
    tags: store.meta.itemTags(ref).map((t) => t.name),
    securityLabels: store.meta.itemLabels(ref).map((l) => ({ name: l.name, color: l.color })),
    observations: kind === 'indicator' ? store.indicators.observations(id) : [],
    falsePositives: kind === 'indicator' ? falsePositives(ctx, id) : [],
    associations: links,
    moreAssociations: more,
  };
}

function falsePositives(ctx: PlatformContext, id: number): ItemDetail['falsePositives'] {
  return ctx.db
    .prepare(
      `SELECT COALESCE(u.user_name, '(deleted user)') AS userName, f.day, f.reported
       FROM ti_false_positives f LEFT JOIN users u ON u.id = f.user_id WHERE f.indicator_id = ? ORDER BY f.reported`,
    )
    .all(id) as ItemDetail['falsePositives'];
}

const LINK_SQL: Record<LinkRow['kind'], string> = {
  indicator: `SELECT 'indicator' AS kind, i.id, i.type, i.summary, o.name AS owner, a.type AS association
    FROM ti_associations a JOIN ti_indicators i ON i.id = a.b_id JOIN owners o ON o.id = i.owner_id
    WHERE a.a_kind = ? AND a.a_id = ? AND a.b_kind = 'indicator' ORDER BY i.id LIMIT ?`,
  group: `SELECT 'group' AS kind, g.id, g.type, g.name AS summary, o.name AS owner, a.type AS association
    FROM ti_associations a JOIN ti_groups g ON g.id = a.b_id JOIN owners o ON o.id = g.owner_id
    WHERE a.a_kind = ? AND a.a_id = ? AND a.b_kind = 'group' ORDER BY g.id LIMIT ?`,
  victim: `SELECT 'victim' AS kind, v.id, 'Victim' AS type, v.name AS summary, o.name AS owner, a.type AS association
    FROM ti_associations a JOIN ti_victims v ON v.id = a.b_id JOIN owners o ON o.id = v.owner_id
    WHERE a.a_kind = ? AND a.a_id = ? AND a.b_kind = 'victim' ORDER BY v.id LIMIT ?`,
};

function associations(ctx: PlatformContext, ref: ItemRef): { links: ItemLink[]; more: Record<string, number> } {
  const links: ItemLink[] = [];
  const more: Record<string, number> = {};
  for (const kind of ['group', 'indicator', 'victim'] as const) {
    const rows = ctx.db.prepare(LINK_SQL[kind]).all(ref.kind, ref.id, LINKS_PER_KIND) as LinkRow[];
    for (const r of rows) links.push({ kind: r.kind, id: r.id, type: r.type, summary: r.summary, owner: r.owner, ...(r.association ? { association: r.association } : {}) });
    if (rows.length === LINKS_PER_KIND) {
      const total = (ctx.db.prepare('SELECT COUNT(*) AS n FROM ti_associations WHERE a_kind = ? AND a_id = ? AND b_kind = ?').get(ref.kind, ref.id, kind) as { n: number }).n;
      if (total > LINKS_PER_KIND) more[kind] = total - LINKS_PER_KIND;
    }
  }
  return { links, more };
}
