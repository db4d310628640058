import type { NextConfig } from "next";

// Security headers for every page and API response. The CSP allows inline styles/scripts that Next's
// runtime injects; framing is denied outright.
const securityHeaders = [
  {
    key: "Content-Security-Policy",
    value: [
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
  },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  // A separate build directory lets benchmarks and conformance runs build beside a dev build.
  distDir: process.env.NEXT_DIST_DIR || ".next", // a build internal, not a setting (lib/config/schema.ts)
  // Identity providers must never be redirected: `/scim/v2/Users/?filter=…` is served as is.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  // pino (lib/log.ts) is loaded from node_modules at run time rather than bundled: it resolves its own files.
  serverExternalPackages: ["pino"],
  // `next build` type-checks app code only; `npm test` type-checks everything (tests, e2e, scripts) with tsc.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
