-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "scimSuspendedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ProvisioningEvent" ADD COLUMN     "sentAttributes" TEXT;

-- CreateTable
CREATE TABLE "OffboardingPolicy" (
    "workspaceId" TEXT NOT NULL,
    "deleteAction" TEXT NOT NULL DEFAULT 'remove',
    "removeAfterDays" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedByLabel" TEXT,

    CONSTRAINT "OffboardingPolicy_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateIndex
CREATE INDEX "Member_workspaceId_scimSuspendedAt_idx" ON "Member"("workspaceId", "scimSuspendedAt");

-- AddForeignKey
ALTER TABLE "OffboardingPolicy" ADD CONSTRAINT "OffboardingPolicy_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
