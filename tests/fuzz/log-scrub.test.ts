/**
 * Found by the hostile-input properties: every request's URL goes through the log scrubber, whose
 * e-mail pattern backtracked quadratically — one anonymous 100 KB URL stalled the server for over
 * a minute. The bound below is a liveness bound (it took minutes before the fix), not a speed target.
 */
import { describe, expect, it } from 'vitest';
import { loggablePath, scrubText } from '../../server/log-scrub.ts';

describe('log scrubbing of hostile text', () => {
  it('handles 100 KB runs without "@" in linear time', { timeout: 10_000 }, () => {
    for (const s of [
      'x'.repeat(100_000),
      `a@${'a'.repeat(100_000)}`,
      '%40'.repeat(30_000),
      'a.'.repeat(50_000),
    ]) {
      expect(scrubText(s)).toHaveLength(s.length);
      expect(loggablePath(`/api/search?q=${s}`).length).toBeLessThanOrEqual(513);
      expect(loggablePath(`/api/kiosks/${s}`).length).toBeLessThanOrEqual(513);
    }
  });

  it('still replaces every e-mail address, also percent-encoded', () => {
    expect(scrubText('jo.doe@example.org, x_y+z@mail.example.com; a%40b.org; not@mail')).toBe(
      '[email], [email]; [email]; not@mail',
    );
    expect(loggablePath('/api/x?q=jo@example.com&email=a@b.org')).toBe('/api/x?q=[email]&email=[redacted]');
  });
});
