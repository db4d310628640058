"use client";
// Modal dialogs on Radix (radix-ui): focus is trapped and returned to the opener, the page behind is
// hidden from assistive technology, Escape closes. `alert` makes it an AlertDialog (destructive
// confirmations: role="alertdialog", a click outside does not close it). Content is only mounted while
// open, so nothing (e.g. a token secret) stays in the page after closing.
import { AlertDialog as A, Dialog as D } from "radix-ui";
import { useLayoutEffect, useRef } from "react";

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: React.ReactNode;
  children?: React.ReactNode;
  alert?: boolean;
  /** Escape asks this first; returning false keeps the dialog open (e.g. a secret not copied yet) */
  onEscape?: () => boolean;
}

const overlay = "fixed inset-0 z-40 bg-zinc-950/50";
const content =
  "fixed left-1/2 top-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl border border-zinc-200 bg-white p-6 text-left text-zinc-900 shadow-xl focus:outline-none dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

export function Dialog({ open, onClose, title, description, children, alert, onEscape }: DialogProps) {
  const P = alert ? A : D;
  // The element that opened the dialog gets focus back when it closes (Radix does this only for its own
  // Trigger). A layout effect runs before Radix moves focus into the dialog, so it still sees the opener.
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, [open]);
  const returnFocus = (e: Event) => {
    if (opener.current?.isConnected) {
      e.preventDefault();
      opener.current.focus();
    }
  };
  const escape = (e: KeyboardEvent) => {
    if (onEscape && !onEscape()) e.preventDefault();
  };
  return (
    <P.Root
      open={open}
      onOpenChange={(o: boolean) => {
        if (!o) onClose();
      }}
    >
      <P.Portal>
        <P.Overlay className={overlay} />
        <P.Content
          className={content}
          onEscapeKeyDown={escape}
          onCloseAutoFocus={returnFocus}
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <P.Title className="text-lg font-semibold">{title}</P.Title>
          {description && (
            <P.Description asChild>
              <div className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{description}</div>
            </P.Description>
          )}
          {children}
        </P.Content>
      </P.Portal>
    </P.Root>
  );
}
