// Declarative feed mapping: records (JSON objects, CSV rows) to indicators and groups, checked when defined.
export { FeedMapping, defineMapping, reject, Rejection } from './mapping.js';
export {
  MappingError,
  validateSpec,
  type MappingSpec,
  type GroupTemplate,
  type IndicatorTemplate,
  type AttributeSpec,
  type FieldSpec,
  type ListSpec,
  type TypeSpec,
  type FieldFunction,
  type FieldContext,
} from './spec.js';
