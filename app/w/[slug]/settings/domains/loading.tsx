// Shown at once on navigation while the server renders the page (the workspace layout stays in place).
import { PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <PageSkeleton />;
}
