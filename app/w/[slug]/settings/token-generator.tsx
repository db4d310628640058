"use client";
// "Generate token" form. The new secret is shown once in a dialog (copy + warning); closing the dialog
// drops it from memory, so only its prefix is visible afterwards in the token list. Escape does not
// close it: the secret would be gone; the admin closes it with the button once it is copied.
import { Input, Textarea } from "@/components/ui/input";
import { useState } from "react";
import { useFormAction } from "@/components/use-form-action";
import { shown, type ActionState } from "@/components/action-state";
import { buttonClass } from "@/components/ui/styles";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { createTokenAction, type CreateTokenState } from "./actions";

export function TokenGenerator({ slug, baseUrl }: { slug: string; baseUrl: string }) {
  const [created, setCreated] = useState<CreateTokenState["created"] | null>(null);
  const [escapeWarning, setEscapeWarning] = useState(false);
  const [state, action, pending] = useFormAction<ActionState>(async (_prev, form) => {
    const result = await createTokenAction(form);
    if (result.created) {
      setCreated(result.created);
      setEscapeWarning(false);
    }
    return result;
  }, {});
  const errors = state.errors ?? {};
  const close = () => setCreated(null);

  return (
    <>
      <form action={action} className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-start" noValidate>
        <input type="hidden" name="slug" value={slug} />
        <div>
          <label htmlFor="token-label" className="block text-sm font-medium">
            Label
          </label>
          <Input
            id="token-label"
            name="label"
            required
            maxLength={80}
            placeholder="e.g. Entra ID"
            className="mt-1"
            defaultValue={shown(state, "label")}
            aria-invalid={errors.label ? true : undefined}
            aria-describedby={errors.label ? "token-label-error" : "token-label-hint"}
          />
          {errors.label ? (
            <p id="token-label-error" className="mt-1 text-sm text-red-700 dark:text-red-300">
              {errors.label}
            </p>
          ) : (
            <p id="token-label-hint" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
              Shown in the log and on members it provisions.
            </p>
          )}
        </div>
        <div>
          <label htmlFor="token-expiry" className="block text-sm font-medium">
            Expires after (days)
          </label>
          <Input
            id="token-expiry"
            name="expiresInDays"
            type="number"
            min={1}
            max={3650}
            inputMode="numeric"
            placeholder="Never"
            defaultValue={shown(state, "expiresInDays")}
            className="mt-1"
            aria-invalid={errors.expiresInDays ? true : undefined}
            aria-describedby={errors.expiresInDays ? "token-expiry-error" : "token-expiry-hint"}
          />
          {errors.expiresInDays ? (
            <p id="token-expiry-error" className="mt-1 text-sm text-red-700 dark:text-red-300">
              {errors.expiresInDays}
            </p>
          ) : (
            <p id="token-expiry-hint" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
              Optional. Leave empty for no expiry.
            </p>
          )}
        </div>
        <button type="submit" disabled={pending} className={buttonClass("primary", "md", "sm:mt-6")}>
          {pending ? "Generating…" : "Generate token"}
        </button>
        {errors.form && (
          <p role="alert" className="text-sm text-red-700 sm:col-span-3 dark:text-red-300">
            {errors.form}
          </p>
        )}
      </form>
      <Dialog
        open={!!created}
        onClose={close}
        onEscape={() => {
          setEscapeWarning(true);
          return false;
        }}
        title="Copy your SCIM token now"
        description={
          <>
            This is the only time the token <strong>{created?.label}</strong> is shown. Store it in your identity
            provider right away: after you close this dialog only its prefix <code>scim_{created?.prefix}_…</code> is
            visible.
          </>
        }
      >
        {created && (
          <div className="mt-4 space-y-4">
            <div>
              <label htmlFor="new-token-secret" className="block text-sm font-medium">
                Secret token
              </label>
              <div className="mt-1 flex gap-2">
                <Textarea
                  id="new-token-secret"
                  readOnly
                  rows={2}
                  value={created.secret}
                  onFocus={(e) => e.currentTarget.select()}
                  className="resize-none break-all font-mono text-xs"
                  spellCheck={false}
                />
                <CopyButton value={created.secret} label="Copy token" />
              </div>
            </div>
            <div>
              <label htmlFor="new-token-base" className="block text-sm font-medium">
                Base URL (Tenant URL)
              </label>
              <div className="mt-1 flex gap-2">
                <Input id="new-token-base" readOnly value={baseUrl} className="font-mono text-xs" />
                <CopyButton value={baseUrl} label="Copy URL" />
              </div>
            </div>
            <p
              role="note"
              className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
            >
              Anyone with this token can create, change and remove members of this workspace. Do not share it by email
              or chat. If it leaks, revoke it and generate a new one.
              {created.expiresAt && <> It expires on {new Date(created.expiresAt).toUTCString()}.</>}
            </p>
            {escapeWarning && (
              <p
                role="alert"
                className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
              >
                The token cannot be shown again once this dialog closes. Copy it first, then press “I have copied the
                token”.
              </p>
            )}
            <div className="flex justify-end">
              <button type="button" className={buttonClass("primary")} onClick={close}>
                I have copied the token
              </button>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );
}
