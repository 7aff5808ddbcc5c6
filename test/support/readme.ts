// Reads the README as a user does: its GraphQL examples (every ```graphql block, in order) and its
// shell recipes (the ```sh block under a heading), so tests run exactly what the README says and a
// README edit is tested by the next run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, visit } from 'graphql';

const README_PATH = join(import.meta.dirname, '..', '..', 'README.md');

export interface ReadmeExample {
  /** 1-based, in README order. */
  number: number;
  /** The block's first comment line, or its first line. */
  title: string;
  /** Line of README.md where the block starts (for failure messages). */
  line: number;
  query: string;
  /** `<name>` placeholders a user fills from an earlier answer. */
  placeholders: string[];
  /** Every field name the operation selects (checks pick their examples by these). */
  fields: Set<string>;
  /** The error code the example says it answers ("… extensions.code BAD_USER_INPUT …"), if any. */
  expectedErrorCode: string | null;
  isMutation: boolean;
}

interface Block {
  lang: string;
  body: string;
  line: number;
  heading: string;
}

function blocks(readme: string): Block[] {
  const out: Block[] = [];
  const lines = readme.split('\n');
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '').trim();
    const open = /^```(\w*)\s*$/.exec(line);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    out.push({ lang: open[1]!, body: body.join('\n'), line: start + 1, heading });
  }
  return out;
}

export function readReadme(path = README_PATH): string {
  return readFileSync(path, 'utf8');
}

export function readmeExamples(readme = readReadme()): ReadmeExample[] {
  return blocks(readme)
    .filter((b) => b.lang === 'graphql')
    .map((b, i) => {
      const placeholders = [...new Set([...b.body.matchAll(/<([A-Za-z][A-Za-z0-9]*)>/g)].map((m) => m[1]!))];
      const document = parse(fillPlaceholders(b.body, Object.fromEntries(placeholders.map((p) => [p, 'x']))));
      const fields = new Set<string>();
      visit(document, { Field: (node) => void fields.add(node.name.value) });
      const firstComment = /^\s*#\s*(.+)$/m.exec(b.body)?.[1];
      const code = /extensions\.code\s+`?([A-Z][A-Z_]+)`?/.exec(b.body)?.[1] ?? null;
      return {
        number: i + 1,
        title: (firstComment ?? b.body.split('\n')[0]!).trim(),
        line: b.line,
        query: b.body,
        placeholders,
        fields,
        expectedErrorCode: code,
        isMutation: document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'mutation'),
      };
    });
}

/** Replaces each `<name>` with its value; a placeholder without a value is an error naming it. */
export function fillPlaceholders(query: string, values: Record<string, string>): string {
  return query.replace(/<([A-Za-z][A-Za-z0-9]*)>/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`README placeholder <${name}> has no value: no earlier example answered one`);
    return value;
  });
}

/** The commands of the ```sh block under the heading that contains `heading`, one per line, comments dropped. */
export function readmeRecipe(heading: string, readme = readReadme()): string[] {
  const block = blocks(readme).find((b) => b.lang === 'sh' && b.heading.includes(heading));
  if (!block) throw new Error(`README has no sh block under a heading containing ${JSON.stringify(heading)}`);
  return block.body
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
