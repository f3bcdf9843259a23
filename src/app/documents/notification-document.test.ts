import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../domain/errors.js';
import type { NotificationDocument } from './notification-document.js';
import { notificationHtml } from './notification-html.js';
import { notificationPdf } from './notification-pdf.js';
import { pdfToolsAvailable, pdftotext, qpdfCheck, shownTexts } from '../../../test/pdf-reading.js';
import { embedDocumentFonts, runs, textWidth } from './pdf-text.js';

function aleppo(overrides: Partial<NotificationDocument> = {}): NotificationDocument {
  return {
    operation: { id: 'op-1', name: 'East Aleppo evacuation', timezone: 'Asia/Damascus' },
    code: 'NOT-3',
    sentAt: '2016-12-13T06:00:00Z',
    emergency: false,
    noticeHours: 48,
    corridor: { code: 'COR-1', name: 'Ramouseh road', status: 'notified' },
    convoy: { code: 'CON-7' },
    window: { start: '2016-12-15T06:00:00Z', end: '2016-12-15T18:00:00Z' },
    route: [
      [37.17, 36.18],
      [37.12, 36.16],
      [37.05, 36.15],
      [36.98, 36.12],
      [36.9, 36.1],
    ],
    checkpoints: [
      { code: 'CP-1', name: 'Ramouseh', kind: 'entry', at: [37.16, 36.18] },
      { code: 'CP-2', name: 'Midway', kind: 'intermediate', at: [37.05, 36.15] },
      { code: 'CP-3', name: 'Rashidin', kind: 'exit', at: [36.9, 36.1] },
    ],
    vehicles: { buses: 20, ambulances: 5, trucks: 1, other: 0 },
    organisations: [
      { code: 'ORG-1', name: 'Relief organisation A' },
      { code: 'ORG-2', name: 'Medical organisation B' },
    ],
    parties: [
      {
        code: 'P-A',
        name: 'Party A',
        acknowledgement: { by: 'Liaison officer', at: '2016-12-13T10:30:00Z', note: 'Received' },
      },
      { code: 'P-B', name: 'Party B' },
    ],
    note: 'Civilians and wounded; departure in the order of the manifest.',
    ...overrides,
  };
}

function berlin(start: string, end: string): NotificationDocument {
  return aleppo({
    operation: { id: 'op-2', name: 'Exercise Berlin', timezone: 'Europe/Berlin' },
    sentAt: start,
    window: { start, end },
  });
}

function polylinePoints(html: string): [number, number][] {
  const points = /<polyline class="route" points="([^"]*)"/.exec(html)?.[1];
  if (points === undefined) throw new Error('no route polyline');
  return points.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 42.52;

describe('notification document', () => {
  describe('HTML', () => {
    it('is one self-contained A4 document titled with the notification code and operation', () => {
      const html = notificationHtml(aleppo());
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain('<html lang="en" dir="ltr">');
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain('@page { size: A4; margin: 15mm }');
      expect(html).toContain('Notification of humanitarian movement');
      expect(html).toContain('NOT-3');
      expect(html).toContain('East Aleppo evacuation');
      expect(html).not.toMatch(/<(script|link|img)\b|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    });

    it('gives the window in UTC and in Damascus local time (UTC+02:00 in December 2016)', () => {
      const html = notificationHtml(aleppo());
      expect(html).toContain('2016-12-15 06:00 UTC to 2016-12-15 18:00 UTC');
      expect(html).toContain(
        '2016-12-15 08:00 Asia/Damascus (UTC+02:00) to 2016-12-15 20:00 Asia/Damascus (UTC+02:00)',
      );
      expect(html).toContain('2016-12-13 06:00 UTC');
      expect(html).toContain('2016-12-13 08:00 Asia/Damascus (UTC+02:00)');
    });

    it('follows daylight saving in the local time: Berlin is UTC+02:00 in summer, UTC+01:00 in winter', () => {
      expect(notificationHtml(berlin('2024-07-01T06:00:00Z', '2024-07-01T10:00:00Z'))).toContain(
        '2024-07-01 08:00 Europe/Berlin (UTC+02:00) to 2024-07-01 12:00 Europe/Berlin (UTC+02:00)',
      );
      expect(notificationHtml(berlin('2024-01-15T06:00:00Z', '2024-01-15T10:00:00Z'))).toContain(
        '2024-01-15 07:00 Europe/Berlin (UTC+01:00) to 2024-01-15 11:00 Europe/Berlin (UTC+01:00)',
      );
      // A window across the spring change has a different offset at each end.
      expect(notificationHtml(berlin('2024-03-31T00:30:00Z', '2024-03-31T02:00:00Z'))).toContain(
        '2024-03-31 01:30 Europe/Berlin (UTC+01:00) to 2024-03-31 04:00 Europe/Berlin (UTC+02:00)',
      );
    });

    it('writes negative offsets and whole-day local dates', () => {
      const html = notificationHtml(
        aleppo({
          operation: { id: 'op-3', name: 'Exercise', timezone: 'America/Caracas' },
          sentAt: '2016-12-13T02:00:00Z',
          window: { start: '2016-12-15T02:00:00Z', end: '2016-12-15T03:00:00Z' },
        }),
      );
      expect(html).toContain('2016-12-14 22:00 America/Caracas (UTC-04:00)');
    });

    it('computes the notice given before the window start against the notice period asked', () => {
      expect(notificationHtml(aleppo())).toContain(
        '48 h before the window start (notice period asked: 48 h)',
      );
      expect(notificationHtml(aleppo({ noticeHours: 72 }))).toContain(
        '48 h before the window start (notice period asked: 72 h; shorter than asked)',
      );
      expect(notificationHtml(aleppo({ sentAt: '2016-12-15T01:30:00Z', emergency: true }))).toContain(
        '4.5 h before the window start (notice period asked: 48 h); emergency notice',
      );
      expect(notificationHtml(aleppo({ sentAt: '2016-12-15T08:00:00Z', emergency: true }))).toContain(
        '2 h after the window start',
      );
    });

    it('draws the route as a polyline with one point per position, inside the figure', () => {
      const doc = aleppo();
      const points = polylinePoints(notificationHtml(doc));
      expect(points).toHaveLength(doc.route.length);
      const [, , w, h] = /viewBox="([^"]*)"/.exec(notificationHtml(doc))![1]!.split(' ').map(Number);
      for (const [x, y] of points) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(w!);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(h!);
      }
      // West is left and north is up: the route runs from the north-east to the south-west.
      expect(points[0]![0]).toBeGreaterThan(points.at(-1)![0]);
      expect(points[0]![1]).toBeLessThan(points.at(-1)![1]);
    });

    it('keeps the distances true east-west and north-south (longitude scaled by cos latitude)', () => {
      // 0.1° of latitude and 0.1°/cos(60°) of longitude are the same distance at 60°N.
      const doc = aleppo({
        route: [
          [10, 60],
          [10.2, 60],
          [10.2, 60.1],
        ],
        checkpoints: [],
      });
      const [a, b, c] = polylinePoints(notificationHtml(doc));
      const east = b![0] - a![0];
      const north = b![1] - c![1];
      expect(east / north).toBeCloseTo(Math.cos((60.0333 * Math.PI) / 180) * 2, 2);
    });

    it('labels the checkpoints, start and end, and shows a scale bar and north arrow', () => {
      const html = notificationHtml(aleppo());
      for (const code of ['CP-1', 'CP-2', 'CP-3'])
        expect(html).toMatch(new RegExp(`<text[^>]*>${code}</text>`));
      expect(html).toMatch(/<text[^>]*>Start<\/text>/);
      expect(html).toMatch(/<text[^>]*>End<\/text>/);
      expect(html).toMatch(/<g class="scale-bar">.*<text[^>]*>\d+(\.\d+)? km<\/text>/);
      expect(html).toMatch(/<g class="north"[^>]*>.*<text[^>]*>N<\/text>/);
    });

    it('gives the route length in km along the great circle', () => {
      // 1° of latitude on the mean Earth radius is 111.2 km.
      const html = notificationHtml(
        aleppo({
          route: [
            [37, 36],
            [37, 36.5],
            [37, 37],
          ],
        }),
      );
      expect(html).toContain('111.2 km');
    });

    it('lists vehicles by kind, moving organisations and the parties with their acknowledgements', () => {
      const html = notificationHtml(aleppo());
      expect(html).toContain('26 vehicles: 20 buses, 5 ambulances, 1 truck, 0 other');
      expect(html).toContain('Relief organisation A');
      expect(html).toContain('ORG-2');
      expect(html).toMatch(
        /<tr class="acknowledged"><td>P-A<\/td><td dir="auto">Party A<\/td><td dir="auto">Acknowledged 2016-12-13 10:30 UTC by Liaison officer: Received<\/td><\/tr>/,
      );
      expect(html).toMatch(
        /<tr class="not-acknowledged"><td>P-B<\/td><td dir="auto">Party B<\/td><td dir="auto">Not acknowledged<\/td><\/tr>/,
      );
      expect(html).toContain('COR-1 Ramouseh road (status: notified)');
      expect(html).toContain('CON-7');
      expect(html).toContain('departure in the order of the manifest');
      expect(html).toContain(
        'This notification informs the parties of a humanitarian movement. It is not a request for permission.',
      );
    });

    it('escapes every name it interpolates', () => {
      const hostile = 'Aleppo <script>alert("x")</script> & Co';
      const html = notificationHtml(
        aleppo({
          operation: { id: 'op-1', name: hostile, timezone: 'Asia/Damascus' },
          code: 'NOT-<b>',
          parties: [{ code: 'P&1', name: hostile }],
          checkpoints: [{ code: '<CP>', name: hostile, kind: 'entry', at: [37, 36.1] }],
          note: hostile,
        }),
      );
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<b>');
      expect(html).not.toContain('<CP>');
      expect(html).toContain('Aleppo &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
      expect(html).toContain('NOT-&lt;b&gt;');
      expect(html).toContain('P&amp;1');
    });

    it('keeps Arabic names as they are, each in a cell that finds its own direction', () => {
      const html = notificationHtml(
        aleppo({
          parties: [{ code: 'P-C', name: 'الطرف ج' }],
          organisations: [{ code: 'ORG-3', name: 'الهلال' }],
        }),
      );
      expect(html).toContain('<td dir="auto">الطرف ج</td>');
      expect(html).toContain('<td dir="auto">الهلال</td>');
    });

    it('lists at most ten parties on the page and counts the rest', () => {
      const parties = Array.from({ length: 14 }, (_, i) => ({ code: `P-${i + 1}`, name: `Party ${i + 1}` }));
      const html = notificationHtml(aleppo({ parties }));
      expect(html).toContain('Party 10');
      expect(html).not.toContain('Party 11');
      expect(html).toContain('and 4 more');
    });

    it('rejects a route of one position, an unknown time zone and a window that ends before it starts', () => {
      expect(() => notificationHtml(aleppo({ route: [[37, 36]] }))).toThrow(InvalidInputError);
      expect(() =>
        notificationHtml(aleppo({ operation: { id: 'x', name: 'x', timezone: 'Mars/Olympus' } })),
      ).toThrow(InvalidInputError);
      expect(() =>
        notificationHtml(aleppo({ window: { start: '2016-12-15T06:00:00Z', end: '2016-12-15T05:00:00Z' } })),
      ).toThrow(InvalidInputError);
      expect(() => notificationHtml(aleppo({ sentAt: 'yesterday' }))).toThrow(InvalidInputError);
    });

    it('draws a route whose positions all coincide without dividing by zero', () => {
      const points = polylinePoints(
        notificationHtml(
          aleppo({
            route: [
              [37, 36],
              [37, 36],
            ],
            checkpoints: [],
          }),
        ),
      );
      expect(points.flat().every(Number.isFinite)).toBe(true);
    });
  });

  describe('in Arabic', () => {
    it('says everything in Arabic, right to left, with the names and codes as they were typed', () => {
      const html = notificationHtml(
        aleppo({ lang: 'ar', hazards: [{ code: 'HAZ-1', status: 'confirmed' }] }),
      );
      expect(html).toContain('<html lang="ar" dir="rtl">');
      for (const words of [
        '<h1>إخطار بتحرّك إنساني</h1>',
        'COR-1 Ramouseh road (الحالة: مُبلَّغ)',
        '48 س قبل بدء النافذة (المهلة المطلوبة: 48 س)',
        '26 مركبة: حافلات 20، سيارات إسعاف 5، شاحنات 1، غيرها 0',
        'HAZ-1 (مؤكد)',
        'أقرّ به Liaison officer في 2016-12-13 10:30 UTC: Received',
        'لم يُقرّ به',
        'دخول، 36.18000, 37.16000',
      ])
        expect(html).toContain(words);
      for (const english of ['Sent (UTC)', 'Vehicles', 'Parties notified', 'Not acknowledged', 'None listed'])
        expect(html).not.toContain(english);
    });
  });

  describe('PDF', () => {
    it('is a one-page A4 PDF with title metadata and the notification dates', async () => {
      const bytes = await notificationPdf(aleppo());
      expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
      expect(pdf.getPageCount()).toBe(1);
      const { width, height } = pdf.getPage(0).getSize();
      expect(width).toBeCloseTo(A4.width, 2);
      expect(height).toBeCloseTo(A4.height, 2);
      expect(pdf.getTitle()).toBe('Notification of humanitarian movement NOT-3');
      expect(pdf.getSubject()).toContain('East Aleppo evacuation');
      expect(pdf.getCreationDate()?.toISOString()).toBe('2016-12-13T06:00:00.000Z');
      expect(pdf.getModificationDate()?.toISOString()).toBe('2016-12-13T06:00:00.000Z');
    });

    it.runIf(pdfToolsAvailable())(
      'is written in Arabic when asked, right to left, and reads back in logical order',
      async () => {
        const bytes = await notificationPdf(aleppo({ lang: 'ar' }));
        const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
        expect(pdf.getTitle()).toBe('إخطار بتحرّك إنساني NOT-3');
        const text = await pdftotext(bytes);
        for (const words of [
          'إخطار بتحرّك إنساني',
          'الأطراف المُخطَرة',
          'لم يُقرّ به',
          'قبل بدء النافذة',
          'يُعلم هذا الإخطار الأطراف بتحرّك إنساني',
        ])
          expect(text).toContain(words);
        for (const english of ['Notification of', 'Parties notified', 'Not acknowledged', 'Vehicles'])
          expect(text).not.toContain(english);
        // Set against the right margin: the title ends where an English one would begin, mirrored.
        const shown = await shownTexts(bytes);
        const title = shown.find((t) => t.size === 16)!;
        const { bold } = await embedDocumentFonts(await PDFDocument.create());
        const width = textWidth(bold, 'إخطار بتحرّك إنساني', 16);
        expect(title.x + width).toBeCloseTo(A4.width - MARGIN, 0);
      },
    );

    it('gives identical bytes for the same notification', async () => {
      const a = await notificationPdf(aleppo());
      const b = await notificationPdf(aleppo());
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      const c = await notificationPdf(aleppo({ code: 'NOT-4' }));
      expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
    });

    it('shows the same content as the HTML', async () => {
      const text = (await shownTexts(await notificationPdf(aleppo()))).map((t) => t.text).join('\n');
      for (const expected of [
        'Notification of humanitarian movement',
        'NOT-3 · East Aleppo evacuation',
        '2016-12-15 06:00 UTC to 2016-12-15 18:00 UTC',
        '2016-12-15 08:00 Asia/Damascus (UTC+02:00) to 2016-12-15 20:00 Asia/Damascus (UTC+02:00)',
        '48 h before the window start',
        '26 vehicles: 20 buses, 5 ambulances, 1 truck, 0 other',
        'CP-1',
        'CP-3',
        'Start',
        'End',
        'N',
        'Party A (P-A)',
        'Acknowledged 2016-12-13 10:30 UTC by Liaison officer: Received',
        'Not acknowledged',
        'ORG-1 Relief organisation A',
        'This notification informs the parties of a humanitarian movement. It is not a request for permission.',
      ])
        expect(text.split('\n')).toContainEqual(expect.stringContaining(expected));
      expect(text).toMatch(/^\d+(\.\d+)? km$/m);
    });

    it('gives the parties what they need on the road: where the route runs, the plates, the hazards on it, each checkpoint by position', async () => {
      const doc = aleppo({
        plates: ['SY-BUS-0001', 'SY-AMB-0002'],
        hazards: [{ code: 'HAZ-1', status: 'confirmed' }],
      });
      const text = (await shownTexts(await notificationPdf(doc))).map((t) => t.text).join('\n');
      const [lon0, lat0] = doc.route[0]!;
      expect(text).toContain(`from ${lat0.toFixed(5)}, ${lon0.toFixed(5)} to `);
      expect(text).toContain('SY-BUS-0001, SY-AMB-0002');
      expect(text).toContain('HAZ-1 (confirmed)');
      const cp = doc.checkpoints[0]!;
      expect(text).toContain(`${cp.kind}, ${cp.at[1].toFixed(5)}, ${cp.at[0].toFixed(5)}`);
      // Labels and party names whole: nothing cut with an ellipsis.
      expect(text).toContain('Window (local time)');
      const none = (await shownTexts(await notificationPdf(aleppo({ hazards: [] })))).map((t) => t.text);
      expect(none.join('\n')).toContain('none recorded as suspected or confirmed');
    });

    it('writes Arabic names in Arabic letters, each Arabic run drawn right to left after the text before it', async () => {
      const doc = aleppo({
        operation: { id: 'op-1', name: 'إجلاء حلب', timezone: 'Asia/Damascus' },
        parties: [
          {
            code: 'P-C',
            name: 'الطرف ج',
            acknowledgement: { by: 'ضابط الاتصال', at: '2016-12-13T10:30:00Z' },
          },
        ],
        note: 'ملاحظة 中',
      });
      const bytes = await notificationPdf(doc);
      const shown = await shownTexts(bytes);
      // The letters of a run, whatever their order and joined forms (a lam-alef is one glyph, two letters).
      const letters = (t: string) => [...t.replace(/ /g, '')].sort().join('');
      const lineOf = (latin: string, arabic: string) => {
        const before = shown.find((t) => t.text === latin);
        expect(before, latin).toBeDefined();
        const after = shown.filter(
          (t) => t.y === before!.y && t.x > before!.x && letters(t.text) === letters(arabic),
        );
        expect(after, `${latin}${arabic}`).toHaveLength(1);
        // Drawn right to left: the run read left to right is the name backwards.
        expect(after[0]!.text.trim()).not.toBe(arabic);
      };
      lineOf('NOT-3 · ', 'إجلاء حلب');
      lineOf('Acknowledged 2016-12-13 10:30 UTC by ', 'ضابط الاتصال');
      expect(shown.some((t) => letters(t.text) === letters('الطرف ج'))).toBe(true);
      // A character the font lacks (here a Chinese one) still shows as '?', and nothing else does.
      const all = shown.map((t) => t.text).join('\n');
      expect(all).toContain('?');
      expect(all.replace('?', '')).not.toMatch(/[?\ufffd]/);
      // The metadata is UTF-16 and keeps the name as it is.
      expect((await PDFDocument.load(bytes)).getSubject()).toContain('إجلاء حلب');
    });

    it.runIf(pdfToolsAvailable())(
      'reads back in logical order with pdftotext, a lam-alef ligature too, and passes qpdf --check',
      async () => {
        const doc = aleppo({
          operation: { id: 'op-1', name: 'إجلاء حلب', timezone: 'Asia/Damascus' },
          parties: [
            {
              code: 'P-C',
              name: 'الطرف ج',
              acknowledgement: { by: 'ضابط الاتصال: تم الاستلام', at: '2016-12-13T10:30:00Z' },
            },
          ],
        });
        const bytes = await notificationPdf(doc);
        const text = await pdftotext(bytes, '-raw');
        const words = text.split(/[\s:]+/);
        // Each word as written (الاستلام has two lam-alef ligatures, إجلاء one).
        for (const word of ['إجلاء', 'حلب', 'الطرف', 'ضابط', 'الاتصال', 'تم', 'الاستلام'])
          expect(words, word).toContain(word);
        expect(text).not.toMatch(/االستالم|إجالء/);
        const check = await qpdfCheck(bytes);
        expect(check.out).toContain('No syntax or stream encoding errors found');
        expect(check.code).toBe(0);
      },
    );

    it('cuts a line into runs: Arabic runs (with the spaces inside them) apart from the rest', () => {
      expect(runs('Corridor COR-1')).toEqual(['Corridor COR-1']);
      expect(runs('Bustan al-Qasr بستان القصر (2016)')).toEqual([
        'Bustan al-Qasr ',
        'بستان القصر',
        ' (2016)',
      ]);
      expect(runs('حلب الشرقية')).toEqual(['حلب الشرقية']);
      // Neutral punctuation between two Arabic letters takes their direction (Unicode bidi, rule N1).
      expect(runs('by ضابط الاتصال: تم الاستلام.')).toEqual(['by ', 'ضابط الاتصال: تم الاستلام', '.']);
      // Numbers in a right-to-left run: the run's words and numbers right to left, a number's digits
      // left to right (one character at a time, so no layout turns them round).
      expect(runs('شارع ١٢')).toEqual(['١', '٢', 'شارع ']);
      expect(runs('محمد 123 علي')).toEqual([' علي', '1', '2', '3', 'محمد ']);
      expect(runs('CP-١٢')).toEqual(['CP-', '١', '٢']); // Arabic-Indic digits outside a run, too
      // Hebrew is right to left too.
      expect(runs('John שלום')).toEqual(['John ', 'שלום']);
      // A line that is Arabic first is a right-to-left paragraph: its runs go right to left, an English
      // name in it kept whole (the bidi rules P2 and P3).
      expect(runs('שלום John')).toEqual(['John', ' ', 'שלום']);
      // Neutrals at the ends of an English run in a right-to-left line take the line's direction (a
      // bracket pair inside the run stays with it): the title of an Arabic report.
      expect(runs('تقرير الوضع رقم 50: East Aleppo (illustrative)')).toEqual([
        'East Aleppo (illustrative)',
        ' :',
        '5',
        '0',
        'تقرير الوضع رقم ',
      ]);
      expect(runs('- 142,260 شخصًا')).toEqual(['شخصًا', ' ', '142,260', ' -']);
      // A bracket the English run did not open is the line's: drawn mirrored, at the run's other side.
      expect(runs('نحو 34,000 شخص (Ministry of Defence (RU-MOD), FIG-1)')).toEqual([
        '(',
        'Ministry of Defence (RU-MOD), FIG-1',
        ') ',
        ' شخص',
        '3',
        '4',
        ',',
        '0',
        '0',
        '0',
        'نحو ',
      ]);
      expect(runs('تم الاستلام من (ICRC) أمس')).toEqual(['أمس', ' (', 'ICRC', ') ', 'تم الاستلام من']);
    });

    it('keeps every line inside the page margins, however long the lists and names', async () => {
      const long = 'A very long name of an organisation or party that goes on and on '.repeat(4);
      const doc = aleppo({
        operation: { id: 'op-1', name: long, timezone: 'America/Argentina/Buenos_Aires' },
        corridor: { code: 'COR-1', name: long, status: 'notified' },
        checkpoints: Array.from({ length: 12 }, (_, i) => ({
          code: `CHECKPOINT-${i + 1}-LONG-CODE`,
          name: long,
          kind: 'intermediate' as const,
          at: [37.17 - i * 0.02, 36.18 - i * 0.007] as [number, number],
        })),
        organisations: Array.from({ length: 9 }, (_, i) => ({ code: `ORG-${i}`, name: long })),
        parties: Array.from({ length: 25 }, (_, i) => ({
          code: `P-${i}`,
          name: long,
          acknowledgement: { by: long, at: '2016-12-13T10:30:00Z', note: long },
        })),
        note: long.repeat(5),
      });
      const fonts = await embedDocumentFonts(await PDFDocument.create());
      const shown = await shownTexts(await notificationPdf(doc));
      expect(shown.length).toBeGreaterThan(40);
      for (const t of shown) {
        const width = textWidth(t.bold ? fonts.bold : fonts.regular, t.text, t.size);
        expect(t.x, t.text).toBeGreaterThanOrEqual(MARGIN - 0.01);
        expect(t.x + width, t.text).toBeLessThanOrEqual(A4.width - MARGIN + 0.01);
        expect(t.y, t.text).toBeGreaterThanOrEqual(MARGIN - 0.01);
        expect(t.y + t.size, t.text).toBeLessThanOrEqual(A4.height - MARGIN + 0.01);
      }
      const texts = shown.map((t) => t.text);
      expect(texts).toContain('and 15 more');
      expect(texts).toContain('and 6 more');
      expect(texts).toContain('and 3 more');
      expect(texts.some((t) => t.endsWith('…'))).toBe(true);
      // Nothing overlaps: no two texts share a baseline in the same column.
      const places = shown.map((t) => `${t.x.toFixed(1)}:${t.y.toFixed(1)}`);
      expect(new Set(places).size).toBe(places.length);
    });
  });
});
