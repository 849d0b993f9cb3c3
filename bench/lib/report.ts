import { availableParallelism, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

export function describeMachine(): string {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  const memory = `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
  return `${availableParallelism()} CPUs (nproc), ${model}, ${memory}, Node ${process.version}, ${process.platform} ${process.arch}`;
}

/** The 1, 5 and 15 minute load averages, as /proc/loadavg has them. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]): string =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export const fixed = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** `PASS`/`FAIL` with what was measured against what was wanted. */
export function verdict(name: string, ok: boolean, measured: string, target: string): string {
  return `${ok ? 'PASS' : 'FAIL'}  ${name}: ${measured} (target ${target})`;
}
