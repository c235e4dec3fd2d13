/** The tab a key moves to in a horizontal tab list (WAI-ARIA tabs pattern), or undefined for other keys. */
export function tabAfterKey(key: string, current: number, count: number): number | undefined {
  switch (key) {
    case "ArrowRight":
      return (current + 1) % count;
    case "ArrowLeft":
      return (current - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return undefined;
  }
}
