// The Threat Intelligence module: v2 typed CRUD, metadata, associations, filters, paging; v3 TQL essentials.
export { ThreatIntelligence, type ThreatIntelligenceOptions, type OwnerOption } from './ti.js';
export { Paged, type PageOptions } from './request.js';
export { Collection, IndicatorCollection, type ListOptions } from './collection.js';
export { TiEntity, type AssociationTarget, type AttributeOptions } from './entity.js';
export {
  Group,
  FileGroup,
  DocumentGroup,
  ReportGroup,
  SignatureGroup,
  AdversaryGroup,
  type GroupFor,
  type GroupInput,
  type GroupCommonInput,
  type GroupTypeInput,
  type GetOptions,
} from './group.js';
export {
  Indicator,
  FileIndicator,
  HostIndicator,
  AddressIndicator,
  type IndicatorFor,
  type IndicatorInput,
  type IndicatorValueInput,
  type IndicatorCommonInput,
  type IndicatorExtraInput,
  type IndicatorChanges,
  type CustomIndicatorInput,
} from './indicator.js';
export { IndicatorTypeRegistry, type ResolvedIndicatorType } from './indicator-types.js';
export { Task, type TaskInput } from './task.js';
export { Victim, type VictimInput } from './victim.js';
export { Tag, SecurityLabel } from './labels-and-tags.js';
export { Owners } from './owners.js';
export {
  Filters,
  type FilterOperator,
  type FilterKind,
  type FilterEntry,
  type FilterSpecs,
  type IndicatorFilterSpec,
  type GroupFilterSpec,
  type TaskFilterSpec,
  type TagFilterSpec,
  type NameFilterSpec,
} from './filters.js';
export { TiNotFoundError, TiPageError, TiV3Error } from './errors.js';
export { V3Collection, type V3ListOptions, type V3GetOptions, type V3Option } from './v3/collection.js';
export { V3Indicators, type V3DeletedOptions } from './v3/indicators.js';
export { V3Groups } from './v3/groups.js';
export { tql, tqlLiteral, Tql, type TqlValue, TqlBuilder, tqlFor, indicatorTql, groupTql } from './v3/tql.js';
export type { TqlCompareOp, TqlTextOp, TqlListOp, TqlValueKeyword, TqlNestedKeyword, TqlJsValue } from './v3/tql.js';
export type * from './v3/types.js';
// the v3 item, input, field-map, fields= and TQL types of every object, generated from src/model/schema; the family
// modules below add their collection types and the short names (V3Victim, V3TagCreate...) as aliases of these
export * from './v3/generated/index.js';
export type * from './v3/tags.js';
export type * from './v3/security-labels.js';
export type * from './v3/attribute-types.js';
export type * from './v3/attributes.js';
export type { V3MetadataCollections } from './v3/metadata-collections.js';
export { AttackTags, type AttackTechnique } from './v3/attack-tags.js';
export type * from './v3/victims.js';
export type * from './v3/security.js';
export type * from './types.js';
export { camelLabel } from '../model/indicator-types.js';
