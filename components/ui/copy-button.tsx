"use client";
// Copies a value to the clipboard and says so to screen readers. Falls back to selecting a hidden
// textarea where the Clipboard API is unavailable (plain-HTTP self-hosted installs).
import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { buttonClass } from "./styles";

export function CopyButton({
  value,
  label = "Copy",
  className,
}: {
  value: string;
  label?: string;
  className?: string;
}) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    let ok: boolean;
    try {
      await navigator.clipboard.writeText(value);
      ok = true;
    } catch {
      const area = document.createElement("textarea");
      area.value = value;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      ok = document.execCommand("copy");
      area.remove();
    }
    setCopied(ok ? "yes" : "failed");
    window.setTimeout(() => setCopied(null), 2500);
  }
  return (
    <>
      <button
        type="button"
        onClick={copy}
        className={className ?? buttonClass("secondary", "sm", "shrink-0 whitespace-nowrap self-start")}
      >
        {copied === "yes" ? (
          <Check aria-hidden="true" className="h-4 w-4" />
        ) : (
          <Copy aria-hidden="true" className="h-4 w-4" />
        )}
        {copied === "yes" ? "Copied" : label}
      </button>
      <span role="status" aria-live="polite" className="sr-only">
        {copied === "yes"
          ? "Copied to clipboard"
          : copied === "failed"
            ? "Copy failed: select the text and copy it manually"
            : ""}
      </span>
    </>
  );
}
