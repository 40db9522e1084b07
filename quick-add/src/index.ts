export * from './quick-add.js';
export { describeQuickAdd } from './describe.js';
export { isTimeZone } from './time-zone.js';
