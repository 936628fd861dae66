import { attributeFields, attributeKeywords } from './attribute-fields.js';
import { defineObject } from './types.js';

const parent = { idField: 'groupId', object: 'Group', label: 'group' } as const;

/** `/v3/groupAttributes`: attributes addressed on their own rather than nested in a group. */
export const groupAttributeSchema = defineObject({
  name: 'GroupAttribute',
  path: 'groupAttributes',
  description: 'A typed value (Description, Source, ...) attached to one group.',
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  fields: attributeFields(parent),
  tql: attributeKeywords(parent),
});
