/**
 * Quick add reads text with the one parser the API's POST /api/v1/tasks/quick also uses (@todo/quick-add), so a
 * person and an agent get the same task for the same words. The web passes the browser's time zone.
 */
export {
  checkQuickAdd,
  describeQuickAdd,
  parseQuickAdd,
  type QuickAddCheck,
  type QuickAddPlace,
  type QuickAddTask,
  type QuickAddToken,
} from '@todo/quick-add';
import { isTimeZone } from '@todo/quick-add';

/**
 * The browser's IANA time zone ("Europe/Berlin"); UTC when it cannot tell, or names something the parser would
 * refuse (an offset such as "+05:30", ICU's "Etc/Unknown"), which would otherwise throw on every render.
 */
export function browserTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : 'UTC';
}
