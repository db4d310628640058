-- CreateTable
CREATE TABLE "DataFix" (
    "name" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataFix_pkey" PRIMARY KEY ("name")
);
