import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next/",
      ".next-*/",
      "generated/",
      "data/",
      ".test/",
      "test-results/",
      "playwright-report/",
      "bench/results/",
      "next-env.d.ts",
    ],
  },
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
    // lib/services is the one door to the database: everything else calls services, never the client,
    // the driver-level SQL or the generated Prisma types.
    files: ["**/*.{ts,tsx,mts,cts,js,mjs,cjs}"],
    ignores: [
      "lib/services/**",
      "lib/db/**",
      "tests/**",
      "bench/**",
      "prisma/**",
      "prisma.*config.ts",
      "scripts/*.mjs",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/db", "@/lib/db/*", "@/generated/*", "**/lib/db", "**/lib/db/*", "**/generated/*"],
              message: "Reach the database through lib/services",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.cjs", "**/*.mjs", "scripts/**"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        require: "readonly",
        module: "writable",
        global: "readonly",
        URL: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // lib/sso is the pure SSO protocol (SAML/OIDC validation, metadata, safe fetch); what it must remember it
    // is handed (a ReplayStore). The database side lives in lib/services/sso, which imports lib/sso, never the
    // other way round.
    files: ["lib/sso/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/services*", "@/lib/db*", "**/services", "**/services/**", "**/db", "**/db/**"],
              message:
                "lib/sso is the pure protocol: it takes what it needs as arguments (e.g. a ReplayStore); database code belongs in lib/services/sso.",
            },
          ],
        },
      ],
    },
  },
  {
    // lib/scim is the pure SCIM protocol: no database, no services, no framework (lib/services/scim stores,
    // lib/scim-http serves).
    files: ["lib/scim/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/services*", "@/lib/services/**", "@/lib/db*", "@/lib/db/**", "next", "next/*"],
              message: "lib/scim is the pure protocol: no database, services or framework imports",
            },
          ],
        },
      ],
    },
  },
  {
    // the benchmark harness is plain Node
    files: ["bench/**/*.mjs"],
    languageOptions: {
      globals: {
        Buffer: "readonly",
        fetch: "readonly",
        performance: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
      },
    },
  },
);
