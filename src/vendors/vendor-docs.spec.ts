import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { VENDOR_DEFINITIONS, VENDOR_IDS } from './vendor-catalog.js';

// The documentation a vendor folder holds (src/vendors/<id>/README.md) is where the docs' vendor
// tables come from: each table lists exactly the catalog, each vendor's row as its folder has it.
const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const folderReadme = (vendor: string): string => read(`./${vendor}/README.md`);
/** A vendor's row of the docs' vendor tables: the README's line that starts with its id. */
const rowOf = (text: string, vendor: string): string[] => text.split('\n').filter((line) => line.startsWith(`| \`${vendor}\` |`));
const vendorRows = (text: string): string[] => text.split('\n').filter((line) => /^\| `[a-z0-9-]+` \|/.test(line));
/** The section of docs/http-api.md that holds the vendor table (other tables there list roles and secrets). */
const VENDOR_SECTION = "## Every vendor's credential and hand-off";
const vendorSection = (text: string): string => text.slice(text.indexOf(VENDOR_SECTION)).split(/\n## /)[0];

describe('the vendor documentation', () => {
  describe.each(VENDOR_DEFINITIONS.map((definition) => [definition.id, definition] as const))('%s', (id, definition) => {
    it('has a README in its folder, titled with its name, with its one table row', () => {
      expect(existsSync(new URL(`./${id}/README.md`, import.meta.url))).toBe(true);
      expect(folderReadme(id).split('\n')[0]).toBe(`# ${definition.name}`);
      expect(rowOf(folderReadme(id), id)).toHaveLength(1);
    });

    it("has its section in README.md, under the vendor's name", () => {
      expect(read('../../README.md').split('\n')).toContain(`### ${definition.name}`);
    });
  });

  it("docs/http-api.md's vendor table is the catalog's vendors in order, each row as its folder's README has it", () => {
    const expected = VENDOR_IDS.flatMap((vendor) => rowOf(folderReadme(vendor), vendor));
    expect(vendorRows(vendorSection(read('../../docs/http-api.md')))).toEqual(expected);
  });
});
