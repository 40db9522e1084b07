import { describe, expect, it } from 'vitest';
import { commentFrame, cursorFrame, eventFrame, parseLastEventId, retryFrame } from './sse-frame.js';

describe('sse frames', () => {
  it('writes id, event and one JSON data line, ended by a blank line', () => {
    expect(eventFrame(7, 'task.deleted', { type: 'task.deleted', taskId: 'a\nb' })).toBe(
      'id: 7\nevent: task.deleted\ndata: {"type":"task.deleted","taskId":"a\\nb"}\n\n',
    );
  });

  it('moves the cursor without an event, sets retry, and keeps comments on one line', () => {
    expect(cursorFrame(3)).toBe('id: 3\n\n');
    expect(retryFrame(3000)).toBe('retry: 3000\n\n');
    expect(commentFrame('a\r\nb')).toBe(': a b\n\n');
  });
});

describe(parseLastEventId.name, () => {
  it('accepts non-negative integers only', () => {
    expect(parseLastEventId('42')).toBe(42);
    expect(parseLastEventId(['9', '1'])).toBe(9);
    expect(parseLastEventId(undefined)).toBeUndefined();
    expect(parseLastEventId('-1')).toBeUndefined();
    expect(parseLastEventId('abc')).toBeUndefined();
    expect(parseLastEventId('1e9')).toBeUndefined();
  });
});
