"use client";
// useActionState for the admin forms, plus the one place that turns an action's success message into a
// toast (sonner, mounted in app/layout.tsx): "Member suspended.", "Token revoked…", "Role changed.", from
// confirm dialogs that close on success and so would otherwise show nothing. A form that already shows its
// success message beside itself (a settings form's "Saved.") passes `inline`, so the message is not said twice.
import { useActionState } from "react";
import { toast } from "sonner";

type Result = { ok?: boolean; message?: string };

export function useFormAction<S extends Result>(
  action: (prev: Awaited<S>, form: FormData) => Promise<S>,
  initial: Awaited<S>,
  opts: { inline?: boolean } = {},
) {
  return useActionState<S, FormData>(async (prev, form) => {
    const result = await action(prev, form);
    if (result?.ok && result.message && !opts.inline) toast.success(result.message);
    return result;
  }, initial);
}
