import PDFDocument from 'pdfkit';
import type { GroupRecord } from '../store/index.js';

/** What the group report shows beside the group's own fields. */
export interface GroupPdfDetails {
  ownerName: string;
  tags: string[];
  attributes: Array<{ type: string; value: string }>;
  associations: string[];
}

/**
 * A small PDF describing a group (`GET /v2/groups/{type}/{id}/pdf`, `GET /v3/groups/{id}/pdf`): title, owner,
 * dates, type fields, tags, attributes and associations. The real platform renders a richer report; clients only
 * fetch and keep the bytes. Built with pdfkit so the file is a valid PDF with fonts and a cross-reference table.
 */
export function groupPdf(group: GroupRecord, details: GroupPdfDetails, creationDate: Date): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${group.type}: ${group.name}`, Producer: 'tcex local platform', CreationDate: creationDate } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fontSize(18).text(`${group.type}: ${group.name}`);
  doc.moveDown(0.5).fontSize(10);
  const line = (label: string, value: unknown) => doc.text(`${label}: ${String(value)}`);
  line('Owner', details.ownerName);
  line('Id', group.id);
  line('Date added', group.dateAdded);
  line('Last modified', group.lastModified);
  for (const [k, v] of Object.entries(group.fields)) if (k !== 'password') line(k, v);
  const section = (title: string, rows: string[]) => {
    if (!rows.length) return;
    doc.moveDown(0.5).fontSize(12).text(title).fontSize(10);
    for (const r of rows) doc.text(`- ${r}`);
  };
  section('Tags', details.tags);
  section(
    'Attributes',
    details.attributes.map((a) => `${a.type}: ${a.value}`),
  );
  section('Associations', details.associations);
  doc.end();
  return done;
}
