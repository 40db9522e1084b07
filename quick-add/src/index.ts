export * from './quick-add.js';
export * from './rules.js';
export { describeQuickAdd } from './describe.js';
export { cachedTimeZoneCount, isTimeZone } from './time-zone.js';
