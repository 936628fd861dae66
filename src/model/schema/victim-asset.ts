import { defineObject } from './types.js';

/** The victim asset types and, for each, the fields that hold its value. */
export const VICTIM_ASSET_TYPE_FIELDS = {
  EmailAddress: ['address', 'addressType'],
  NetworkAccount: ['accountName', 'networkType'],
  Phone: ['phone'],
  SocialNetwork: ['accountName', 'socialNetwork'],
  WebSite: ['website'],
} as const;

export type VictimAssetTypeName = keyof typeof VICTIM_ASSET_TYPE_FIELDS;

/** One asset of a victim: an email address, network or social account, phone number or web site. */
export const VICTIM_ASSET = defineObject({
  name: 'VictimAsset',
  path: 'victimAssets',
  description: 'An email address, network account, phone number, social network account or web site of a victim.',
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  // the asset types `appliesTo` names, with their v2 path branch and entity key
  subTypes: [
    { name: 'EmailAddress', v2Branch: 'emailAddresses', v2Entity: 'victimEmailAddress' },
    { name: 'NetworkAccount', v2Branch: 'networkAccounts', v2Entity: 'victimNetworkAccount' },
    { name: 'Phone', v2Branch: 'phoneNumbers', v2Entity: 'victimPhone' },
    { name: 'SocialNetwork', v2Branch: 'socialNetworks', v2Entity: 'victimSocialNetwork' },
    { name: 'WebSite', v2Branch: 'webSites', v2Entity: 'victimWebSite' },
  ],
  fields: [
    { name: 'id', kind: 'integer', description: 'The asset id.', readOnly: true },
    { name: 'victimId', kind: 'integer', description: 'The victim the asset belongs to.', required: true, createOnly: true, v2: false },
    { name: 'type', kind: 'string', description: 'The asset type.', required: true, createOnly: true, values: Object.keys(VICTIM_ASSET_TYPE_FIELDS) },
    { name: 'webLink', kind: 'string', description: 'Link to the victim in the web interface.', readOnly: true },
    { name: 'address', kind: 'string', description: 'The email address.', appliesTo: ['EmailAddress'], maxLength: 500 },
    { name: 'addressType', kind: 'string', description: 'What kind of address it is (work, personal...).', appliesTo: ['EmailAddress'], maxLength: 500 },
    { name: 'accountName', kind: 'string', description: 'The account name.', appliesTo: ['NetworkAccount', 'SocialNetwork'], v2: 'account', maxLength: 500 },
    { name: 'networkType', kind: 'string', description: 'The network the account is on.', appliesTo: ['NetworkAccount'], v2: 'network', maxLength: 500 },
    { name: 'socialNetwork', kind: 'string', description: 'The social network the account is on.', appliesTo: ['SocialNetwork'], v2: 'network', maxLength: 500 },
    { name: 'phone', kind: 'string', description: 'The phone number.', appliesTo: ['Phone'], v2: 'phoneType', maxLength: 500 },
    { name: 'website', kind: 'string', description: 'The web site.', appliesTo: ['WebSite'], v2: 'webSite', maxLength: 500 },
    { name: 'associatedGroups', kind: { collection: 'Group' }, description: 'Groups the asset is associated with.', optIn: true, v2: false },
  ],
  tql: [
    { keyword: 'id', name: 'ID', type: 'Integer', description: 'The asset id.' },
    { keyword: 'victimId', name: 'Victim ID', type: 'Integer', description: 'The victim the asset belongs to.' },
    { keyword: 'victimName', name: 'Victim Name', type: 'String', description: 'Name of the victim the asset belongs to.' },
    { keyword: 'typeName', name: 'Type Name', type: 'String', description: 'The asset type (EmailAddress, NetworkAccount, Phone, SocialNetwork, WebSite).' },
    { keyword: 'asset', name: 'Asset', type: 'String', description: 'The asset main value (address, account, phone, site).' },
    { keyword: 'summary', name: 'Summary', type: 'String', description: 'The asset main value.' },
    { keyword: 'owner', name: 'Owner ID', type: 'Integer', description: 'Id of the owner of the victim.' },
    { keyword: 'ownerName', name: 'Owner Name', type: 'String', description: 'Name of the owner of the victim.' },
    { keyword: 'hasVictim', name: 'Has Victim', type: 'Assoc', description: 'Assets of a victim matching the nested query.', nested: 'Victim' },
    { keyword: 'hasGroup', name: 'Has Group', type: 'Assoc', description: 'Assets associated with a group matching the nested query.', nested: 'Group' },
    { keyword: 'hasIndicator', name: 'Has Indicator', type: 'Assoc', description: 'Assets linked to an indicator matching the nested query.', nested: 'Indicator' },
  ],
});
