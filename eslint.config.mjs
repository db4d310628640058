import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", ".next-*/", "generated/", "data/", ".test/", "test-results/", "playwright-report/", "bench/results/", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.cjs", "**/*.mjs", "scripts/**"],
    languageOptions: { globals: { process: "readonly", console: "readonly", require: "readonly", module: "writable", global: "readonly", URL: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // lib/scim is the pure SCIM protocol: no database, no services, no framework (lib/services/scim stores,
    // lib/scim-http serves).
    files: ["lib/scim/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/services*", "@/lib/services/**", "@/lib/db*", "@/lib/db/**", "next", "next/*"], message: "lib/scim is the pure protocol: no database, services or framework imports" }] },
      ],
    },
  },
  {
    // the benchmark harness is plain Node
    files: ["bench/**/*.mjs"],
    languageOptions: {
      globals: { Buffer: "readonly", fetch: "readonly", performance: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly" },
    },
  },
);
