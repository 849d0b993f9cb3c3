import { writeFileSync } from 'node:fs';

/** One bar pair of the chart: a row of the bench's table. */
export interface ChartRow {
  name: string;
  requestsPerSecond: number;
  p99: number;
}

const ROW_HEIGHT = 22;
const LABEL_WIDTH = 300;
const BAR_WIDTH = 260;
const GAP = 40;

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Two horizontal bar charts side by side (req/s, p99 ms), one line per row, written as a small SVG file. */
export function writeChart(file: string, title: string, rows: ChartRow[]): void {
  const columns = [
    { heading: 'req/s (longer is better)', value: (row: ChartRow) => row.requestsPerSecond, color: '#3b7dd8', unit: '' },
    { heading: 'p99 ms (shorter is better)', value: (row: ChartRow) => row.p99, color: '#d8743b', unit: ' ms' },
  ];
  const top = 48;
  const height = top + rows.length * ROW_HEIGHT + 12;
  const width = LABEL_WIDTH + columns.length * (BAR_WIDTH + GAP + 60);
  const parts = [`<text x="8" y="18" font-weight="bold">${escape(title)}</text>`];
  columns.forEach((column, index) => {
    const left = LABEL_WIDTH + index * (BAR_WIDTH + GAP + 60);
    const largest = Math.max(1, ...rows.map(column.value));
    parts.push(`<text x="${left}" y="38">${escape(column.heading)}</text>`);
    rows.forEach((row, line) => {
      const y = top + line * ROW_HEIGHT;
      const length = Math.max(1, (BAR_WIDTH * column.value(row)) / largest);
      parts.push(`<rect x="${left}" y="${y}" width="${length.toFixed(1)}" height="${ROW_HEIGHT - 6}" fill="${column.color}"/>`);
      parts.push(`<text x="${(left + length + 4).toFixed(1)}" y="${y + 12}">${Math.round(column.value(row)).toLocaleString('en-US')}${column.unit}</text>`);
    });
  });
  rows.forEach((row, line) => parts.push(`<text x="8" y="${top + line * ROW_HEIGHT + 12}">${escape(row.name)}</text>`));
  writeFileSync(
    file,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">\n` +
      `<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`,
  );
}
