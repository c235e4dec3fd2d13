import { describe, expect, it } from "vitest";
import { PgStatements, isStalePlan } from "./pg-statements";

describe("PgStatements", () => {
  it("converts placeholders and names a statement from its second use on, always with the same name", () => {
    const s = new PgStatements();
    const text = `SELECT * FROM "User" WHERE "id" = ? AND "x" = '?'`;
    expect(s.query(text)).toEqual({ text: `SELECT * FROM "User" WHERE "id" = $1 AND "x" = '?'` });
    const second = s.query(text);
    expect(second.name).toMatch(/^provisio_\d+$/);
    expect(s.query(text)).toEqual(second);
    expect(s.query(`SELECT 2 WHERE ? = ?`).name).toBeUndefined();
  });

  it("names no more statements than its bound, and remembers no more texts than its bound", () => {
    const s = new PgStatements(2, 3);
    const names = ["a", "b", "c"].map((t) => {
      s.query(`SELECT '${t}'`);
      return s.query(`SELECT '${t}'`).name;
    });
    expect(names.filter(Boolean)).toHaveLength(2);
    s.query(`SELECT 'd'`);
    expect(s.query(`SELECT 'd'`)).toEqual({ text: `SELECT 'd'` });
  });

  it("stops naming a statement whose plan went stale", () => {
    const s = new PgStatements();
    s.query("SELECT 1");
    expect(s.query("SELECT 1").name).toBeDefined();
    s.unname("SELECT 1");
    expect(s.query("SELECT 1").name).toBeUndefined();
    expect(isStalePlan(new Error("cached plan must not change result type"))).toBe(true);
    expect(isStalePlan(new Error("syntax error"))).toBe(false);
  });
});
