// A titled settings card (the workspace Card), with its content spaced.
import { Card } from "@/components/page-header";

export function Section({
  title,
  id,
  children,
  description,
}: {
  title: string;
  id?: string;
  description?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <Card title={title} id={id} description={description}>
      <div className="space-y-4">{children}</div>
    </Card>
  );
}
