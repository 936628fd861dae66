import type { Owner } from '../../auth/users.js';
import type { PlatformContext } from '../../context.js';
import type { PlatformRequest } from '../../http/request.js';
import type { Router } from '../../http/router.js';
import { tiStore, type TiStore } from '../../store/index.js';
import { requestedFields, v3List, type V3ListSource, type V3Row } from './listing.js';
import { describeFields, describeKeywords } from './options.js';
import { v3, v3Data, v3Failure, v3Message } from './respond.js';
import type { TqlFields } from './tql.js';
import type { ObjectSchema } from '../../../model/schema/types.js';
import { registerSchemaOptions } from './schema-shape.js';

/** What one v3 collection (indicators, groups) plugs into the shared routes. */
export interface V3ItemSpec<R extends { id: number; ownerId: number }> {
  /** `/v3/indicators` */
  base: string;
  /** `Indicator`, used in permission messages */
  entity: string;
  /** the `fields=` values it accepts */
  fields: readonly string[];
  keywords: TqlFields<V3Row<R>>;
  collection(store: TiStore): V3ListSource<R>;
  /** by the path key (id, summary, xid); missing or invisible → 404 */
  find(req: PlatformRequest, store: TiStore, key: string): { rec: R; owner: Owner };
  get(store: TiStore, id: number): R | undefined;
  /** writes a new item (or updates an existing one, for upserts) inside the caller's transaction */
  create(req: PlatformRequest, store: TiStore, owner: Owner, body: Record<string, unknown>): { id: number; created: boolean };
  /** applies an update body inside the caller's transaction */
  update(req: PlatformRequest, store: TiStore, rec: R, body: Record<string, unknown>): void;
  remove(store: TiStore, id: number): void;
  /**
   * who may change or delete an item, for collections not held by an owner (labels, attribute types, ATT&CK tags);
   * absent: write access to the item's owner
   */
  authorize?(req: PlatformRequest, rec: R, operation: 'updated' | 'deleted'): void;
  /** the object's entry in the one schema: OPTIONS /, /fields and /tql are answered from it when given */
  schema?: ObjectSchema;
}

export function asJsonObject(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw v3Failure(400, `the body must be a JSON object, got ${JSON.stringify(raw)}`);
  return raw as Record<string, unknown>;
}

/** List, OPTIONS, get, create, update and delete for one v3 collection, every failure in the v3 shape. */
export function registerV3Items<R extends { id: number; ownerId: number }>(router: Router, ctx: PlatformContext, spec: V3ItemSpec<R>): void {
  const store = () => tiStore(ctx);
  const render = (req: PlatformRequest, rec: R, owner: Owner) =>
    spec.collection(store()).render(req, [{ rec, owner }], requestedFields(req, spec.fields))[0];
  const item = `${spec.base}/:key`;

  router.get(spec.base, v3((req) => v3List(req, spec.collection(store()), spec.fields, spec.base)));
  if (spec.schema) {
    registerSchemaOptions(router, spec.base, spec.schema);
  } else {
    router.add('OPTIONS', `${spec.base}/tql`, v3(() => describeKeywords(spec.keywords)));
    router.add('OPTIONS', `${spec.base}/fields`, v3(() => describeFields(spec.fields)));
  }

  router.get(
    item,
    v3((req) => {
      requestedFields(req, spec.fields);
      const { rec, owner } = spec.find(req, store(), req.params.key);
      return v3Data(render(req, rec, owner));
    }),
  );

  router.post(
    spec.base,
    v3(async (req) => {
      const body = asJsonObject(await req.json());
      const owner = req.owner((body.ownerName as string | undefined) ?? undefined, { write: true, entity: spec.entity, operation: 'saved' });
      const s = store();
      const result = s.transaction(() => spec.create(req, s, owner, body));
      const rec = spec.get(s, result.id) as R;
      return v3Data(render(req, rec, owner), result.created ? 201 : 200, result.created ? 'Created' : 'Updated');
    }),
  );

  router.put(
    item,
    v3(async (req) => {
      const body = asJsonObject(await req.json());
      const s = store();
      const { rec, owner } = spec.find(req, s, req.params.key);
      if (spec.authorize) spec.authorize(req, rec, 'updated');
      else req.owner(owner.name, { write: true, entity: spec.entity, operation: 'updated' });
      s.transaction(() => spec.update(req, s, rec, body));
      return v3Data(render(req, spec.get(s, rec.id) as R, owner), 200, 'Updated');
    }),
  );

  router.delete(
    item,
    v3((req) => {
      const s = store();
      const { rec, owner } = spec.find(req, s, req.params.key);
      if (spec.authorize) spec.authorize(req, rec, 'deleted');
      else req.owner(owner.name, { write: true, entity: spec.entity, operation: 'deleted' });
      spec.remove(s, rec.id);
      return v3Message('Deleted');
    }),
  );
}
