// `npm run lint`. JavaScript's and typescript-eslint's recommended rules (syntax only, no type information, so a run
// over the whole repository stays fast), Next's rules, and the React hooks rules for the console.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

const TEST_ONLY = { group: ["**/test/**", "**/e2e/**", "@/test/**", "@/e2e/**"], message: "test/ and e2e/ are for tests only" };
// the folders of lib/
const lib = ["admin-api", "auth", "console", "crypto", "db", "federation", "generated", "identity", "oauth", "provisioning", "scim", "scim-server", "server", "soap-server", "wso2-user-admin"];
/** import paths into these folders, relative or through the @/ alias */
const above = (...folders) => folders.flatMap((f) => [`**/${f}/*`, `@/lib/${f}/*`, `@/${f}/*`]);
const restrictImports = (files, group, message) => ({
  files,
  ignores: ["**/*.test.ts"],
  rules: { "no-restricted-imports": ["error", { patterns: group ? [TEST_ONLY, { group, message }] : [TEST_ONLY] }] },
});

export default defineConfig(
  globalIgnores(["lib/generated/", ".next/", ".next-*/", "data/", "test-results/", "playwright-report/", ".bench/", "next-env.d.ts"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_name` marks a deliberately unused binding; `{ secret, ...rest }` is how the code drops fields from an object
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // input checks reject control characters on purpose (NUL in passwords and names, C0 controls in URLs)
      "no-control-regex": "off",
      // Playwright reads a fixture's dependencies from its first parameter: a fixture with none must write `{}`
      "no-empty-pattern": ["error", { allowObjectPatternsAsParameters: true }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "@next/next": nextPlugin },
    rules: nextPlugin.configs["core-web-vitals"].rules,
  },
  {
    files: ["components/api.ts"],
    // an admin API call answered 401 leaves for the sign-in page with a full load, which drops every cached query
    rules: { "@next/next/no-location-assign-relative-destination": "off" },
  },
  {
    files: ["app/**/*.tsx", "components/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      // warns that the React Compiler skips components using react-hook-form's watch(); the compiler is not enabled
      "react-hooks/incompatible-library": "off",
    },
  },
  // the product never loads test code, and its layers point one way (ARCHITECTURE.md): app → handlers → use cases
  // → stores → db; lib/scim and lib/crypto depend on nothing of Provisio's
  restrictImports(["app/**", "components/**", "lib/**", "server.ts", "proxy.ts"]),
  restrictImports(["components/**"], above("app"), "components are used by app/, never the other way"),
  restrictImports(["lib/scim/**"], [...above(...lib.filter((d) => d !== "scim")), "@/*"], "lib/scim is the SCIM protocol alone: pure, with no Provisio module"),
  restrictImports(
    ["lib/wso2-user-admin/**"],
    [...above(...lib.filter((d) => d !== "wso2-user-admin")), "@/*"],
    "lib/wso2-user-admin is WSO2's user admin contract alone: pure, with no Provisio module",
  ),
  restrictImports(["lib/crypto/**"], above(...lib.filter((d) => d !== "crypto")), "lib/crypto holds primitives: it imports no Provisio module"),
  restrictImports(["lib/db/**"], above(...lib.filter((d) => !["db", "generated"].includes(d))), "lib/db is the bottom layer: it names no module above it"),
  restrictImports(
    ["lib/identity/**"],
    above("auth", "federation", "provisioning", "oauth", "scim-server", "soap-server", "server", "admin-api", "console"),
    "the identity stores sit below auth, federation, provisioning and the handlers",
  ),
  restrictImports(["lib/federation/**"], above("auth", "oauth", "scim-server", "soap-server", "server", "admin-api", "console"), "federation (JIT and its stores) sits below the sign-in handlers"),
  restrictImports(["lib/provisioning/**"], above("auth", "oauth", "scim-server", "soap-server", "server", "admin-api", "console"), "provisioning sits below auth and the handlers"),
  {
    files: ["test/support/**"],
    // the fake SCIM server keeps whatever JSON its clients send, and tests read it back freely
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
