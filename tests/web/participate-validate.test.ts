/**
 * The participation forms' own checks (web/participate/validate.ts): what a resident is told
 * before anything is sent, the body the proposal form sends, and how a server 400's parameter
 * finds its field again.
 */
import { describe, expect, it } from 'vitest';
import { isAppRoute } from '../../server/http/app-routes.ts';
import { emptyProposal } from '../../web/participate/ProposeForm.tsx';
import { participateRoute } from '../../web/participate/routes.ts';
import { checkNeed, checkProposal, fieldOfParameter, proposalBody, schedulesOf } from '../../web/participate/validate.ts';

const filled = () => ({
  ...emptyProposal('en'),
  kind: 'initiative' as const,
  title: 'Repair café',
  description: 'Bring what is broken.',
  email: 'ada@example.org',
  where: { mode: 'point' as const, point: { lon: 5.1, lat: 52.1 }, areaId: '' },
});

describe('the proposal form', () => {
  it('names every missing field of an empty form', () => {
    expect(Object.keys(checkProposal(emptyProposal('en'))).sort()).toEqual(['description', 'email', 'kind', 'title', 'where']);
    expect(checkProposal(emptyProposal('en')).where?.key).toBe('errors.whereMissing');
  });
  it('accepts a complete one', () => {
    expect(checkProposal(filled())).toEqual({});
  });
  it('wants a neighbourhood when only a neighbourhood is given', () => {
    expect(checkProposal({ ...filled(), where: { mode: 'area', point: null, areaId: '' } }).where?.key).toBe('errors.areaMissing');
  });
  it('checks ages, dates, times, join links and addresses', () => {
    expect(checkProposal({ ...filled(), ageMin: '12', ageMax: '8' }).ages?.key).toBe('errors.ages');
    expect(checkProposal({ ...filled(), ageMin: '3.5' }).ages?.key).toBe('errors.ages');
    expect(checkProposal({ ...filled(), when: 'once', date: '2027-02-30', time: '25:00' })).toMatchObject({ date: { key: 'errors.date' }, time: { key: 'errors.time' } });
    expect(checkProposal({ ...filled(), platform: 'whatsapp', url: '' }).url?.key).toBe('errors.urlMissing');
    expect(checkProposal({ ...filled(), platform: 'whatsapp', url: 'javascript:alert(1)' }).url?.key).toBe('errors.url');
    expect(checkProposal({ ...filled(), email: 'ada@' }).email?.key).toBe('errors.email');
    expect(checkProposal({ ...filled(), title: 'x'.repeat(201) }).title).toEqual({ key: 'errors.nameLong', values: { max: 200 } });
  });
  it('sends a weekly schedule on the weekday of its first date, and a neighbourhood by its id', () => {
    // 2027-01-06 is a Wednesday
    expect(schedulesOf({ when: 'weekly', date: '2027-01-06', time: '10:00', duration: 90 })).toEqual([
      { dtstart: '2027-01-06T10:00', duration_minutes: 90, rrule: 'FREQ=WEEKLY;BYDAY=WE', exdates: [] },
    ]);
    expect(schedulesOf({ when: 'none', date: '', time: '', duration: 60 })).toEqual([]);
    const body = proposalBody({ ...filled(), where: { mode: 'area', point: null, areaId: 'a1' }, platform: 'telegram', url: ' https://t.me/x ', private: true, ageMin: '0' });
    expect(body).toMatchObject({ location: { area_id: 'a1' }, join: { url: 'https://t.me/x', platform: 'telegram', private: true }, age_min: 0, website: '' });
    expect(body).not.toHaveProperty('age_max');
  });
  it("finds the field a server 400 names", () => {
    expect(fieldOfParameter('location.lon')).toBe('where');
    expect(fieldOfParameter('join.url')).toBe('url');
    expect(fieldOfParameter('schedules.0.dtstart')).toBe('date');
    expect(fieldOfParameter('age_max')).toBe('ages');
    expect(fieldOfParameter('title')).toBe('title');
    expect(fieldOfParameter('call_id')).toBeNull();
    expect(fieldOfParameter(null)).toBeNull();
  });
});

describe('the need form', () => {
  it('wants a text, a point and an address', () => {
    const empty = { text: ' ', language: 'en', audiences: [], wouldHelp: false, where: { mode: 'area' as const, point: null, areaId: 'a1' }, email: '', mailLanguage: 'en', website: '' };
    expect(checkNeed(empty)).toEqual({ text: { key: 'errors.textMissing' }, where: { key: 'errors.pointMissing' }, email: { key: 'errors.email' } });
    expect(checkNeed({ ...empty, text: 'Shade', where: { mode: 'point', point: { lon: 1, lat: 2 }, areaId: '' }, email: 'a@b.org' })).toEqual({});
  });
});

describe('the participation pages’ paths', () => {
  it('are the web app’s (participateRoute) and the server’s (isAppRoute) alike', () => {
    const pages = ['/propose', '/need', '/survey/0b6d', '/participate/confirm', '/participate/edit', '/participate/withdraw'];
    for (const p of pages) {
      expect(participateRoute(p), p).not.toBeNull();
      expect(isAppRoute(p), p).toBe(true);
      expect(isAppRoute(`/t/havenby${p}`), p).toBe(true);
    }
    expect(participateRoute('/survey/0b6d')).toEqual({ page: 'survey', id: '0b6d' });
    for (const p of ['/participate', '/participate/other', '/proposals', '/survey'])
      expect([participateRoute(p), isAppRoute(p)], p).toEqual([null, false]);
  });
});
