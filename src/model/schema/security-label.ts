import { defineObject } from './types.js';

/** `/v3/securityLabels`: the labels (TLP and custom ones) shared by every owner. */
export const securityLabelSchema = defineObject({
  name: 'SecurityLabel',
  path: 'securityLabels',
  description: 'A handling label such as TLP:AMBER, applied to items and attributes.',
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  fields: [
    { name: 'id', kind: 'integer', description: 'The label id.', readOnly: true },
    { name: 'name', kind: 'string', description: 'The label name, unique on the platform.', required: true, maxLength: 50, alwaysAnswered: true },
    { name: 'description', kind: 'string', description: 'What the label asks of readers.' },
    { name: 'color', kind: 'string', description: 'Display color as six hex digits, e.g. FFC000.', maxLength: 6 },
    { name: 'owner', kind: 'string', description: 'The owner of the label (System for the built-in ones).', createOnly: true, v2: false },
    { name: 'dateAdded', kind: 'date', description: 'When the label was created.', readOnly: true },
  ],
  tql: [
    { keyword: 'id', name: 'ID', type: 'Integer', description: 'The label id.' },
    { keyword: 'name', name: 'Name', type: 'String', description: 'The label name.' },
    { keyword: 'summary', name: 'Summary', type: 'String', description: 'The label name (same as name).' },
    { keyword: 'description', name: 'Description', type: 'String', description: 'The label description.' },
    { keyword: 'color', name: 'Color', type: 'String', description: 'The label color.' },
    { keyword: 'dateAdded', name: 'Date Added', type: 'Date', description: 'When the label was created.' },
    { keyword: 'ownerName', name: 'Owner Name', type: 'String', description: 'The owner of the label.' },
    { keyword: 'hasGroup', name: 'Has Group', type: 'Assoc', description: 'Labels on groups matching a nested query.', nested: 'Group' },
    { keyword: 'hasIndicator', name: 'Has Indicator', type: 'Assoc', description: 'Labels on indicators matching a nested query.', nested: 'Indicator' },
    { keyword: 'hasVictim', name: 'Has Victim', type: 'Assoc', description: 'Labels on victims matching a nested query.', nested: 'Victim' },
  ],
});
