import { defineObject } from './types.js';

/** `/v3/attributeTypes`: the kinds of attribute the platform accepts. Read-only over the API. */
export const attributeTypeSchema = defineObject({
  name: 'AttributeType',
  path: 'attributeTypes',
  description: 'A kind of attribute (Description, Source, ...) with its size limit and validation.',
  methods: ['GET'],
  fields: [
    { name: 'id', kind: 'integer', description: 'The attribute type id.', readOnly: true },
    { name: 'name', kind: 'string', description: 'The type name attributes refer to.', readOnly: true },
    { name: 'description', kind: 'string', description: 'What attributes of this type hold.', readOnly: true },
    { name: 'maxSize', kind: 'integer', description: 'The longest value allowed, in characters.', readOnly: true },
    { name: 'allowMarkdown', kind: 'boolean', description: 'Whether values may use Markdown.', readOnly: true },
    { name: 'errorMessage', kind: 'string', description: 'The message shown when a value fails validation.', readOnly: true },
    { name: 'validationRule', kind: 'json', description: 'The rule values must pass (name, type, text).', readOnly: true },
  ],
  tql: [
    { keyword: 'id', name: 'ID', type: 'Integer', description: 'The attribute type id.' },
    { keyword: 'name', name: 'Name', type: 'String', description: 'The type name.' },
    { keyword: 'description', name: 'Description', type: 'String', description: 'The type description.' },
    { keyword: 'maxsize', name: 'Max Size', type: 'Integer', description: 'The longest value allowed.' },
    { keyword: 'system', name: 'System', type: 'Boolean', description: 'Whether the type is built in.' },
  ],
});
