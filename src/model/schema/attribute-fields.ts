import type { FieldSpec, ObjectName, TqlKeywordSpec } from './types.js';

/**
 * What indicator, group and victim attributes share: they differ only in the item they hang on (`indicatorId`,
 * `groupId`, ...), so each attribute object's file states that and takes the rest from here.
 */
interface Parent {
  readonly idField: string;
  readonly object: ObjectName;
  readonly label: string;
}

// the casts keep each name literal in the result (property access on a type parameter widens to its constraint)
export function attributeFields<const P extends Parent>(parent: P) {
  return [
    { name: 'id', kind: 'integer', description: 'The attribute id.', readOnly: true },
    { name: parent.idField as P['idField'], kind: 'integer', description: `The ${parent.label} the attribute belongs to.`, createOnly: true, required: true, v2: false },
    { name: 'type', kind: 'string', description: 'The attribute type name (see /v3/attributeTypes).', createOnly: true, required: true },
    { name: 'value', kind: 'string', description: 'The attribute text, within the type\'s size limit.', required: true },
    { name: 'source', kind: 'string', description: 'Where the value came from.' },
    { name: 'default', kind: 'boolean', description: `Whether this is the ${parent.label}'s default attribute of its type.`, v2: 'displayed' },
    { name: 'pinned', kind: 'boolean', description: 'Whether the attribute is pinned to the top.' },
    { name: 'dateAdded', kind: 'date', description: 'When the attribute was added.', readOnly: true },
    { name: 'lastModified', kind: 'date', description: 'When the attribute last changed.', readOnly: true },
    { name: 'securityLabels', kind: { collection: 'SecurityLabel' }, description: 'Labels on the attribute.', optIn: true, v2: false },
    { name: parent.label as P['label'], kind: { object: parent.object as P['object'] }, description: `The ${parent.label} the attribute belongs to.`, readOnly: true, optIn: true, v2: false },
  ] as const satisfies readonly FieldSpec[];
}

export function attributeKeywords(parent: Parent): TqlKeywordSpec[] {
  const has = `has${parent.object}`;
  return [
    { keyword: 'id', name: 'ID', type: 'Integer', description: 'The attribute id.' },
    { keyword: parent.idField, name: `${parent.object} ID`, type: 'Integer', description: `The id of the ${parent.label}.` },
    { keyword: 'typeName', name: 'Type Name', type: 'String', description: 'The attribute type name.' },
    { keyword: 'type', name: 'Type', type: 'Integer', description: 'The attribute type id.' },
    { keyword: 'text', name: 'Text', type: 'String', description: 'The attribute value.' },
    { keyword: 'source', name: 'Source', type: 'String', description: 'The attribute source.' },
    { keyword: 'default', name: 'Default', type: 'Boolean', description: 'Whether the attribute is the default of its type.' },
    { keyword: 'displayed', name: 'Displayed', type: 'Boolean', description: 'Same as default (v2 name).' },
    { keyword: 'pinned', name: 'Pinned', type: 'Boolean', description: 'Whether the attribute is pinned.' },
    { keyword: 'dateAdded', name: 'Date Added', type: 'Date', description: 'When the attribute was added.' },
    { keyword: 'lastModified', name: 'Last Modified', type: 'Date', description: 'When the attribute last changed.' },
    { keyword: 'ownerName', name: 'Owner Name', type: 'String', description: `The owner of the ${parent.label}.` },
    { keyword: has, name: `Has ${parent.object}`, type: 'Assoc', description: `Attributes of ${parent.label}s matching a nested query.`, nested: parent.object },
    { keyword: 'hasSecurityLabel', name: 'Has Security Label', type: 'Assoc', description: 'Attributes carrying labels matching a nested query.', nested: 'SecurityLabel' },
  ];
}
