import { defineObject } from './types.js';

/** A named group of users (used to assign work to several users at once). */
export const USER_GROUP = defineObject({
  name: 'UserGroup',
  path: 'security/userGroups',
  description: 'A named group of users.',
  methods: ['GET'],
  fields: [
    { name: 'id', kind: 'integer', description: 'The group id.', readOnly: true },
    { name: 'name', kind: 'string', description: 'The group name.', readOnly: true },
    { name: 'description', kind: 'string', description: 'What the group is for.', readOnly: true },
    { name: 'users', kind: { collection: 'User' }, description: 'The members of the group.', readOnly: true, optIn: true },
  ],
  tql: [
    { keyword: 'id', name: 'ID', type: 'Integer', description: 'The group id.' },
    { keyword: 'name', name: 'Name', type: 'String', description: 'The group name.' },
    { keyword: 'description', name: 'Description', type: 'String', description: 'What the group is for.' },
  ],
});
