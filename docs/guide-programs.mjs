// Turns the code blocks of the guides (and the README) into programs that the examples check
// type-checks and runs, so that the code a reader copies is code that works.
//
// Rules, per Markdown file:
// - Every ```ts and ```js block is checked. A guide's blocks are one program, in page order:
//   their imports are hoisted and merged (ES imports are hoisted anyway), the rest is joined,
//   so later blocks use what earlier ones declared.
// - An HTML comment right before a block (blank lines between allowed; invisible on GitHub and
//   on the site) changes that:
//     <!-- self-contained -->          the block is a program of its own
//     <!-- self-contained: vitest -->  ... a vitest test file, run by vitest
//     <!-- types only: <why> -->       ... type-checked but not run (it needs your servers)
//     <!-- not checked: <why> -->      not checked at all: counted and reported
// - A ```js block must also be plain JavaScript that this Node.js parses (`node --check`).
// Blocks in other languages (sh, text) are prose.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const ts = createRequire(import.meta.url)('typescript');

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const MARKER = /^<!--\s*(.*?)\s*-->$/;
const CHECKED_LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript']);

/**
 * A Markdown file's checked blocks and skipped ones.
 * @param {string} path - the file to read.
 * @param {string} source - how messages name it, e.g. `guides/testing.md`.
 * @returns {{ blocks: Block[], skipped: { line: number, reason: string }[] }}
 *
 * @typedef {object} Block
 * @property {number} line - 1-based line of the block's first code line.
 * @property {'ts' | 'js'} lang
 * @property {string} code
 * @property {'joined' | 'node' | 'vitest' | 'types'} mode
 */
export function readBlocks(path, source) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const blocks = [];
  const skipped = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (open === null) continue;
    const [, indent, fence, info] = open;
    let end = i + 1;
    while (end < lines.length && !isClosing(lines[end], fence)) end++;
    if (end === lines.length) throw new Error(`${source}:${i + 1}: code block never closed`);
    const code = lines
      .slice(i + 1, end)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
      .join('\n');
    const marker = markerBefore(lines, i);
    if (CHECKED_LANGUAGES.has(info)) {
      const lang = info.startsWith('t') ? 'ts' : 'js';
      const mode = modeOf(marker, `${source}:${i + 1}`);
      if (mode.skip !== undefined) skipped.push({ line: i + 1, reason: mode.skip });
      else blocks.push({ line: i + 2, lang, code, mode: mode.mode });
    } else if (marker !== undefined && /^(self-contained|types only|not checked)/.test(marker)) {
      throw new Error(`${source}:${i + 1}: a check marker before a ${info || 'plain'} block`);
    }
    i = end;
  }
  return { blocks, skipped };
}

function isClosing(line, fence) {
  const trimmed = line.trim();
  return trimmed.startsWith(fence) && /^(`+|~+)$/.test(trimmed) && trimmed[0] === fence[0];
}

/** The comment on the last non-blank line before line `i` (prettier puts a blank between). */
function markerBefore(lines, i) {
  let j = i - 1;
  while (j >= 0 && lines[j].trim() === '') j--;
  const previous = j >= 0 ? MARKER.exec(lines[j].trim()) : null;
  return previous === null ? undefined : previous[1];
}

function modeOf(marker, where) {
  if (marker === undefined) return { mode: 'joined' };
  if (marker === 'self-contained') return { mode: 'node' };
  if (marker === 'self-contained: vitest') return { mode: 'vitest' };
  const reason = /^(types only|not checked):\s*(\S.*)$/.exec(marker);
  if (reason?.[1] === 'types only') return { mode: 'types' };
  if (reason?.[1] === 'not checked') return { skip: reason[2] };
  throw new Error(
    `${where}: unknown marker <!-- ${marker} -->; use self-contained, self-contained: vitest, ` +
      'types only: <why> or not checked: <why>',
  );
}

/**
 * The programs of one file: its joined blocks as one (named `prefix`), each other block as its
 * own (named `prefix-L<line>`).
 * @returns {Program[]}
 *
 * @typedef {object} Program
 * @property {string} name
 * @property {'node' | 'vitest' | 'types'} kind
 * @property {'ts' | 'js'} lang - `js` only for a self-contained JavaScript block.
 * @property {string} code
 * @property {{ source: string, line: number }[]} map - per generated line (0-based), where it
 *   came from; `line` 0 for generated lines.
 * @property {Block[]} blocks
 */
export function buildPrograms(blocks, source, prefix) {
  const programs = [];
  const joined = blocks.filter((block) => block.mode === 'joined');
  if (joined.length > 0) programs.push(join(joined, source, prefix));
  for (const block of blocks.filter((b) => b.mode !== 'joined')) {
    const name = `${prefix}-L${block.line - 1}`;
    const note = block.mode === 'types' ? ' (types only)' : '';
    const lines = [`// Generated from ${source}:${block.line - 1}${note} by run-examples.mjs.`];
    const map = [{ source, line: 0 }];
    block.code.split('\n').forEach((line, index) => {
      lines.push(line);
      map.push({ source, line: block.line + index });
    });
    if (block.lang === 'ts' && !/^\s*(import|export)\s/m.test(block.code)) {
      lines.push('export {};');
      map.push({ source, line: 0 });
    }
    programs.push({
      name,
      kind: block.mode,
      lang: block.lang,
      code: lines.join('\n'),
      map,
      blocks: [block],
    });
  }
  return programs;
}

/** One program from blocks in order: imports hoisted and merged, the rest as written. */
function join(blocks, source, name) {
  const imports = new Map(); // module -> { line, default, namespace, named: Set, typeOnly }
  const bodies = blocks.map((block) => {
    const file = ts.createSourceFile('block.ts', block.code, ts.ScriptTarget.Latest, true);
    const found = file.statements.filter((statement) => ts.isImportDeclaration(statement));
    let code = block.code;
    for (const statement of found) {
      const start = statement.getStart(file);
      addImport(imports, statement, block.line + file.getLineAndCharacterOfPosition(start).line);
    }
    // Blanked rather than cut, so that the block's lines keep their numbers.
    for (const statement of found.reverse()) {
      const start = statement.getStart(file);
      const blank = code.slice(start, statement.getEnd()).replace(/[^\n]/g, '');
      code = code.slice(0, start) + blank + code.slice(statement.getEnd());
    }
    return { block, code };
  });
  const lines = [`// Generated from ${source} by run-examples.mjs: its blocks, in order.`];
  const map = [{ source, line: 0 }];
  for (const found of imports.values()) {
    for (const statement of importStatements(found)) {
      lines.push(statement);
      map.push({ source, line: found.line });
    }
  }
  lines.push('export {};');
  map.push({ source, line: 0 });
  for (const { block, code } of bodies) {
    lines.push(`// ${source}:${block.line - 1}`);
    map.push({ source, line: block.line - 1 });
    code.split('\n').forEach((line, index) => {
      lines.push(line);
      map.push({ source, line: block.line + index });
    });
  }
  return { name, kind: 'node', lang: 'ts', code: lines.join('\n'), map, blocks };
}

function addImport(imports, statement, line) {
  const module = statement.moduleSpecifier.text;
  const clause = statement.importClause;
  const key = `${clause?.isTypeOnly ? 'type ' : ''}${module}`;
  const found = imports.get(key) ?? {
    module,
    line,
    typeOnly: clause?.isTypeOnly ?? false,
    defaults: new Set(),
    namespaces: new Set(),
    named: new Set(),
  };
  imports.set(key, found);
  if (clause?.name !== undefined) found.defaults.add(clause.name.text);
  const bindings = clause?.namedBindings;
  if (bindings !== undefined && ts.isNamespaceImport(bindings)) {
    found.namespaces.add(bindings.name.text);
  } else if (bindings !== undefined) {
    for (const element of bindings.elements) {
      const imported = element.propertyName?.text;
      const local = element.name.text;
      const text = imported === undefined ? local : `${imported} as ${local}`;
      found.named.add(`${element.isTypeOnly ? 'type ' : ''}${text}`);
    }
  }
}

function importStatements(found) {
  const from = `from '${found.module}';`;
  const type = found.typeOnly ? 'type ' : '';
  const statements = [];
  for (const name of found.defaults) statements.push(`import ${type}${name} ${from}`);
  for (const name of found.namespaces) statements.push(`import ${type}* as ${name} ${from}`);
  if (found.named.size > 0) {
    statements.push(`import ${type}{ ${[...found.named].join(', ')} } ${from}`);
  }
  if (statements.length === 0) statements.push(`import '${found.module}';`);
  return statements;
}
