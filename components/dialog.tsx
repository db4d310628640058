"use client";
// A modal dialog on the native <dialog> element: the browser traps focus, closes it on Escape, makes
// the page behind it inert and returns focus to the opener. Content is only mounted while open, so
// nothing (e.g. a token secret) stays in the page after closing.
import { useEffect, useId, useRef } from "react";

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: React.ReactNode;
  children?: React.ReactNode;
  /** role="alertdialog" for confirmations of destructive actions */
  alert?: boolean;
  /** Escape asks this first; returning false keeps the dialog open (e.g. a secret not copied yet) */
  onEscape?: () => boolean;
}

export function Dialog({ open, onClose, title, description, children, alert, onEscape }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      role={alert ? "alertdialog" : undefined}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-desc` : undefined}
      onClose={onClose}
      onCancel={(e) => { if (onEscape && !onEscape()) e.preventDefault(); }}
      className="m-auto text-left w-[calc(100%-2rem)] max-w-lg rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open && (
        <div className="p-6">
          <h2 id={`${id}-title`} className="text-lg font-semibold">{title}</h2>
          {description && <div id={`${id}-desc`} className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{description}</div>}
          {children}
        </div>
      )}
    </dialog>
  );
}
