import { defineObject } from './types.js';

/** A role a user can hold in an owner (Organization roles and Community/Source roles). */
export const OWNER_ROLE = defineObject({
  name: 'OwnerRole',
  path: 'security/ownerRoles',
  description: 'A role a user can hold in an Organization, Community or Source.',
  methods: ['GET'],
  fields: [
    { name: 'id', kind: 'integer', description: 'The role id.', readOnly: true },
    { name: 'name', kind: 'string', description: 'The role name.', readOnly: true },
    { name: 'available', kind: 'boolean', description: 'Whether the role can be given.', readOnly: true },
    { name: 'orgRole', kind: 'boolean', description: 'Whether it is an Organization role.', readOnly: true },
    { name: 'commRole', kind: 'boolean', description: 'Whether it is a Community or Source role.', readOnly: true },
    { name: 'descriptionOrg', kind: 'string', description: 'What the role may do in an Organization.', readOnly: true },
    { name: 'descriptionComm', kind: 'string', description: 'What the role may do in a Community or Source.', readOnly: true },
    { name: 'descriptionAdmin', kind: 'string', description: 'What the role may administer.', readOnly: true },
    { name: 'version', kind: 'integer', description: 'Revision of the role definition.', readOnly: true },
  ],
  tql: [
    { keyword: 'id', name: 'ID', type: 'Integer', description: 'The role id.' },
    { keyword: 'name', name: 'Name', type: 'String', description: 'The role name.' },
    { keyword: 'available', name: 'Available', type: 'Boolean', description: 'Whether the role can be given.' },
    { keyword: 'orgRole', name: 'Organization Role', type: 'Boolean', description: 'Whether it is an Organization role.' },
    { keyword: 'commRole', name: 'Community Role', type: 'Boolean', description: 'Whether it is a Community or Source role.' },
    { keyword: 'descriptionOrg', name: 'Organization Description', type: 'String', description: 'Organization description.' },
    { keyword: 'descriptionComm', name: 'Community Description', type: 'String', description: 'Community description.' },
    { keyword: 'descriptionAdmin', name: 'Admin Description', type: 'String', description: 'Administration description.' },
    { keyword: 'version', name: 'Version', type: 'Integer', description: 'Revision of the role definition.' },
  ],
});
