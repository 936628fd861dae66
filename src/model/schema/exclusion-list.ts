import { defineObject } from './types.js';

/** A list of values an owner never wants as indicators (fixed values, and patterns with wildcards). */
export const EXCLUSION_LIST = defineObject({
  name: 'ExclusionList',
  path: 'security/exclusionLists',
  description: 'Values (fixed, or variable with wildcards) that an owner excludes from becoming indicators.',
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  fields: [
    { name: 'id', kind: 'integer', description: 'The list id.', readOnly: true },
    { name: 'name', kind: 'string', description: 'The list name.', required: true, createOnly: true, maxLength: 100 },
    { name: 'description', kind: 'string', description: 'What the list is for.', readOnly: true },
    { name: 'owner', kind: 'string', description: 'Name of the owner holding the list.', createOnly: true },
    { name: 'ownerId', kind: 'integer', description: 'Id of the owner holding the list.', createOnly: true },
    { name: 'active', kind: 'boolean', description: 'Whether the list applies.' },
    { name: 'managed', kind: 'boolean', description: 'Whether the system maintains the list.', createOnly: true },
    { name: 'fixedValues', kind: 'json', description: 'Exact values: {"data":[{"value":...}],"mode":"append|replace|delete"}.' },
    { name: 'variableValues', kind: 'json', description: 'Values with * wildcards: {"data":[{"value":...}],"mode":"append|replace|delete"}.' },
  ],
  tql: [
    { keyword: 'id', name: 'ID', type: 'Integer', description: 'The list id.' },
    { keyword: 'name', name: 'Name', type: 'String', description: 'The list name.' },
    { keyword: 'owner', name: 'Owner ID', type: 'Integer', description: 'Id of the owner holding the list.' },
    { keyword: 'active', name: 'Active', type: 'Boolean', description: 'Whether the list applies.' },
    { keyword: 'managed', name: 'Managed', type: 'Boolean', description: 'Whether the system maintains it.' },
  ],
});
