/*
 * A scheduler for test backends that only records the tasks plugins
 * schedule (with their scope and frequency), and runs one when told: tests
 * decide when a refresh happens instead of waiting for its initial delay.
 */
import { coreServices, createServiceFactory, type SchedulerServiceTaskScheduleDefinition, type SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';

type Task = SchedulerServiceTaskScheduleDefinition & SchedulerServiceTaskInvocationDefinition;

export function capturingScheduler() {
  const tasks = new Map<string, Task>();
  const run = async (id: string) => {
    const task = tasks.get(id);
    if (!task) throw new Error(`no task ${id} was scheduled`);
    await task.fn(new AbortController().signal as any);
  };
  const factory = createServiceFactory({
    service: coreServices.scheduler,
    deps: {},
    factory: async () => ({
      async scheduleTask(task: Task) {
        tasks.set(task.id, task);
      },
      createScheduledTaskRunner(schedule: SchedulerServiceTaskScheduleDefinition) {
        return { run: async (task: SchedulerServiceTaskInvocationDefinition) => void tasks.set(task.id, { ...schedule, ...task }) };
      },
      async triggerTask(id: string) {
        await run(id);
      },
      async cancelTask() {},
      async getScheduledTasks() {
        return [...tasks.values()].map(t => ({ id: t.id, scope: t.scope ?? 'global', settings: { version: 1 } }));
      },
    }),
  });
  return { factory, tasks, run };
}
