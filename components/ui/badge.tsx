// Small coloured label for status, role and source.
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "./cn";

const badgeVariants = cva(
  "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
  {
    variants: {
      tone: {
        gray: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
        green:
          "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
        amber: "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800",
        red: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800",
        indigo:
          "bg-indigo-50 text-indigo-800 ring-indigo-300 dark:bg-indigo-950 dark:text-indigo-200 dark:ring-indigo-800",
        sky: "bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800",
      },
    },
    defaultVariants: { tone: "gray" },
  },
);

export type BadgeTone = NonNullable<VariantProps<typeof badgeVariants>["tone"]>;

export function Badge({
  tone,
  children,
  title,
  className,
}: {
  tone?: BadgeTone;
  children: React.ReactNode;
  title?: string;
  className?: string;
}) {
  return (
    <span title={title} className={cn(badgeVariants({ tone }), className)}>
      {children}
    </span>
  );
}

const STATUS_TONE: Record<string, BadgeTone> = {
  active: "green",
  invited: "amber",
  suspended: "red",
  revoked: "red",
  expired: "gray",
};
const STATUS_TEXT: Record<string, string> = {
  active: "Active",
  invited: "Invited",
  suspended: "Suspended",
  revoked: "Revoked",
  expired: "Expired",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "gray"}>{STATUS_TEXT[status] ?? status}</Badge>;
}

/** "Managed by SCIM (Entra ID)": the member or group is owned by the identity provider. */
export function ScimBadge({ tokenLabel }: { tokenLabel: string | null }) {
  return (
    <Badge tone="indigo" title="Provisioned by your identity provider over SCIM">
      Managed by SCIM{tokenLabel ? ` (${tokenLabel})` : ""}
    </Badge>
  );
}

export function HttpStatusBadge({ status }: { status: number }) {
  return <Badge tone={status >= 500 ? "red" : status >= 400 ? "amber" : "green"}>{status}</Badge>;
}
