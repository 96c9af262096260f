export type { WorkflowInput, Workflow, WorkflowOutcome, DependencyReport, NodeTool } from './workflow-types.ts';
export type { EsbuildApi } from './esbuild-api.ts';
export { selectWorkflow } from './select-workflow.ts';
export { planWorkflow, buildMethodName, type PlannedWorkflow } from './run-workflow.ts';
