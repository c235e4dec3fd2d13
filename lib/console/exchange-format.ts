// Pure: an attempt's request or response summary made readable. A summary is a start line or two (method and
// URL, or "HTTP 201") then the body, JSON or XML, cut at 2000 characters; what does not parse stays as it is.

const INDENT = "  ";

function prettyJson(body: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return undefined;
  }
}

/** XML indented one element a line; an element holding only text stays on one line. */
export function prettyXml(xml: string): string {
  const tokens = xml
    .replace(/>\s+</g, "><")
    .split(/(<[^>]+>)/)
    .filter((t) => t.trim() !== "");
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const pad = INDENT.repeat(Math.max(0, depth));
    if (t.startsWith("</")) {
      depth--;
      lines.push(INDENT.repeat(Math.max(0, depth)) + t);
    } else if (t.startsWith("<?") || t.startsWith("<!") || t.endsWith("/>")) {
      lines.push(pad + t);
    } else if (t.startsWith("<")) {
      const text = tokens[i + 1];
      const close = tokens[i + 2];
      if (text !== undefined && !text.startsWith("<") && close?.startsWith("</")) {
        lines.push(pad + t + text.trim() + close);
        i += 2;
      } else {
        lines.push(pad + t);
        depth++;
      }
    } else {
      lines.push(pad + t.trim());
    }
  }
  return lines.join("\n");
}

/** The summary with its body pretty-printed, and what the body is. */
export function formatExchange(summary: string): { text: string; format: "json" | "xml" | "text" } {
  const start = summary.search(/[[{<]/);
  if (start < 0) return { text: summary, format: "text" };
  const head = summary.slice(0, start);
  const body = summary.slice(start);
  if (body.startsWith("<")) return { text: head + prettyXml(body), format: "xml" };
  const json = prettyJson(body);
  return json === undefined ? { text: summary, format: "text" } : { text: head + json, format: "json" };
}
