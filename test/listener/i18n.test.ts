import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { html, raw } from '../../src-main/listener/html';
import { formatSchedule, fromAcceptLanguage, LANGS, translator } from '../../src-main/listener/i18n';
import { parseRange } from '../../src-main/listener/range';
import { ACTOR, Client, guestSetup, type Harness, startHarness, UPCOMING } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('languages (D1, issue: any language)', () => {
  it('the language comes from Accept-Language', async () => {
    const { link } = guestSetup(h.core, { schedule: UPCOMING });
    const fr = await (await fetch(`${h.base}/g/${link.token}`, { headers: { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' } })).text();
    expect(fr).toContain('<html lang="fr" dir="ltr">');
    expect(fr).toContain('Rejoindre <bdi>Quarterly review</bdi>');
    expect(fr).toContain('vendredi 12 juin 2093'); // date in French, in the media's zone
  });

  it('the selector overrides it and is kept in a cookie; Hebrew is right-to-left', async () => {
    const { link } = guestSetup(h.core);
    const c = new Client(h.base, { 'accept-language': 'es' });
    expect((await c.getText(`/g/${link.token}`)).text).toContain('<html lang="es" dir="ltr">');
    const he = await c.getText(`/g/${link.token}?lang=he`);
    expect(he.text).toContain('<html lang="he" dir="rtl">');
    expect(he.text).toContain('<option value="he" lang="he" selected>');
    expect(c.jar.get('gl_lang')).toBe('he');
    expect((await c.getText(`/g/${link.token}`)).text).toContain('<html lang="he" dir="rtl">');
    // Unsupported values are ignored.
    expect((await c.getText(`/g/${link.token}?lang=xx`)).text).toContain('lang="he"');
  });

  it('D1: the denied page is translated and keeps its selector', async () => {
    const res = await fetch(`${h.base}/g/${'A'.repeat(32)}?lang=es`);
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).toContain('Este enlace no lleva a ninguna parte.');
    expect(text).toContain('name="lang"');
    const { link } = guestSetup(h.core, { title: 'Borrado' });
    h.core.links.delete(link.id, ACTOR);
    const gone = await fetch(`${h.base}/g/${link.token}?lang=es`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('Se ha retirado el acceso a este contenido a través de este enlace.');
  });

  it('every language has every string and every reason', () => {
    const en = translator('en');
    for (const l of LANGS) {
      const t = translator(l);
      expect(t('deniedCommon').length).toBeGreaterThan(10);
      if (l !== 'en') expect(t('deniedCommon')).not.toBe(en('deniedCommon'));
    }
  });

  it('Accept-Language parsing honours q-values and falls back to English', () => {
    expect(fromAcceptLanguage('he-IL,en;q=0.5')).toBe('he');
    expect(fromAcceptLanguage('de, es;q=0.8, fr;q=0.9')).toBe('fr');
    expect(fromAcceptLanguage('fr;q=0, en')).toBe('en');
    expect(fromAcceptLanguage('iw')).toBe('he');
    expect(fromAcceptLanguage(';;;,,q=')).toBe('en');
    expect(fromAcceptLanguage(undefined)).toBe('en');
  });

  it('schedules are shown in the media time zone', () => {
    const s = { startsAt: '2026-06-12T14:00:00.000Z', endsAt: '2026-06-12T14:45:00.000Z', timeZone: 'Europe/Paris' };
    expect(formatSchedule(s, 'en')).toMatch(/4:00\s?–\s?4:45\s?PM GMT\+2/);
    expect(formatSchedule({ ...s, timeZone: 'Not/AZone' }, 'en')).toContain('UTC');
  });
});

describe('S3: the html helper', () => {
  it('S3: escapes every interpolated value by default', () => {
    const name = '<img src=x onerror=alert(1)>"\'`&';
    expect(html`<p title="${name}">${name}</p>`.value).toBe('<p title="&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&#96;&amp;">&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&#96;&amp;</p>');
    expect(html`${[name, html`<b>${name}</b>`]}`.value).toContain('<b>&lt;img');
    expect(html`${null}${undefined}${false}${raw('<i>ok</i>')}`.value).toBe('<i>ok</i>');
  });
});

describe('M4: range parsing', () => {
  it('M4: parses single ranges and refuses bad ones', () => {
    expect(parseRange(undefined, 10)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-0', 10)).toEqual({ kind: 'partial', start: 0, end: 0 });
    expect(parseRange('bytes=5-100', 10)).toEqual({ kind: 'partial', start: 5, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ kind: 'partial', start: 7, end: 9 });
    expect(parseRange('bytes=-30', 10)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(parseRange('bytes=0-1,4-5', 10)).toEqual({ kind: 'full' });
    for (const bad of ['bytes=10-', 'bytes=-0', 'bytes=99999999999999999999-', 'bytes=10-20']) expect(parseRange(bad, 10), bad).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('M4 defect 7 (RFC 9110): bad syntax is ignored (whole file), an over-large end is clamped', () => {
    for (const ignored of ['bytes=-', 'bytes=a-b', 'pages=1-2', 'bytes=3-1', 'bytes', 'bytes=1-2-3', '']) expect(parseRange(ignored, 10), ignored).toEqual({ kind: 'full' });
    expect(parseRange('bytes=2-99999999999999999999', 10)).toEqual({ kind: 'partial', start: 2, end: 9 });
    expect(parseRange('bytes=-99999999999999999999', 10)).toEqual({ kind: 'partial', start: 0, end: 9 });
  });
});
