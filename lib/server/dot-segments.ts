/**
 * Whether a request target's path holds "." or ".." segments, plain or percent-encoded. URL parsing resolves
 * them (RFC 3986 section 5.2.4), turning `/scim2/Me/<id>/..` into `/scim2/Me`: a request aimed at one resource
 * would act on another, so such paths are refused instead of normalised. Backslashes count as separators,
 * as the WHATWG URL parser treats them for http(s).
 */
export function hasDotSegments(target: string): boolean {
  const path = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").split(/[?#]/, 1)[0];
  return path.split(/[/\\]/).some((segment) => {
    const plain = segment.replace(/%2e/gi, ".");
    return plain === "." || plain === "..";
  });
}
