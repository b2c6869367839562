/**
 * The campaign workflow (`POST /api/campaigns`): brief → segments → target segments →
 * products per segment → copy per segment and channel → checks, run as a persisted job.
 * See `service.ts` for the job life cycle, `workflow.ts` for the chain, `targeting.ts`
 * for how segments are picked from a brief, and docs/decisions/campaigns.md.
 */
export {
  type CampaignService,
  type CampaignServiceOptions,
  type StartedCampaign,
  DEFAULT_LIST_LIMIT,
  MAX_LIST_LIMIT,
  createCampaignService,
} from "./service.ts";
export {
  type CampaignJob,
  type CampaignOffer,
  type CampaignRequest,
  type CampaignRequestInput,
  type CampaignResult,
  type CampaignSegment,
  type CampaignStatus,
  type CampaignSummary,
  CAMPAIGN_STATUSES,
  campaignJobSchema,
  campaignRequestSchema,
  campaignResultSchema,
  campaignSummarySchema,
} from "./schema.ts";
export { type CampaignWorkflowOptions, type WorkflowProgress, CAMPAIGN_TOOLS, runCampaignWorkflow } from "./workflow.ts";
export { type TargetingDecision, INTENT_RULES, briefIntents, pickTargetSegments } from "./targeting.ts";
export { CSV_COLUMNS, campaignCsv } from "./csv.ts";
