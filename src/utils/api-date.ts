/** The API's date format, `2017-07-13T17:50:17Z`: UTC, whole seconds. */
export function apiDate(date: Date | number): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
