import { attributeFields, attributeKeywords } from './attribute-fields.js';
import { defineObject } from './types.js';

const parent = { idField: 'indicatorId', object: 'Indicator', label: 'indicator' } as const;

/** `/v3/indicatorAttributes`: attributes addressed on their own rather than nested in an indicator. */
export const indicatorAttributeSchema = defineObject({
  name: 'IndicatorAttribute',
  path: 'indicatorAttributes',
  description: 'A typed value (Description, Source, ...) attached to one indicator.',
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  fields: attributeFields(parent),
  tql: attributeKeywords(parent),
});
