import { defineObject } from './types.js';

/** A platform user as other users see it: names and role, never a secret. */
export const USER = defineObject({
  name: 'User',
  path: 'security/users',
  description: 'A user of the platform (API users included); secrets and passwords are never answered.',
  methods: ['GET'],
  fields: [
    { name: 'id', kind: 'integer', description: 'The user id.', readOnly: true },
    { name: 'userName', kind: 'string', description: 'The user name (an API user: its access id).', readOnly: true },
    { name: 'firstName', kind: 'string', description: 'First name.', readOnly: true },
    { name: 'lastName', kind: 'string', description: 'Last name.', readOnly: true },
    { name: 'pseudonym', kind: 'string', description: 'The name shown instead of the real one, when set.', readOnly: true },
    { name: 'systemRole', kind: 'string', description: 'The system role (Administrator, Api User, ...).', readOnly: true },
    { name: 'disabled', kind: 'boolean', description: 'Whether the account is disabled.', readOnly: true },
    { name: 'owner', kind: 'string', description: "Name of the user's default owner.", readOnly: true },
  ],
  tql: [
    { keyword: 'id', name: 'ID', type: 'Integer', description: 'The user id.' },
    { keyword: 'userName', name: 'User Name', type: 'String', description: 'The user name.' },
    { keyword: 'firstName', name: 'First Name', type: 'String', description: 'First name.' },
    { keyword: 'lastName', name: 'Last Name', type: 'String', description: 'Last name.' },
    { keyword: 'pseudonym', name: 'Pseudonym', type: 'String', description: 'Pseudonym.' },
    { keyword: 'systemRole', name: 'System Role', type: 'String', description: 'The system role.' },
    { keyword: 'disabled', name: 'Disabled', type: 'Boolean', description: 'Whether the account is disabled.' },
    { keyword: 'groupId', name: 'Group ID', type: 'Integer', description: 'Id of a user group the user is in.' },
  ],
});
