import { groupType, type GroupTypeInfo } from '../model/index.js';
import { groupSchema, type FieldSpec } from '../model/schema/index.js';
import { BatchItem, fieldProperties, type DateInput, type ItemSink } from './item.js';
import { BatchValidationError } from './errors.js';
import { checkBoolean, checkChoice, checkDate, checkText, DATE_FIELDS } from './validate.js';
import { randomXid, typedXid, type XidInput } from './xid.js';
import { jsonFields, jsonString, type WireGroup } from './wire.js';

/** Document or report contents: bytes, text, or a function called with the xid when the file is uploaded. */
export type FileContent = string | Uint8Array | ((xid: string) => FileContentValue | Promise<FileContentValue>);
export type FileContentValue = string | Uint8Array | null | undefined;

/** Receives document and report contents as they are set, so the builder need not hold them. */
export interface FileSink {
  storeFile(xid: string, branch: 'documents' | 'reports', content: FileContent): void;
}

const GROUP_FIELDS: readonly FieldSpec[] = groupSchema.fields;
/** Type-specific yes/no fields (a Document's malware flag), checked as booleans. */
const BOOLEAN_FIELDS = new Set(GROUP_FIELDS.filter((f) => f.kind === 'boolean' && f.appliesTo && !f.readOnly).map((f) => f.name));
/** Fields with one list of allowed values (a Signature's fileType); statuses vary by type and come from the catalogue. */
const CHOICES = new Map(GROUP_FIELDS.filter((f) => f.values && !f.readOnly).map((f) => [f.name, f.values]));

const RESERVED = new Set(['name', 'type', 'xid', 'attribute', 'tag', 'securityLabel', 'associatedGroupXid', 'associatedIndicators']);

/** Resolves an xid argument: a string is used as given; true/undefined/false follow the batch's mode or force one. */
export function resolveXid(input: XidInput, mode: 'reproducible' | 'random', typeName: string, value: string, object: string): string {
  if (typeof input === 'string') {
    if (input.trim() === '') throw new BatchValidationError(object, 'xid', input, 'must not be empty');
    return input;
  }
  const reproducible = input === true || (input === undefined && mode === 'reproducible');
  return reproducible ? typedXid(typeName, value) : randomXid();
}

/** A group of any type (Interface 2); the typed classes below add their fields as properties (Interface 1). */
export class BatchGroup extends BatchItem {
  readonly type: string;
  readonly name: string;
  readonly xid: string;
  protected readonly info?: GroupTypeInfo;
  private indicators?: Array<{ summary: string; indicatorType: string }>;

  constructor(sink: ItemSink & FileSink, type: string, name: string, xid?: XidInput) {
    super(sink);
    const info = groupType(type);
    if (!info && sink.validate) {
      throw new BatchValidationError('group', 'type', type, 'must be a group type such as Adversary, Incident or Document');
    }
    this.info = info;
    this.type = info?.name ?? type;
    this.name = sink.validate ? checkText(this.type, 'name', name, 500) : name;
    this.xid = resolveXid(xid, sink.xidMode, this.type, this.name, this.describe());
  }

  describe(): string {
    return `${this.type} ${JSON.stringify(this.name)}`;
  }

  identity(): string {
    return this.xid;
  }

  /** Associates an indicator by type and summary: `associatedIndicators` on the wire. */
  associateIndicator(indicatorType: string, summary: string): this {
    this.indicators ??= [];
    if (!this.indicators.some((i) => i.summary === summary && i.indicatorType === indicatorType)) {
      this.indicators.push({ summary: checkText(this, 'associatedIndicators.summary', summary), indicatorType });
      this.touch();
    }
    return this;
  }

  protected setField(field: string, value: unknown): void {
    if (RESERVED.has(field)) {
      throw new BatchValidationError(this.describe(), field, value, 'is set by the constructor or its own method, not addKeyValue');
    }
    if (field === 'fileContent') {
      this.setFileContent(value as FileContent);
      return;
    }
    if (value === undefined || value === null || !this.sink.validate) {
      this.store(field, value);
      return;
    }
    if (DATE_FIELDS.has(field)) this.store(field, checkDate(this, field, value));
    else if (field === 'status') {
      if (!this.info?.statuses) throw new BatchValidationError(this.describe(), field, value, `is not a field of ${this.type}`);
      this.store(field, checkChoice(this, field, value, this.info.statuses));
    } else if (BOOLEAN_FIELDS.has(field)) this.store(field, checkBoolean(this, field, value));
    else if (CHOICES.has(field)) this.store(field, checkChoice(this, field, value, CHOICES.get(field) as readonly string[]));
    else if (['fileName', 'fileText', 'subject', 'header', 'body', 'password'].includes(field)) this.store(field, checkText(this, field, value));
    else this.store(field, value);
  }

  /** @internal */
  setFileContent(content: FileContent | undefined): void {
    const branch = this.type === 'Document' ? 'documents' : this.type === 'Report' ? 'reports' : undefined;
    if (!branch) throw new BatchValidationError(this.describe(), 'fileContent', '(content)', 'only Documents and Reports carry file contents');
    if (content === undefined || content === null) return;
    if (typeof content !== 'string' && typeof content !== 'function' && !(content instanceof Uint8Array)) {
      throw new BatchValidationError(this.describe(), 'fileContent', content, 'must be a string, bytes, or a function of the xid');
    }
    (this.sink as unknown as FileSink).storeFile(this.xid, branch, content);
  }

  toWire(): WireGroup {
    const out: WireGroup = { name: this.name, type: this.type, xid: this.xid, ...this.values };
    this.metadataWire(out);
    if (this.groupLinks?.length) out.associatedGroupXid = [...this.groupLinks];
    if (this.indicators?.length) out.associatedIndicators = this.indicators.map((i) => ({ ...i }));
    return out;
  }

  override toJson(): string {
    const fields = jsonFields(this.values);
    if (fields === undefined || typeof this.name !== 'string' || typeof this.type !== 'string' || typeof this.xid !== 'string') return JSON.stringify(this.toWire());
    let out = `{"name":${jsonString(this.name)},"type":${jsonString(this.type)},"xid":${jsonString(this.xid)}${fields}${this.metadataJson()}`;
    if (this.groupLinks?.length) out += `,"associatedGroupXid":${JSON.stringify(this.groupLinks)}`;
    if (this.indicators?.length) out += `,"associatedIndicators":${JSON.stringify(this.indicators)}`;
    return `${out}}`;
  }

  /** first and last seen, and the external dates, exist on every group type */
  declare firstSeen: DateInput;
  declare lastSeen: DateInput;
  declare externalDateAdded: DateInput;
  declare externalDateExpires: DateInput;
  declare externalLastModified: DateInput;
}
fieldProperties(BatchGroup, ['firstSeen', 'lastSeen', 'externalDateAdded', 'externalDateExpires', 'externalLastModified']);


// The typed class of each group type (its setters) is generated from the schema: ./generated/groups.ts.
