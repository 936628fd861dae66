/**
 * v3 wire wrappers (reference §6.2), and the SDK's earlier short names of v3 items and bodies. The item, body and
 * field-map types themselves are generated from the one schema (`src/ti/v3/generated`, `npm run generate`); the
 * names below are aliases of them, kept so that code written against them still compiles.
 */

import type { V3NestedList } from '../../contract/v3-wire.js';
import type { V3GroupCreateInput, V3GroupItem, V3GroupUpdateInput } from './generated/group.js';
import type { V3IndicatorAttributeItem } from './generated/indicator-attribute.js';
import type { V3IndicatorCreateInput, V3IndicatorItem, V3IndicatorUpdateInput } from './generated/indicator.js';
import type { V3SecurityLabelItem } from './generated/security-label.js';
import type { V3TagItem } from './generated/tag.js';
import type { V3VictimAssetItem } from './generated/victim-asset.js';

/** A nested collection in a v3 item. */
export type V3List<T> = V3NestedList<T>;

/** An entry of a nested list in an item: answered with its id, or added by a read-modify-write without one yet. */
export type V3Entry<T extends { id: number }> = Omit<T, 'id'> & { id?: number };

/** Nested metadata on create and update; `mode` is append (default), replace or delete. */
export interface V3Nested<T> {
  data: T[];
  mode?: 'append' | 'replace' | 'delete';
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** What `fields` adds to an item: the intersection of each requested field's shape. */
export type V3With<Map, F extends keyof Map> = [F] extends [never] ? unknown : UnionToIntersection<Map[F]>;

/** An indicator deleted from an owner (`GET /v3/indicators/deleted`); not a schema object, it has no fields of its own. */
export interface V3DeletedIndicator {
  id: number;
  ownerId: number;
  ownerName: string;
  type: string;
  summary: string;
  dateAdded: string;
  deletedDate: string;
}

export type V3Indicator = V3IndicatorItem;
export type V3IndicatorCreate = V3IndicatorCreateInput;
export type V3IndicatorUpdate = V3IndicatorUpdateInput;
export type V3Group = V3GroupItem;
export type V3GroupCreate = V3GroupCreateInput;
export type V3GroupUpdate = V3GroupUpdateInput;
export type V3Tag = V3TagItem;
export type V3Attribute = V3IndicatorAttributeItem;
export type V3SecurityLabel = V3SecurityLabelItem;
export type V3GroupRef = V3GroupItem;
export type V3IndicatorRef = V3IndicatorItem;
export type V3VictimAssetRef = V3VictimAssetItem;
/** A group in a nested association: by id, by xid, or by name and type (created when missing). */
export type V3GroupTarget = Partial<V3GroupItem>;
/** An indicator in a nested association: by id, or by type and summary or value fields (created when missing). */
export type V3IndicatorTarget = Partial<V3IndicatorItem>;
