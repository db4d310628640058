-- AlterTable
ALTER TABLE "Member" ADD COLUMN "scimSuspendedAt" DATETIME;

-- AlterTable
ALTER TABLE "ProvisioningEvent" ADD COLUMN "sentAttributes" TEXT;

-- CreateTable
CREATE TABLE "OffboardingPolicy" (
    "workspaceId" TEXT NOT NULL PRIMARY KEY,
    "deleteAction" TEXT NOT NULL DEFAULT 'remove',
    "removeAfterDays" INTEGER,
    "updatedAt" DATETIME NOT NULL,
    "updatedByLabel" TEXT,
    CONSTRAINT "OffboardingPolicy_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Member_workspaceId_scimSuspendedAt_idx" ON "Member"("workspaceId", "scimSuspendedAt");
