package dev.tribunal.jobs.eval;

import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.roles.MetaJudgeRole;
import dev.tribunal.jobs.world.Example;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.jobs.world.TaskWorld;
import dev.tribunal.jobs.world.WorldData;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed evaluation set of a run, the same for every model: held-out prompts, judge examples
 * and meta-judge examples from the task world. Judge and meta-judge examples come from their own
 * stream of the world (not the seed model's training examples), rendered with the run's roles.
 */
public final class EvalItems {
  private EvalItems() {}

  public static List<EvalItem> of(WorldConfig world, ActorRole actor, JudgeRole judge, MetaJudgeRole metaJudge) {
    TaskWorld tasks = world.tasks();
    WorldData data = new WorldData(tasks.derive("evaluation"), actor, judge, metaJudge);
    List<EvalItem> items = new ArrayList<>();
    List<Task> heldOut = tasks.heldOut(world.heldOut());
    for (int i = 0; i < heldOut.size(); i++) {
      Task t = heldOut.get(i);
      items.add(new EvalItem(EvalItem.Kind.ACTOR, i, i, actor.render(t.prompt()), t.family().name(), t.level(),
          t.prompt(), t.gold(), null, null));
    }
    List<Example.Judge> judged = data.judge(world.judgeExamples());
    for (int i = 0; i < judged.size(); i++) {
      Example.Judge e = judged.get(i);
      items.add(new EvalItem(EvalItem.Kind.JUDGE, i, i, e.user(), null, null, null, null, e.grade().score(), null));
    }
    List<Example.MetaJudge> meta = data.metaJudge(world.metaJudgeExamples());
    for (int i = 0; i < meta.size(); i++) {
      Example.MetaJudge e = meta.get(i);
      items.add(new EvalItem(EvalItem.Kind.META_JUDGE, i, i / 2, e.user(), null, null, null, null, null,
          e.winner().code()));
    }
    return items;
  }
}
