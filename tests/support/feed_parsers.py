"""Independent readers of the feeds for the tests: python's icalendar + dateutil, and feedparser.

  python3 feed_parsers.py ics AFTER BEFORE < calendar.ics   -> JSON: calendar name, zones, events
  python3 feed_parsers.py atom < atom.xml                   -> JSON: feed title, lang, links, entries
Each event lists its occurrence starts (UTC ISO) between AFTER and BEFORE, expanded with dateutil.
"""
import json
import re
import sys
from datetime import datetime, timedelta, timezone

from dateutil import rrule as du


def utc(dt):
    return dt.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def read_ics(raw, after, before):
    import icalendar
    cal = icalendar.Calendar.from_ical(raw)
    zones = [str(z['TZID']) for z in cal.walk('VTIMEZONE')]
    events = []
    for ev in cal.walk('VEVENT'):
        start = ev.decoded('DTSTART')
        duration = ev.decoded('DURATION') if 'DURATION' in ev else ev.decoded('DTEND') - start
        excluded = set()
        ex = ev.get('EXDATE')
        for group in (ex if isinstance(ex, list) else [ex] if ex is not None else []):
            for d in group.dts:
                excluded.add(d.dt.astimezone(timezone.utc))
        tz = start.tzinfo
        # expand on the wall clock, then place each wall time in the event's zone (pytz-style
        # zones, which icalendar builds from the VTIMEZONE, need localize())
        place = (lambda d: tz.localize(d)) if hasattr(tz, 'localize') else (lambda d: d.replace(tzinfo=tz))
        wall = start.replace(tzinfo=None)
        if 'RRULE' in ev:
            text = ev['RRULE'].to_ical().decode()
            m = re.search(r'UNTIL=(\d{8}T\d{6})Z', text)
            if m:
                until = datetime.strptime(m.group(1), '%Y%m%dT%H%M%S').replace(tzinfo=timezone.utc)
                text = text.replace(m.group(0), 'UNTIL=' + until.astimezone(tz).strftime('%Y%m%dT%H%M%S'))
            walls = du.rrulestr(text, dtstart=wall)
            lo = (after - duration).astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
            hi = before.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
            starts = [place(w) for w in walls.between(lo, hi, inc=True)]
            starts = [s for s in starts if after - duration <= s <= before]
        else:
            starts = [start] if after - duration <= start <= before else []
        tzid = ev['DTSTART'].params.get('TZID')
        events.append({
            'uid': str(ev['UID']),
            'summary': str(ev['SUMMARY']),
            'url': str(ev.get('URL', '')),
            'sequence': int(ev.get('SEQUENCE', 0)),
            'tzid': str(tzid) if tzid else None,
            'last_modified': utc(ev.decoded('LAST-MODIFIED')) if 'LAST-MODIFIED' in ev else None,
            'rrule': ev['RRULE'].to_ical().decode() if 'RRULE' in ev else None,
            'occurrences': [utc(s) for s in starts if s.astimezone(timezone.utc) not in excluded],
        })
    return {
        'name': str(cal.get('X-WR-CALNAME', '')),
        'timezone': str(cal.get('X-WR-TIMEZONE', '')),
        'refresh': str(cal.get('REFRESH-INTERVAL', '')),
        'zones': zones,
        'events': events,
    }


def read_atom(raw):
    import feedparser
    d = feedparser.parse(raw)
    return {
        'bozo': bool(d.bozo),
        'bozo_exception': str(d.get('bozo_exception', '')),
        'title': d.feed.get('title', ''),
        'lang': d.feed.get('language', ''),
        'id': d.feed.get('id', ''),
        'updated': d.feed.get('updated', ''),
        'links': [{'rel': l.get('rel'), 'href': l.get('href'), 'type': l.get('type')} for l in d.feed.get('links', [])],
        'entries': [{
            'id': e.get('id'),
            'title': e.get('title'),
            'updated': e.get('updated'),
            'link': e.get('link'),
            'summary': e.get('summary'),
            'content': (e.get('content') or [{}])[0].get('value', ''),
        } for e in d.entries],
    }


if __name__ == '__main__':
    data = sys.stdin.buffer.read()
    if sys.argv[1] == 'ics':
        parse = lambda s: datetime.fromisoformat(s.replace('Z', '+00:00'))
        print(json.dumps(read_ics(data, parse(sys.argv[2]), parse(sys.argv[3]))))
    else:
        print(json.dumps(read_atom(data)))
