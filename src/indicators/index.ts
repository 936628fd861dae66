export { IndicatorValidator, detectIndicatorType } from './validator.js';
export type { CustomIndicatorTypeDef, IndicatorValidatorOptions, Detection, ResolvedIndicator, ResolveOptions } from './validator.js';
export { IndicatorValueError } from './errors.js';
export { LEGACY_SOURCES, legacyPattern, defaultPatterns, wholeValue, type NamedPattern, type PatternInput, type LegacyPatternName } from './patterns.js';
