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
    // lib/sso is the pure SSO protocol (SAML/OIDC validation, metadata, safe fetch); what it must remember it
    // is handed (a ReplayStore). The database side lives in lib/services/sso, which imports lib/sso, never the
    // other way round.
    files: ["lib/sso/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{
          group: ["@/lib/services*", "@/lib/db*", "**/services", "**/services/**", "**/db", "**/db/**"],
          message: "lib/sso is the pure protocol: it takes what it needs as arguments (e.g. a ReplayStore); database code belongs in lib/services/sso.",
        }],
      }],
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
