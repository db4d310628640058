-- CreateTable
CREATE TABLE "WorkspaceMemberCount" (
    "workspaceId" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,
    "changes" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("workspaceId", "slot")
);

-- CreateTable
CREATE TABLE "ScimPageCursor" (
    "workspaceId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "lastCreatedAt" DATETIME NOT NULL,
    "lastId" TEXT NOT NULL,
    "changes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("workspaceId", "position")
);

-- CreateIndex
CREATE INDEX "ScimPageCursor_createdAt_idx" ON "ScimPageCursor"("createdAt");

-- Kept by triggers on "Member", whoever writes it (the SCIM services, Prisma, the admin CLI, a restore).
-- SQLite has one writer at a time: one slot (0) per workspace.
CREATE TRIGGER "Member_count_insert" AFTER INSERT ON "Member" BEGIN
  INSERT INTO "WorkspaceMemberCount" ("workspaceId", "slot", "n", "changes") VALUES (NEW."workspaceId", 0, 1, 1)
    ON CONFLICT ("workspaceId", "slot") DO UPDATE SET "n" = "n" + 1, "changes" = "changes" + 1;
END;
CREATE TRIGGER "Member_count_delete" AFTER DELETE ON "Member" BEGIN
  INSERT INTO "WorkspaceMemberCount" ("workspaceId", "slot", "n", "changes") VALUES (OLD."workspaceId", 0, -1, 1)
    ON CONFLICT ("workspaceId", "slot") DO UPDATE SET "n" = "n" - 1, "changes" = "changes" + 1;
END;
-- A deleted workspace's counts go with it.
CREATE TRIGGER "Workspace_count_delete" AFTER DELETE ON "Workspace" BEGIN
  DELETE FROM "WorkspaceMemberCount" WHERE "workspaceId" = OLD."id";
  DELETE FROM "ScimPageCursor" WHERE "workspaceId" = OLD."id";
END;

-- The members that exist already.
INSERT INTO "WorkspaceMemberCount" ("workspaceId", "slot", "n") SELECT "workspaceId", 0, COUNT(*) FROM "Member" GROUP BY "workspaceId";
