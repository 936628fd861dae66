import type { PlatformContext } from '../context.js';
import { TRUSTED_WRITER } from './associations.js';
import { TiInputError, describe } from './errors.js';
import { groupFieldNames, groupTypeInfo } from './groups.js';
import { victimAssetType } from './victims.js';
import { INDICATOR_PATCH_FIELDS } from './indicators.js';
import type { TiStore } from './store.js';
import type { AssociationKind, AttributeInput, ItemRef } from './types.js';

/**
 * The platform's state as JSON: owners, users (never their secrets), catalogues and every piece of threat
 * intelligence, with ids, so an export seeded into an empty platform exports the same again. Items refer to owners
 * and users by name; associations refer to items by the ids in the file.
 */
export interface StateFile {
  version: 1;
  owners?: Array<{ name: string; type: 'Organization' | 'Community' | 'Source' }>;
  users?: Array<{ userName: string; firstName?: string; lastName?: string; pseudonym?: string | null; defaultOwner?: string | null; owners?: Array<{ name: string; role: string }> }>;
  attributeTypes?: Array<Record<string, unknown>>;
  securityLabels?: Array<{ name: string; description?: string | null; color?: string | null; dateAdded?: string }>;
  tags?: Array<{ owner: string; name: string; description?: string | null }>;
  indicators?: Array<Record<string, any>>;
  groups?: Array<Record<string, any>>;
  victims?: Array<Record<string, any>>;
  associations?: Array<{ from: { kind: AssociationKind; id: number }; to: { kind: AssociationKind; id: number }; type?: string }>;
  deletedIndicators?: Array<Record<string, any>>;
}

const INDICATOR_KEYS = INDICATOR_PATCH_FIELDS;

const drop = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

/** Everything, in id order. */
export function exportState(ctx: PlatformContext, store: TiStore): StateFile {
  const { directory } = ctx;
  const ownerName = new Map(directory.owners().map((o) => [o.id, o.name]));
  const userName = (id: number | null) => (id === null ? undefined : directory.userById(id)?.userName);
  const meta = store.meta;
  const metadataOf = (ref: ItemRef) => {
    const out: Record<string, unknown> = {};
    const attrs = meta.attributes(ref);
    if (attrs.length) {
      out.attributes = attrs.map((a) => {
        const labels = meta.itemLabels({ kind: 'attribute', id: a.id }).map((l) => l.name);
        return drop({ ...a, displayed: a.displayed || undefined, pinned: a.pinned || undefined, securityLabels: labels.length ? labels : undefined });
      });
    }
    const tags = meta.itemTags(ref).map((t) => t.name);
    if (tags.length) out.tags = tags;
    const labels = meta.itemLabels(ref).map((l) => l.name);
    if (labels.length) out.securityLabels = labels;
    return out;
  };
  const all = <T>(fn: (start: number) => T[]): T[] => {
    const out: T[] = [];
    for (let start = 0; ; start += 10_000) {
      const page = fn(start);
      out.push(...page);
      if (page.length < 10_000) return out;
    }
  };

  const indicators = all((start) => store.indicators.list({ includeInactive: true, start, limit: 10_000 }).items).map((r) => {
    const extras = store.indicators;
    const occurrences = extras.occurrences(r.id).map(({ id: _id, ...o }) => drop(o));
    const observations = store.core
      .prep('SELECT user_id, count, date_observed FROM ti_observations WHERE indicator_id = ? ORDER BY id')
      .all(r.id) as Array<{ user_id: number | null; count: number; date_observed: string }>;
    const falsePositives = store.core
      .prep('SELECT user_id, day, reported FROM ti_false_positives WHERE indicator_id = ? ORDER BY day, user_id')
      .all(r.id) as Array<{ user_id: number; day: string; reported: string }>;
    const dns = extras.dnsResolutions(r.id).flatMap((d) => d.addresses.map((address) => ({ address, resolutionDate: d.resolutionDate })));
    return drop({
      id: r.id,
      owner: ownerName.get(r.ownerId),
      type: r.type,
      summary: r.summary,
      ...Object.fromEntries(INDICATOR_KEYS.map((k) => [k, r[k]])),
      dateAdded: r.dateAdded,
      lastModified: r.lastModified,
      observationCount: r.observationCount || undefined,
      lastObserved: r.lastObserved,
      falsePositiveCount: r.falsePositiveCount || undefined,
      falsePositiveLastReported: r.falsePositiveLastReported,
      ...metadataOf({ kind: 'indicator', id: r.id }),
      fileOccurrences: occurrences.length ? occurrences : undefined,
      observations: observations.length ? observations.map((o) => drop({ userName: userName(o.user_id), count: o.count, dateObserved: o.date_observed })) : undefined,
      falsePositives: falsePositives.length ? falsePositives.map((f) => drop({ userName: userName(f.user_id), day: f.day, reported: f.reported })) : undefined,
      dnsResolutions: dns.length ? dns : undefined,
    });
  });

  const groupRows = [
    ...all((start) => store.groups.list({ start, limit: 10_000 }).items),
    ...all((start) => store.groups.list({ type: 'Task', start, limit: 10_000 }).items),
  ].sort((a, b) => a.id - b.id);
  const groups = groupRows.map((g) => {
    const file = store.groups.hasFile(g.id) ? store.groups.file(g.id) : undefined;
    const password = (store.core.prep('SELECT password FROM ti_groups WHERE id = ?').get(g.id) as { password: string | null }).password;
    const assignees = g.type === 'Task' ? store.groups.taskUsers(g.id, 'assignee') : [];
    const escalatees = g.type === 'Task' ? store.groups.taskUsers(g.id, 'escalatee') : [];
    const assets = g.type === 'Adversary' ? store.groups.adversaryAssets(g.id).map((a) => ({ id: a.id, type: a.type, value: a.value })) : [];
    return drop({
      id: g.id,
      owner: ownerName.get(g.ownerId),
      type: g.type,
      name: g.name,
      xid: g.xid,
      createdBy: userName(g.createdBy),
      dateAdded: g.dateAdded,
      lastModified: g.lastModified,
      ...g.fields,
      password,
      ...metadataOf({ kind: 'group', id: g.id }),
      file: file ? file.toString('base64') : undefined,
      assignees: assignees.length ? assignees : undefined,
      escalatees: escalatees.length ? escalatees : undefined,
      adversaryAssets: assets.length ? assets : undefined,
    });
  });

  const victims = all((start) => store.victims.list({ start, limit: 10_000 }).items).map((v) => {
    const { ownerId, ...rest } = v;
    const assets = store.victims.assets(v.id).map(({ victimId: _v, ...a }) => drop(a));
    return drop({ ...drop(rest), owner: ownerName.get(ownerId), assets: assets.length ? assets : undefined, ...metadataOf({ kind: 'victim', id: v.id }) });
  });

  const tags = store.core.prep('SELECT owner_id, name, description FROM ti_tags ORDER BY id').all() as Array<{ owner_id: number; name: string; description: string | null }>;
  const deleted = store.core.prep('SELECT * FROM ti_deleted_indicators ORDER BY id').all() as Array<Record<string, any>>;

  return {
    version: 1,
    owners: directory.owners().map(({ name, type }) => ({ name, type })),
    users: directory.users().map((u) =>
      drop({
        userName: u.userName,
        firstName: u.firstName,
        lastName: u.lastName,
        pseudonym: u.pseudonym,
        defaultOwner: u.defaultOwnerId === null ? undefined : ownerName.get(u.defaultOwnerId),
        owners: directory.memberships(u.id).map((m) => ({ name: m.owner.name, role: m.role })),
      }),
    ),
    attributeTypes: meta.attributeTypes().map(({ id: _id, ...t }) => drop(t as unknown as Record<string, unknown>)),
    securityLabels: meta.listLabels().items.map(({ id: _id, ...l }) => drop(l)),
    tags: tags.map((t) => drop({ owner: ownerName.get(t.owner_id) as string, name: t.name, description: t.description })),
    indicators,
    groups,
    victims,
    associations: store.associations.all().map((a) => drop({ from: a.a, to: a.b, type: a.type || undefined })),
    deletedIndicators: deleted.map((d) =>
      drop({ indicatorId: d.indicator_id, owner: ownerName.get(d.owner_id), type: d.type, summary: d.summary, dateAdded: d.date_added, deletedAt: d.deleted_at }),
    ),
  };
}

/** Wraps an error with where in the file it happened, so a 400 names the exact item and field. */
function at<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TiInputError) throw new TiInputError(`${where}.${err.field}`, `${where}: ${err.message}`);
    throw err;
  }
}

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

function list(state: Record<string, any>, key: string): Array<Record<string, any>> {
  const v = state[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new TiInputError(key, `${key}: must be an array`);
  v.forEach((item, i) => {
    if (!isObject(item)) throw new TiInputError(`${key}[${i}]`, `${key}[${i}]: must be an object, got ${describe(item)}`);
  });
  return v;
}

/**
 * Seeds state from a file (merging into what exists): owners and users first, then catalogues, groups, victims,
 * indicators, associations. Ids in the file are kept when free. Everything happens in one transaction: any error
 * (named by its place in the file) leaves the platform as it was.
 */
export function importState(
  ctx: PlatformContext,
  store: TiStore,
  input: unknown,
  /** false for a trial run that is rolled back: document files are checked but not written to disk */
  options: { writeFiles?: boolean } = {},
): { indicators: number; groups: number; victims: number; associations: number } {
  if (!isObject(input)) throw new TiInputError('(body)', '(body): the state must be a JSON object');
  if (input.version !== undefined && input.version !== 1) throw new TiInputError('version', `version: ${describe(input.version)} is not supported (use 1)`);
  const { directory } = ctx;
  const db = store.db;
  const ids = { indicator: new Map<number, number>(), group: new Map<number, number>(), victim: new Map<number, number>(), victimAsset: new Map<number, number>() };
  const counts = { indicators: 0, groups: 0, victims: 0, associations: 0 };

  const ownerId = (where: string, name: unknown): number => {
    const owner = typeof name === 'string' ? directory.ownerByName(name) : directory.ownerById(directory.defaultUser()?.defaultOwnerId ?? -1);
    if (!owner) throw new TiInputError(`${where}.owner`, `${where}.owner: unknown owner ${describe(name)}`);
    return owner.id;
  };
  const userId = (name: unknown): number | null => (typeof name === 'string' ? (directory.userByName(name)?.id ?? null) : null);
  /** Moves a just-created row to the id it had in the file, when that id is free. */
  const keepId = (table: string, kind: keyof typeof ids, created: number, wanted: unknown): number => {
    let final = created;
    if (typeof wanted === 'number' && Number.isInteger(wanted) && wanted > 0 && wanted !== created) {
      const taken = store.core.prep(`SELECT 1 FROM ${table} WHERE id = ?`).get(wanted);
      if (!taken) {
        store.core.prep(`UPDATE ${table} SET id = ? WHERE id = ?`).run(wanted, created);
        final = wanted;
      }
    }
    if (typeof wanted === 'number') ids[kind].set(wanted, final);
    return final;
  };
  const metadata = (where: string, ref: ItemRef, owner: number, item: Record<string, any>) => {
    const attributes = item.attributes === undefined ? [] : item.attributes;
    if (!Array.isArray(attributes)) throw new TiInputError(`${where}.attributes`, `${where}.attributes: must be an array`);
    attributes.forEach((a: AttributeInput & { id?: number; securityLabels?: string[] }, i: number) =>
      at(`${where}.attributes[${i}]`, () => {
        const added = store.meta.addAttribute(ref, a);
        let id = added.id;
        if (typeof a.id === 'number' && a.id !== added.id && !store.core.prep('SELECT 1 FROM ti_attributes WHERE id = ?').get(a.id)) {
          store.core.prep('UPDATE ti_attributes SET id = ? WHERE id = ?').run(a.id, added.id);
          id = a.id;
        }
        for (const l of a.securityLabels ?? []) store.meta.addLabel({ kind: 'attribute', id }, store.meta.ensureLabel(l, true).id);
      }),
    );
    at(where, () =>
      store.meta.applyMetadata(ref, owner, {
        tags: item.tags,
        tagWriteType: 'Append',
        securityLabels: item.securityLabels,
        securityLabelWriteType: 'Append',
        // an admin import restores labels as exported
        allowNewLabels: true,
      }),
    );
  };

  db.transaction(() => {
    for (const [i, o] of list(input, 'owners').entries()) {
      if (typeof o.name !== 'string' || !o.name) throw new TiInputError(`owners[${i}].name`, `owners[${i}].name: required`);
      const type = o.type ?? 'Organization';
      if (!['Organization', 'Community', 'Source'].includes(type)) throw new TiInputError(`owners[${i}].type`, `owners[${i}].type: ${describe(type)} is not Organization, Community or Source`);
      if (!directory.ownerByName(o.name)) {
        directory.joinDefaultUser(directory.createOwner(o.name, type), 'write');
      }
    }
    for (const [i, u] of list(input, 'users').entries()) {
      if (typeof u.userName !== 'string' || !u.userName) throw new TiInputError(`users[${i}].userName`, `users[${i}].userName: required`);
      let user = directory.userByName(u.userName);
      if (!user) {
        const def = typeof u.defaultOwner === 'string' ? directory.ownerByName(u.defaultOwner) : undefined;
        user = directory.createUser({ userName: u.userName, firstName: u.firstName, lastName: u.lastName, pseudonym: u.pseudonym ?? undefined, defaultOwnerId: def?.id });
      }
      for (const m of Array.isArray(u.owners) ? u.owners : []) directory.setMembership(user.id, ownerId(`users[${i}]`, m.name), String(m.role ?? 'Standard User'));
    }
    for (const [i, t] of list(input, 'attributeTypes').entries()) {
      at(`attributeTypes[${i}]`, () => {
        if (typeof t.name !== 'string' || !t.name) throw new TiInputError('name', 'name: required');
        store.meta.createAttributeType(t as any);
      });
    }
    for (const [i, l] of list(input, 'securityLabels').entries()) at(`securityLabels[${i}]`, () => store.meta.restoreLabel(l as any));
    for (const [i, t] of list(input, 'tags').entries()) at(`tags[${i}]`, () => store.meta.createTag(ownerId(`tags[${i}]`, t.owner), t.name, t.description));

    for (const [i, g] of list(input, 'groups').entries()) {
      const where = `groups[${i}]`;
      const owner = ownerId(where, g.owner);
      const record = at(where, () => store.groups.create(owner, { ...g, type: String(g.type), createdBy: userId(g.createdBy) }, { requireFields: false }));
      const id = keepId('ti_groups', 'group', record.id, g.id);
      const ref: ItemRef = { kind: 'group', id };
      metadata(where, ref, owner, g);
      if (typeof g.file === 'string') at(where, () => (options.writeFiles === false ? store.groups.checkFile : store.groups.putFile).call(store.groups, id, Buffer.from(g.file, 'base64')));
      for (const role of ['assignee', 'escalatee'] as const) {
        for (const name of g[`${role}s`] ?? []) store.groups.addTaskUser(id, role, String(name));
      }
      for (const [j, a] of (g.adversaryAssets ?? []).entries()) {
        const added = at(`${where}.adversaryAssets[${j}]`, () => store.groups.addAdversaryAsset(id, String(a.type), 'value', a.value));
        if (typeof a.id === 'number' && !store.core.prep('SELECT 1 FROM ti_adversary_assets WHERE id = ?').get(a.id)) {
          store.core.prep('UPDATE ti_adversary_assets SET id = ? WHERE id = ?').run(a.id, added.id);
        }
      }
      // the platform-kept fields and dates come back exactly as exported
      const info = groupTypeInfo(record.type);
      const kept: Record<string, unknown> = {};
      for (const field of ['fileSize', 'status', 'documentDateAdded', 'score']) {
        if (groupFieldNames(info).includes(field) && g[field] !== undefined) kept[field] = g[field];
      }
      const cols: Record<string, unknown> = { last_modified: g.lastModified ?? record.lastModified, date_added: g.dateAdded ?? record.dateAdded };
      if (kept.fileSize !== undefined) cols.file_size = kept.fileSize;
      if (kept.status !== undefined) cols.status = kept.status;
      if (kept.documentDateAdded !== undefined) cols.document_date_added = kept.documentDateAdded;
      if (kept.score !== undefined) cols.score = kept.score;
      const keys = Object.keys(cols);
      store.core.prep(`UPDATE ti_groups SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => cols[k]), id);
      counts.groups++;
    }

    for (const [i, v] of list(input, 'victims').entries()) {
      const where = `victims[${i}]`;
      const owner = ownerId(where, v.owner);
      const record = at(where, () => store.victims.create(owner, v));
      const id = keepId('ti_victims', 'victim', record.id, v.id);
      for (const [j, a] of (v.assets ?? []).entries()) {
        const added = at(`${where}.assets[${j}]`, () => {
          const t = victimAssetType(String(a.type));
          if (!t) throw new TiInputError('type', `type: unknown victim asset type ${describe(a.type)}`);
          return store.victims.addAsset(id, t.type, { [t.valueField]: a.value, ...(t.detailField ? { [t.detailField]: a.detail } : {}) });
        });
        keepId('ti_victim_assets', 'victimAsset', added.id, a.id);
      }
      metadata(where, { kind: 'victim', id }, owner, v);
      store.core.prep('UPDATE ti_victims SET last_modified = ? WHERE id = ?').run(v.lastModified ?? record.lastModified, id);
      counts.victims++;
    }

    for (const [i, r] of list(input, 'indicators').entries()) {
      const where = `indicators[${i}]`;
      const owner = ownerId(where, r.owner);
      const patch = Object.fromEntries(INDICATOR_KEYS.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
      const result = at(where, () => store.indicators.upsert(owner, { type: r.type, summary: r.summary, ...patch, dateAdded: r.dateAdded }));
      const id = keepId('ti_indicators', 'indicator', result.id, r.id);
      const ref: ItemRef = { kind: 'indicator', id };
      metadata(where, ref, owner, r);
      for (const [j, o] of (r.fileOccurrences ?? []).entries()) at(`${where}.fileOccurrences[${j}]`, () => store.indicators.addOccurrence(id, o));
      for (const [j, o] of (r.observations ?? []).entries()) at(`${where}.observations[${j}]`, () => store.indicators.addObservation(id, userId(o.userName), o.count, o.dateObserved));
      for (const f of r.falsePositives ?? []) {
        store.core
          .prep('INSERT OR IGNORE INTO ti_false_positives (indicator_id, user_id, day, reported) VALUES (?, ?, ?, ?)')
          .run(id, userId(f.userName) ?? 0, String(f.day), String(f.reported ?? f.day));
      }
      for (const [j, d] of (r.dnsResolutions ?? []).entries()) at(`${where}.dnsResolutions[${j}]`, () => store.indicators.addDnsResolution(id, String(d.address), d.resolutionDate));
      store.core
        .prep(
          `UPDATE ti_indicators SET last_modified = ?, observation_count = ?, last_observed = ?, false_positive_count = ?, false_positive_last = ? WHERE id = ?`,
        )
        .run(
          r.lastModified ?? store.indicators.get(id)!.lastModified,
          r.observationCount ?? 0,
          r.lastObserved ?? null,
          r.falsePositiveCount ?? 0,
          r.falsePositiveLastReported ?? null,
          id,
        );
      counts.indicators++;
    }

    for (const [i, a] of list(input, 'associations').entries()) {
      at(`associations[${i}]`, () => {
        const end = (e: any, side: string) => {
          if (!isObject(e) || !(e.kind in ids)) throw new TiInputError(side, `${side}: needs kind (indicator, group, victim, victimAsset) and id, got ${describe(e)}`);
          const id = ids[e.kind as keyof typeof ids].get(e.id) ?? e.id;
          const table = { indicator: 'ti_indicators', group: 'ti_groups', victim: 'ti_victims', victimAsset: 'ti_victim_assets' }[e.kind as keyof typeof ids];
          if (!store.core.prep(`SELECT 1 FROM ${table} WHERE id = ?`).get(id)) throw new TiInputError(side, `${side}: no ${e.kind} with id ${describe(e.id)}`);
          return { kind: e.kind as AssociationKind, id: id as number };
        };
        store.associations.associate(end(a.from, 'from'), end(a.to, 'to'), typeof a.type === 'string' ? a.type : '', TRUSTED_WRITER);
      });
      counts.associations++;
    }

    for (const [i, d] of list(input, 'deletedIndicators').entries()) {
      const where = `deletedIndicators[${i}]`;
      const owner = ownerId(where, d.owner);
      if (typeof d.summary !== 'string' || typeof d.type !== 'string') throw new TiInputError(`${where}.summary`, `${where}: type and summary are required`);
      store.indicators.restoreDeleted({
        indicatorId: Number(d.indicatorId ?? 0),
        ownerId: owner,
        type: d.type,
        summary: d.summary,
        dateAdded: String(d.dateAdded ?? d.deletedAt),
        deletedAt: String(d.deletedAt ?? d.dateAdded),
      });
    }
  })();
  store.meta.dropCaches();
  return counts;
}
