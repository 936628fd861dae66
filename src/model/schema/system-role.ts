import { defineObject } from './types.js';

/** A platform-wide role of a user (Administrator, Api User, ...). */
export const SYSTEM_ROLE = defineObject({
  name: 'SystemRole',
  path: 'security/systemRoles',
  description: 'A role a user holds on the whole platform.',
  methods: ['GET'],
  fields: [
    { name: 'id', kind: 'integer', description: 'The role id.', readOnly: true },
    { name: 'name', kind: 'string', description: 'The role name.', readOnly: true },
    { name: 'active', kind: 'boolean', description: 'Whether the role is in use.', readOnly: true },
    { name: 'assignable', kind: 'boolean', description: 'Whether the role can be given to a user.', readOnly: true },
    { name: 'displayed', kind: 'boolean', description: 'Whether the role is shown in the interface.', readOnly: true },
  ],
  tql: [
    { keyword: 'id', name: 'ID', type: 'Integer', description: 'The role id.' },
    { keyword: 'name', name: 'Name', type: 'String', description: 'The role name.' },
    { keyword: 'active', name: 'Active', type: 'Boolean', description: 'Whether the role is in use.' },
    { keyword: 'assignable', name: 'Assignable', type: 'Boolean', description: 'Whether the role can be given.' },
    { keyword: 'displayed', name: 'Displayed', type: 'Boolean', description: 'Whether the role is shown.' },
  ],
});
