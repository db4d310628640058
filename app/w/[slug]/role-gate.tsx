// The layout of a page that has a loading skeleton. loading.tsx streams its page, so a redirect or notFound()
// thrown by the page's own role check would arrive after a 200 (the browser then navigates away on its own).
// The segment's layout renders before the skeleton's boundary: it runs the same check first, so a caller who
// may not see the page gets a real redirect or 404. The page keeps its check (it needs the workspace anyway).
import type { ReactNode } from "react";

export function roleGate(check: (slug: string) => Promise<unknown>) {
  return async function RoleGate({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
    await check((await params).slug);
    return children;
  };
}
