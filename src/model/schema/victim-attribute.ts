import { defineObject } from './types.js';

/** An attribute of a victim, addressed on its own. */
export const VICTIM_ATTRIBUTE = defineObject({
  name: 'VictimAttribute',
  path: 'victimAttributes',
  description: 'An attribute (typed text) of a victim.',
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  fields: [
    { name: 'id', kind: 'integer', description: 'The attribute id.', readOnly: true },
    { name: 'victimId', kind: 'integer', description: 'The victim the attribute belongs to.', required: true, createOnly: true, v2: false },
    { name: 'type', kind: 'string', description: 'The attribute type name (an attribute type the platform knows).', required: true, createOnly: true },
    { name: 'value', kind: 'string', description: 'The attribute text.', required: true },
    { name: 'source', kind: 'string', description: 'Where the value came from.' },
    { name: 'default', kind: 'boolean', description: 'Whether it is the displayed attribute of its type.', v2: 'displayed' },
    { name: 'pinned', kind: 'boolean', description: 'Whether it is pinned.' },
    { name: 'dateAdded', kind: 'date', description: 'When it was created.', readOnly: true },
    { name: 'lastModified', kind: 'date', description: 'When it last changed.', readOnly: true },
    { name: 'createdBy', kind: { object: 'User' }, description: 'The user who created it (when known).', readOnly: true, v2: false },
    { name: 'securityLabels', kind: { collection: 'SecurityLabel' }, description: 'Security labels applied to the attribute.', optIn: true },
  ],
  tql: [
    { keyword: 'id', name: 'ID', type: 'Integer', description: 'The attribute id.' },
    { keyword: 'victimId', name: 'Victim ID', type: 'Integer', description: 'The victim the attribute belongs to.' },
    { keyword: 'typeName', name: 'Type Name', type: 'String', description: 'The attribute type name.' },
    { keyword: 'text', name: 'Text', type: 'String', description: 'The attribute text.' },
    { keyword: 'source', name: 'Source', type: 'String', description: 'Where the value came from.' },
    { keyword: 'default', name: 'Default', type: 'Boolean', description: 'Whether it is the displayed one of its type.' },
    { keyword: 'displayed', name: 'Displayed', type: 'Boolean', description: 'Same as default.' },
    { keyword: 'pinned', name: 'Pinned', type: 'Boolean', description: 'Whether it is pinned.' },
    { keyword: 'owner', name: 'Owner ID', type: 'Integer', description: 'Id of the owner of the victim.' },
    { keyword: 'ownerName', name: 'Owner Name', type: 'String', description: 'Name of the owner of the victim.' },
    { keyword: 'dateAdded', name: 'Date Added', type: 'Date', description: 'When it was created.' },
    { keyword: 'lastModified', name: 'Last Modified', type: 'Date', description: 'When it last changed.' },
    { keyword: 'hasVictim', name: 'Has Victim', type: 'Assoc', description: 'Attributes of a victim matching the nested query.', nested: 'Victim' },
    { keyword: 'hasSecurityLabel', name: 'Has Security Label', type: 'Assoc', description: 'Attributes with a security label matching the nested query.', nested: 'SecurityLabel' },
  ],
});
