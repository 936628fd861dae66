import { BatchValidationError } from './errors.js';
import { dateFields, groupSchema, indicatorSchema } from '../model/schema/index.js';
import { toWireDate } from '../core/dates.js';

/**
 * The object a check is about: its name, or something that names itself. Builders pass themselves, so the name
 * (`Address "1.1.1.1"`, a JSON-quoted value) is only made when a check fails, not for every value that passes.
 */
export type ObjectName = string | { describe(): string };

const nameOf = (object: ObjectName): string => (typeof object === 'string' ? object : object.describe());

/** Checks shared by the builders and the raw-object interface. Each throws a BatchValidationError naming the field. */
export function checkRating(object: ObjectName, value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 5) {
    throw new BatchValidationError(nameOf(object), 'rating', value, 'must be a number from 0 to 5');
  }
  return n;
}

export function checkConfidence(object: ObjectName, value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 100) {
    throw new BatchValidationError(nameOf(object), 'confidence', value, 'must be a whole number from 0 to 100');
  }
  return n;
}

export function checkBoolean(object: ObjectName, field: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new BatchValidationError(nameOf(object), field, value, 'must be true or false');
}

export function checkDate(object: ObjectName, field: string, value: unknown): string {
  const date = toWireDate(value);
  if (date === undefined) {
    throw new BatchValidationError(nameOf(object), field, value, 'must be a date (ISO-8601, epoch seconds, a Date, or e.g. "yesterday")');
  }
  return date;
}

export function checkText(object: ObjectName, field: string, value: unknown, max = 0): string {
  if (typeof value === 'number' || typeof value === 'bigint') value = String(value);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BatchValidationError(nameOf(object), field, value, 'must be a non-empty string');
  }
  if (max && value.length > max) throw new BatchValidationError(nameOf(object), field, value, `must be at most ${max} characters`);
  return value;
}

export function checkInteger(object: ObjectName, field: string, value: unknown, min = 0): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min) {
    throw new BatchValidationError(nameOf(object), field, value, `must be a whole number of at least ${min}`);
  }
  return n;
}

export function checkChoice(object: ObjectName, field: string, value: unknown, choices: readonly string[]): string {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  const found = text === undefined ? undefined : choices.find((c) => c.toLowerCase() === text);
  if (!found) throw new BatchValidationError(nameOf(object), field, value, `must be one of ${choices.join(', ')}`);
  return found;
}

export function checkColor(object: ObjectName, value: unknown): string {
  const text = typeof value === 'string' ? value.trim().replace(/^#/, '') : '';
  if (!/^[0-9a-f]{6}$/i.test(text)) {
    throw new BatchValidationError(nameOf(object), 'securityLabel.color', value, 'must be a 6-digit hex colour such as ffc000');
  }
  return text;
}

/** Tags are case-preserving and at most 128 characters on the platform. */
export function checkTag(object: ObjectName, value: unknown): string {
  return checkText(object, 'tag', value, 128).trim();
}

/** Fields that carry dates, formatted to the wire form whoever sets them: the schema's, and batch's legacy name. */
export const DATE_FIELDS = new Set([...dateFields(groupSchema), ...dateFields(indicatorSchema), 'externalDateCreated']);
