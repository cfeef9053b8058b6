import type { TaskName, TaskSpec } from '../types.ts';
import { casesTask } from './cases.ts';
import { emotionTask, routingTask } from './classify.ts';
import { clausesTask } from './clauses.ts';
import { clausesJudgedTask } from './clauses-judged.ts';
import { repliesTask } from './replies.ts';
import { selfharmTask } from './selfharm.ts';

/** One handler per task, dispatched by name. */
export const TASK_SPECS: Record<TaskName, TaskSpec> = {
  emotion: emotionTask,
  routing: routingTask,
  selfharm: selfharmTask,
  clauses: clausesTask,
  replies: repliesTask,
  cases: casesTask,
  'clauses-judged': clausesJudgedTask,
};
