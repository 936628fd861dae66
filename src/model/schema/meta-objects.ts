import { attributeTypeSchema } from './attribute-type.js';
import { groupAttributeSchema } from './group-attribute.js';
import { indicatorAttributeSchema } from './indicator-attribute.js';
import { securityLabelSchema } from './security-label.js';
import { tagSchema } from './tag.js';
import type { ObjectSchema } from './types.js';

export { attributeTypeSchema, groupAttributeSchema, indicatorAttributeSchema, securityLabelSchema, tagSchema };

/** The metadata objects of v3 (tags, labels, attribute types, attributes), for the schema registry to list. */
export const META_OBJECTS: readonly ObjectSchema[] = [tagSchema, securityLabelSchema, attributeTypeSchema, indicatorAttributeSchema, groupAttributeSchema];
