import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/** A valid analysis template of the lint fixtures (test/fixtures/lint/valid/analysis/), parsed. */
export function analysisFixture(file: string): any {
  return YAML.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/lint/valid/analysis', file), 'utf8'));
}
