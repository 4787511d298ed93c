package dev.tribunal.jobs.seed;

import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.roles.MetaJudgeRole;
import dev.tribunal.jobs.world.Example;
import dev.tribunal.jobs.world.TaskWorld;
import dev.tribunal.jobs.world.WorldData;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.djl.tokenizer.TrainingData;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The seed model's SFT data: instruction, judge and meta-judge examples from the task world,
 * each a single user turn and the assistant reply to learn. The order here does not matter: the
 * trainer shuffles with the seed.
 */
public final class SeedMix {
  /** The roles the seed model is trained to play, and evaluated in. */
  public static final ActorRole ACTOR = ActorRole.identity();
  public static final JudgeRole JUDGE = JudgeRole.compact();
  public static final MetaJudgeRole META_JUDGE = MetaJudgeRole.compact();

  private SeedMix() {}

  /** The world data of a seed config: its seed, families and levels, with the seed model's roles. */
  public static WorldData world(SeedConfig config) {
    SeedConfig.World w = config.world();
    return new WorldData(new TaskWorld(config.seed(), EnumSet.copyOf(w.families()), w.minLevel(), w.maxLevel()),
        ACTOR, JUDGE, META_JUDGE);
  }

  /** The examples of the two phases: instruction examples, then the mixed phase's examples of every role. */
  public record Phases(List<Example> instruction, List<Example> mixed) {}

  /**
   * The instruction phase takes the world's first instruction examples, the mixed phase the ones
   * after them, so no instruction example is trained twice.
   */
  public static Phases phases(WorldData data, SeedConfig config) {
    int first = config.instructionPhase().examples();
    List<Example.Sft> sft = data.sft(first + config.mix().instruction());
    List<Example> mixed = new ArrayList<>(config.mix().examples());
    mixed.addAll(sft.subList(first, sft.size()));
    mixed.addAll(data.judge(config.mix().judge()));
    mixed.addAll(data.metaJudge(config.mix().metaJudgeResponses()));
    return new Phases(List.copyOf(sft.subList(0, first)), mixed);
  }

  /**
   * Example i in token space, the roles through the checkpoint's chat template (loss on the reply
   * and its end of turn), RLAIF's text-form prompts as they are (loss on the rationale and its end,
   * or on the label or rating token alone: the label stage reads the next token and nothing after it).
   */
  public static List<TrainingExample> tokens(List<Example> examples, TrainingData tokenizer) {
    return examples.stream().map(e -> e.chat() ? tokenizer.sft(prompt(e), e.assistant())
        : tokenizer.scored(Prompt.text(e.user()), e.assistant(), e.endsTurn())).toList();
  }

  public static List<ChatMessage> prompt(Example e) {
    return List.of(new ChatMessage("user", e.user()));
  }
}
