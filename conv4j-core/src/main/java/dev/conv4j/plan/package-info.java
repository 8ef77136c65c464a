/**
 * The planner and its plans: {@link dev.conv4j.plan.Planner} validates a problem, brings it into
 * the canonical form, checks its memory, chooses an algorithm from the operation's ordered list
 * ({@link dev.conv4j.plan.Algorithms}) and prepares its kernel; a {@link dev.conv4j.plan.Plan}
 * ({@link dev.conv4j.plan.ConvPlan}, {@link dev.conv4j.plan.GradInputPlan},
 * {@link dev.conv4j.plan.GradFilterPlan}) runs it on a {@link dev.conv4j.plan.WorkerPool} and
 * explains the choice.
 */
package dev.conv4j.plan;
