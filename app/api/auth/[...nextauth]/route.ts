import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { BODY_LIMITS, BodyTooLarge, bufferedRequest, payloadTooLarge } from "@/lib/http/body-limit";

export const dynamic = "force-dynamic";

// Built per request so that `next build` never needs the auth secret. The body is read within a limit
// before next-auth parses it (lib/http/body-limit.ts).
async function handler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }) {
  let limited: NextRequest;
  try {
    limited = await bufferedRequest(req, BODY_LIMITS.auth);
  } catch (e) {
    if (e instanceof BodyTooLarge) return payloadTooLarge(e);
    throw e;
  }
  return NextAuth(authOptions())(limited, ctx);
}

export { handler as GET, handler as POST };
