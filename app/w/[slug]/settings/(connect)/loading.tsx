// Shown at once on navigation while the server renders the page (the workspace layout stays in place).
// In a route group so that it wraps the list page only: under a loading boundary the response is already
// streaming with status 200, so the detail pages' notFound() would no longer answer 404.
import { PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <PageSkeleton />;
}
