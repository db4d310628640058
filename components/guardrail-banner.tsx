// Shown to owners on every workspace page while the deprovisioning guardrail holds changes.
import Link from "next/link";
import { heldCount } from "@/lib/services/guardrail-review";

export async function GuardrailBanner({ workspaceId, slug }: { workspaceId: string; slug: string }) {
  const n = await heldCount(workspaceId);
  if (n === 0) return null;
  return (
    <div
      role="status"
      className="mb-6 flex flex-col gap-2 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 sm:flex-row sm:items-center sm:justify-between dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <p>
        <span className="font-semibold">
          {n} {n === 1 ? "suspension or removal is" : "suspensions or removals are"} held
        </span>{" "}
        by the deprovisioning guardrail: your identity provider asked for more at once than the workspace allows.
      </p>
      <Link
        href={`/w/${slug}/guardrail`}
        className="shrink-0 font-medium text-amber-950 underline underline-offset-2 dark:text-amber-100"
      >
        Review held changes
      </Link>
    </div>
  );
}
