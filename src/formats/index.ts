export {
  indicatorCef,
  indicatorLeef,
  indicatorKeyval,
  indicatorCsv,
  indicatorCsvHeader,
  indicatorJson,
  indicatorJsonText,
  INDICATOR_CSV_HEADER,
  type FormatOptions,
} from './indicator.js';
export { groupCsv, groupCsvHeader, groupKeyval, groupJson, groupJsonText, GROUP_CSV_HEADER } from './group.js';
export { toFormatIndicator, toFormatGroup, type FormatIndicator, type FormatGroup } from './record.js';
export { createFormatter, checkFormat, OUTPUT_FORMATS, type OutputFormat, type RecordFormatter, type RecordKind } from './stream.js';
export { csvField, csvRow } from './csv.js';
export { sortedJson } from './json.js';
export type { EscapeMode } from './values.js';
