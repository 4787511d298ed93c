package dev.tribunal.jobs.seed;

import dev.tribunal.jobs.rlaif.LabelingPrompt;
import dev.tribunal.jobs.world.Example;
import dev.tribunal.jobs.world.GoldGrade;
import dev.tribunal.jobs.world.GoldGrader;
import dev.tribunal.jobs.world.Judgements;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.jobs.world.TaskWorld;
import dev.tribunal.jobs.world.WorldData;
import dev.tribunal.jobs.world.WorldPairs;
import dev.tribunal.schemas.Message;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The feedback phase's examples ({@link SeedConfig.Feedback}). The roles that judge answers learn
 * on the answers they will judge: the mixed-phase model's own samples, whose mistakes are its own
 * and all concise, so that format cannot stand in for correctness. Gold grades them here, while
 * the seed is built; the loop never sees gold.
 */
final class FeedbackData {
  /** Gold answers are at most 17 characters; a longer sample is cut, as the loop's would be. */
  static final int ANSWER_MAX_TOKENS = 64;

  /** One sampled answer of the model, with its gold grade. */
  record Sample(Task task, String reference, String response, GoldGrade grade) {}

  private final WorldData data;
  private final SeedConfig.Feedback counts;
  private final Labeling labeling;
  private final Random rng;

  FeedbackData(WorldData data, SeedConfig config) {
    this.data = data;
    this.counts = config.feedback();
    this.labeling = config.labeling();
    this.rng = new Random(config.seed() ^ "feedback".hashCode());
  }

  /** The phase's examples: what the model answers (by worker), world pairs and responses, and a replay of mixed. */
  List<Example> examples(ModelWorker worker, List<Example> mixed) {
    List<List<Sample>> own = samples(worker, data.world().derive("feedback").tasks(counts.prompts()));
    List<Example> out = new ArrayList<>();
    out.addAll(pairLabels(own));
    out.addAll(worldLabels());
    out.addAll(ratings(own));
    out.addAll(judgements(own));
    out.addAll(replay(mixed));
    return out;
  }

  /** Per task its distinct sampled answers, graded, with the model's greedy answer as the reference. */
  List<List<Sample>> samples(ModelWorker worker, List<Task> tasks) {
    SamplingParams sampling = new SamplingParams(1, counts.temperature(), 1.0, 0, ANSWER_MAX_TOKENS, List.of(),
        List.of(), 0, false);
    List<GenerateRequest> requests = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      Prompt prompt = Prompt.user(SeedMix.ACTOR.render(tasks.get(i).prompt()));
      requests.add(new GenerateRequest(prompt, SamplingParams.greedy(ANSWER_MAX_TOKENS)));
      for (int k = 0; k < counts.samples(); k++) {
        requests.add(new GenerateRequest(prompt, sampling.withSeed(1000L * i + k)));
      }
    }
    List<List<Completion>> answers = worker.generate(requests);
    int per = counts.samples() + 1;
    List<List<Sample>> out = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      Task task = tasks.get(i);
      String reference = answers.get(i * per).get(0).text();
      Map<String, Sample> distinct = new LinkedHashMap<>();
      for (int k = 1; k < per; k++) {
        String response = answers.get(i * per + k).get(0).text();
        distinct.putIfAbsent(response, new Sample(task, reference, response, GoldGrader.grade(task, response)));
      }
      out.add(List.copyOf(distinct.values()));
    }
    return out;
  }

  /**
   * One pair of answers of different grade per task while any is left, the two in random order,
   * as chain of thought: the rationale rating each, then the label after it.
   */
  List<Example> pairLabels(List<List<Sample>> own) {
    List<Example> out = new ArrayList<>();
    for (List<Sample> samples : own) {
      if (out.size() >= 2 * counts.pairLabels()) break;
      List<Sample> shuffled = new ArrayList<>(samples);
      Collections.shuffle(shuffled, rng);
      pairOf(shuffled).ifPresent(p -> out.addAll(label(p[0].task(), p[0].response(), p[0].grade(), p[1].response(),
          p[1].grade())));
    }
    return out;
  }

  private static Optional<Sample[]> pairOf(List<Sample> samples) {
    for (int a = 0; a < samples.size(); a++) {
      for (int b = a + 1; b < samples.size(); b++) {
        if (samples.get(a).grade().score() != samples.get(b).grade().score()) {
          return Optional.of(new Sample[] {samples.get(a), samples.get(b)});
        }
      }
    }
    return Optional.empty();
  }

  /** World pairs from a stream of their own, so none is a pair tribunal import-pairs --world draws. */
  List<Example> worldLabels() {
    TaskWorld world = data.world().derive("feedback-pairs");
    List<Example> out = new ArrayList<>();
    for (WorldPairs.Graded p : WorldPairs.graded(world, counts.worldLabels())) {
      out.addAll(label(p.task(), p.a(), p.gradeA(), p.b(), p.gradeB()));
    }
    return out;
  }

  /** The two steps of a chain-of-thought label: the rationale rating each response, then the label after it. */
  private List<Example> label(Task task, String first, GoldGrade firstGrade, String second, GoldGrade secondGrade) {
    LabelingPrompt prompt = labeling.pairwise();
    String rationale = Labeling.rationale(first, labeling.rating(firstGrade), second, labeling.rating(secondGrade));
    return List.of(
        new Example.Rationale(task, first, second, prompt.rationale(context(task), first, second), " " + rationale),
        new Example.Label(task, first, second, prompt.labelAfter(context(task), first, second, rationale),
            labeling.label(firstGrade.score() > secondGrade.score())));
  }

  /** Half the ratings on the model's own answers, half on world responses of every grade. */
  List<Example> ratings(List<List<Sample>> own) {
    List<Example> out = new ArrayList<>();
    int ownRatings = counts.ratings() / 2;
    for (List<Sample> samples : own) {
      for (Sample s : samples) {
        if (out.size() == ownRatings) break;
        out.add(rating(s.task(), s.response(), s.grade()));
      }
    }
    data.judge(counts.ratings() - out.size()).forEach(j -> out.add(rating(j.task(), j.response(), j.grade())));
    return out;
  }

  private Example rating(Task task, String response, GoldGrade grade) {
    return new Example.Rating(task, response, grade, labeling.rating().prompt(context(task), response),
        labeling.rating(grade));
  }

  /** The judge as the loop uses it: the model's own answer, its own greedy answer as the reference. */
  List<Example> judgements(List<List<Sample>> own) {
    List<Example> out = new ArrayList<>();
    for (List<Sample> samples : own) {
      for (Sample s : samples) {
        if (out.size() == counts.judge()) return out;
        out.add(new Example.Judge(s.task(), s.response(), s.grade(),
            SeedMix.JUDGE.render(s.task().prompt(), s.reference(), s.response()),
            Judgements.judgement(s.task(), s.grade(), s.response())));
      }
    }
    return out;
  }

  /** A seeded draw of the mixed phase's examples, shown again. */
  List<Example> replay(List<Example> mixed) {
    List<Example> shuffled = new ArrayList<>(mixed);
    Collections.shuffle(shuffled, rng);
    return List.copyOf(shuffled.subList(0, Math.min(counts.replay(), shuffled.size())));
  }

  /** The conversation as the label stage shows a world pair's: the task's prompt as one user turn. */
  private static String context(Task task) {
    return LabelingPrompt.context(List.of(new Message("user", task.prompt())));
  }
}
