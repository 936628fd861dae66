export { ResourceQuery, type ResourceQueryOptions, type AddFilterOptions } from './query.js';
export { FilterObject, type FilterSetOperator, type RequestPlan } from './filter-object.js';
export { postFilter, epochMs, POST_OPERATORS, type PostFilter, type PostOperator } from './post-filters.js';
export { FilterReport, duration, type ReportEntry } from './report.js';
export { resourceSpec, API_FILTERS, POST_FILTERS, type ResourceSpec, type ResourceKind, type ApiFilterName, type PostFilterField } from './resources.js';
