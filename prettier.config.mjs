// `npm run format`. Prettier's defaults already match the code (double quotes, semicolons, trailing commas,
// two-space indent, parenthesised arrow parameters); only the width is the code's own. Lines here run long
// (a tenth over 108 characters, one in a hundred over 175): of the widths tried, 200 reflows the fewest files.
/** @type {import("prettier").Config} */
export default {
  printWidth: 200,
};
