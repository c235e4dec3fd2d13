/**
 * Text the stores refuse, whatever the channel: PostgreSQL cannot store U+0000 and no identity value needs
 * it; a lone UTF-16 surrogate ("\ud800" in JSON) is no character at all, and storing it would silently turn it
 * into U+FFFD.
 */
export type TextProblem = "nul" | "surrogate";

const NUL = "\u0000";
const LONE_SURROGATE = /\p{Cs}/u;

export function textProblem(text: string): TextProblem | undefined {
  if (text.includes(NUL)) return "nul";
  if (LONE_SURROGATE.test(text)) return "surrogate";
  return undefined;
}

/** The first problem in any string (or member name) of a parsed JSON value. */
export function textProblemIn(value: unknown): TextProblem | undefined {
  if (typeof value === "string") return textProblem(value);
  if (Array.isArray(value)) {
    for (const v of value) {
      const bad = textProblemIn(v);
      if (bad) return bad;
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const bad = textProblem(k) ?? textProblemIn(v);
      if (bad) return bad;
    }
  }
  return undefined;
}

export const TEXT_PROBLEM_MESSAGE: Record<TextProblem, string> = {
  nul: "Text in the request body cannot contain the NUL character (U+0000)",
  surrogate: "Text in the request body holds a lone UTF-16 surrogate (such as \\ud800), which is not a character",
};
