// The SQL of the product's sources: every string and template literal that reads as SQL, found by parsing each
// file with the TypeScript compiler. Shared by the checks that run with `npm run lint`.
import ts from "typescript";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));

const SOURCE_DIRS = ["lib", "app", "components"];
const SQL_WORDS = /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|FROM|JOIN)\b/;

export function sourceFiles() {
  const files = [join(root, "server.ts")];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === "generated" || name === "node_modules") continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(path);
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  return files;
}

/** The text of every string and template literal that reads as SQL, with its line. */
export function sqlTexts(file) {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const out = [];
  const visit = (node) => {
    let text;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(" ? ");
    if (text !== undefined && SQL_WORDS.test(text)) out.push({ text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}
