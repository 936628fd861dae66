import { defineObject } from './types.js';

/** The permission fields of an owner as the caller's role in it grants them (`FULL`, `READ`, `NONE`). */
export const OWNER_PERMISSIONS = [
  'permApps', 'permArtifact', 'permAttribute', 'permAttributeType', 'permCaseTag', 'permComment', 'permCopyData',
  'permGroup', 'permIndicator', 'permInvite', 'permMembers', 'permPlaybooks', 'permPlaybooksExecute', 'permPost',
  'permPublish', 'permSecurityLabel', 'permSettings', 'permTag', 'permTask', 'permTimeline', 'permUsers', 'permVictim',
  'permWorkflowTemplate',
] as const;

/** An owner (Organization, Community or Source) the caller is a member of, with the caller's role and rights. */
export const OWNER = defineObject({
  name: 'Owner',
  path: 'security/owners',
  description: 'An Organization, Community or Source the caller belongs to, with the role and rights the caller has in it.',
  methods: ['GET'],
  fields: [
    { name: 'id', kind: 'integer', description: 'The owner id.', readOnly: true },
    { name: 'name', kind: 'string', description: 'The owner name.', readOnly: true },
    { name: 'type', kind: 'string', description: 'Organization, Community or Source.', readOnly: true, values: ['Organization', 'Community', 'Source'] },
    { name: 'ownerRole', kind: 'string', description: "The caller's role in the owner.", readOnly: true },
    ...OWNER_PERMISSIONS.map((name) => ({
      name,
      kind: 'string' as const,
      description: `What the caller may do with ${name.slice(4)} in the owner: FULL, READ or NONE.`,
      readOnly: true,
      values: ['FULL', 'READ', 'NONE'],
    })),
  ],
  tql: [
    { keyword: 'id', name: 'ID', type: 'Integer', description: 'The owner id.' },
    { keyword: 'ownerId', name: 'Owner ID', type: 'Integer', description: 'The owner id.' },
    { keyword: 'ownerName', name: 'Owner Name', type: 'String', description: 'The owner name.' },
    { keyword: 'userId', name: 'User ID', type: 'Integer', description: 'Id of a member of the owner.' },
    ...OWNER_PERMISSIONS.map((keyword) => ({ keyword, name: keyword.slice(4), type: 'String' as const, description: `The caller's ${keyword.slice(4)} right.` })),
  ],
});
