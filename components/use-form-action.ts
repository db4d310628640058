"use client";
// useActionState for the admin forms, plus the one place that turns an action's success message into a
// toast (sonner, mounted in app/layout.tsx). Forms keep their inline messages; the toast is what stays in
// view when the message is off-screen or its dialog has closed.
import { useActionState } from "react";
import { toast } from "sonner";

type Result = { ok?: boolean; message?: string };

export function useFormAction<S extends Result>(action: (prev: Awaited<S>, form: FormData) => Promise<S>, initial: Awaited<S>) {
  return useActionState<S, FormData>(async (prev, form) => {
    const result = await action(prev, form);
    if (result?.ok && result.message) toast.success(result.message);
    return result;
  }, initial);
}
