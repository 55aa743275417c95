/**
 * Dependencies point one way: runtime code (functions/, shared/) never imports the infrastructure description
 * (infra/), and no module of functions/, shared/ or infra/ takes part in an import cycle.
 *
 * The graph is read with the TypeScript parser: static `import … from`, side-effect `import '…'`, `export … from`,
 * dynamic `import('…')` with a literal specifier and `typeof import('…')` types. Type-only imports are included in
 * both checks: a type import of infra/ still couples the runtime code to the infrastructure's file, and a cycle of
 * types is still a cycle for a reader (and becomes a runtime one the day a type turns into a value).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const SCANNED = ['functions', 'shared', 'infra'];

/**
 * Cycles another branch removes: each entry is the cycle's sorted list of files. Drop an entry when the branch named
 * in it is merged; a cycle that is not listed fails the test.
 */
const KNOWN_CYCLES: readonly { files: readonly string[]; todo: string }[] = [
  {
    files: ['shared/use-cases/aggregate-stats.ts', 'shared/use-cases/dispatch.ts', 'shared/use-cases/ocds-job.ts'],
    todo: 'TODO(h2-events): branch h2-events removes dispatch.ts ↔ ocds-job.ts / aggregate-stats.ts; drop this entry at its merge',
  },
];

const sourceFiles = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });

/** Every module specifier a file names, literal ones only (a computed `import(variable)` cannot be followed). */
export const specifiersOf = (fileName: string, text: string): string[] => {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.push(argument.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
};

/** The repository file a relative specifier names (`./x.js` is `./x.ts` in source); undefined for packages. */
const resolveSpecifier = (from: string, specifier: string): string | undefined => {
  if (!specifier.startsWith('.')) return undefined;
  const target = join(dirname(from), specifier);
  const candidates = [target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx'), target, `${target}.ts`, join(target, 'index.ts')];
  const found = candidates.find((c) => existsSync(join(root, c)) && /\.tsx?$/.test(c));
  return found ? relative(root, join(root, found)) : undefined;
};

const importGraph = (): Map<string, string[]> => {
  const graph = new Map<string, string[]>();
  for (const file of SCANNED.flatMap(sourceFiles)) {
    const targets = specifiersOf(file, readFileSync(join(root, file), 'utf8'))
      .map((s) => resolveSpecifier(file, s))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
};

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
const cyclesOf = (graph: Map<string, string[]>): string[][] => {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return components;
};

describe('dependencies', () => {
  const graph = importGraph();

  it('reads static, re-exported, dynamic and type-level imports', () => {
    // Prepare
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "import './side-effect.js';",
      "export { c } from './c.js';",
      "const d = await import('./d.js');",
      "type E = typeof import('./e.js');",
      'const f = await import(variable);',
    ].join('\n');

    // Act
    const specifiers = specifiersOf('x.ts', text);

    // Assess
    expect(specifiers).toEqual(['./a.js', '../b.js', './side-effect.js', './c.js', './d.js', './e.js']);
  });

  it('scans the three folders', () => {
    expect([...graph.keys()].some((f) => f.startsWith('functions/http/'))).toBe(true);
    expect(graph.get('functions/queue/mailer.ts')).toContain('shared/config.ts');
  });

  it('has no file of functions/ or shared/ importing infra/', () => {
    // Act
    const offending = [...graph]
      .filter(([file]) => file.startsWith('functions/') || file.startsWith('shared/'))
      .flatMap(([file, targets]) => targets.filter((t) => t.startsWith('infra/')).map((t) => `${file} → ${t}`));

    // Assess
    expect(offending).toEqual([]);
  });

  it('has no import cycle in functions/, shared/ or infra/', () => {
    // Act
    const cycles = cyclesOf(graph).filter((cycle) => !KNOWN_CYCLES.some((known) => known.files.join() === cycle.join()));

    // Assess
    expect(cycles).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    expect(cyclesOf(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });
});
