// A missing member, group or event inside a workspace the person belongs to. (Workspaces they do not
// belong to 404 from the layout, outside this boundary, so nothing of the workspace is shown.)
import Link from "next/link";
import { linkClass } from "@/components/ui/styles";

export default function NotFoundInWorkspace() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        It may have been removed, or it belongs to another workspace.
      </p>
      <p className="mt-6">
        <Link className={linkClass} href="/">
          Back to your workspace
        </Link>
      </p>
    </div>
  );
}
