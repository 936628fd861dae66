/**
 * The group resource: the one mapping from a request body to store input and the one renderer of a stored group,
 * shared by v2 and v3 (tasks keep their own v2 shape). v2 and v3 are envelopes over these.
 */
import { GROUP_WRITE_ONLY } from '../../model/index.js';
import type { Owner } from '../auth/users.js';
import type { PlatformContext } from '../context.js';
import type { GroupInput, GroupRecord, TiStore } from '../store/index.js';
import { groupPdf } from './group-pdf.js';

type Json = Record<string, unknown>;

/**
 * Body keys that are never type fields: identity and owner (set by the path and `owner=`), what the platform
 * keeps (dates, links, counts, creator), and nested collections (written through their own mapping).
 */
const NOT_TYPE_FIELDS = new Set([
  'id',
  'type',
  'name',
  'xid',
  'owner',
  'ownerId',
  'ownerName',
  'dateAdded',
  'lastModified',
  'webLink',
  'legacyLink',
  'createdBy',
  'upVoteCount',
  'downVoteCount',
  'upVote',
  'tags',
  'attributes',
  'securityLabels',
  'associatedGroups',
  'associatedIndicators',
  'associatedVictimAssets',
  'associatedArtifacts',
  'associatedCases',
  'assignments',
]);

/**
 * The store input of a group body, v2 and v3 alike: `name`, `xid` and the type fields (those that do not belong to
 * the type, and the read-only ones such as `fileSize`, are ignored by the store).
 */
export function groupPatch(body: Json): Omit<GroupInput, 'type'> {
  const out: Json = {};
  for (const [k, v] of Object.entries(body)) if (!NOT_TYPE_FIELDS.has(k) && v !== undefined) out[k] = v;
  if (body.name !== undefined) out.name = body.name;
  if (body.xid !== undefined) out.xid = body.xid;
  return out;
}

/** The legacy (pre-v3 UI) link of a group: v2's `webLink`, v3's `legacyLink`. */
export function groupLegacyLink(ctx: PlatformContext, r: GroupRecord): string {
  const word = r.type.replace(/\s+/g, '').toLowerCase();
  return `${ctx.origin}/auth/${word}/${word}.xhtml?${word}=${r.id}`;
}

/** The type fields of a group as shown (write-only ones, a malware Document's password, left out). */
export function groupTypeFields(r: GroupRecord): Json {
  return Object.fromEntries(Object.entries(r.fields).filter(([k]) => !GROUP_WRITE_ONLY.has(k)));
}

/** The group's creator as v3 shows it (`createdBy{}`), when known. */
export function groupCreator(ctx: PlatformContext, r: GroupRecord, owner: Owner): Json | undefined {
  const u = r.createdBy ? ctx.directory.userById(r.createdBy) : undefined;
  return u ? { id: u.id, userName: u.userName, firstName: u.firstName, lastName: u.lastName, pseudonym: u.userName, owner: owner.name } : undefined;
}

/** The v3 item of a group without opt-in fields (reference §6.2's group object). */
export function groupV3Item(ctx: PlatformContext, r: GroupRecord, owner: Owner): Json {
  const creator = groupCreator(ctx, r, owner);
  return {
    id: r.id,
    ownerId: owner.id,
    ownerName: owner.name,
    dateAdded: r.dateAdded,
    webLink: `${ctx.origin}/#/details/groups/${r.id}/overview`,
    type: r.type,
    name: r.name,
    ...(r.xid ? { xid: r.xid } : {}),
    ...(creator ? { createdBy: creator } : {}),
    upVoteCount: '0',
    downVoteCount: '0',
    lastModified: r.lastModified,
    ...groupTypeFields(r),
    legacyLink: groupLegacyLink(ctx, r),
  };
}

/** The PDF report of a group (v2 and v3 serve the same bytes). */
export async function groupReport(ctx: PlatformContext, store: TiStore, r: GroupRecord): Promise<Buffer> {
  const ref = { kind: 'group' as const, id: r.id };
  const linkedGroups = store.associations.linked(ref, 'group').map((id) => store.groups.get(id));
  const linkedIndicators = store.associations.linked(ref, 'indicator').map((id) => store.indicators.get(id));
  return groupPdf(
    r,
    {
      ownerName: ctx.directory.ownerById(r.ownerId)?.name ?? '',
      tags: store.meta.itemTags(ref).map((t) => t.name),
      attributes: store.meta.attributes(ref).map((a) => ({ type: a.type, value: a.value })),
      associations: [
        ...linkedGroups.flatMap((g) => (g ? [`${g.type}: ${g.name}`] : [])),
        ...linkedIndicators.flatMap((i) => (i ? [`${i.type}: ${i.summary}`] : [])),
      ],
    },
    new Date(ctx.now()),
  );
}
