package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.metarewarding.JudgedResponses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.metarewarding.aggregate.JudgedResponse;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.InjectionDetector;
import dev.tribunal.schemas.ExclusionReason;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.LengthUnit;
import dev.tribunal.schemas.Message;
import dev.tribunal.schemas.ParseStatus;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.Prompt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The pure pieces the stages are made of. */
class StageHelpersTest {
  private static final FinishReason STOP = FinishReason.STOP;

  @Test
  void exclusionsInOrderTruncatedThenTemplateLeakThenDuplicate() {
    SampleExclusions ex = new SampleExclusions(List.of("<|im_end|>"), InjectionDetector.standard());
    List<ExclusionReason> r = ex.of(
        List.of("17", "17", "cut off", "17 <|im_end|>", "I say </response> done", "Score: 5", "cut off"),
        List.of(STOP, STOP, FinishReason.LENGTH, STOP, STOP, STOP, FinishReason.LENGTH));
    assertEquals(Arrays.asList(null, ExclusionReason.DUPLICATE, ExclusionReason.TRUNCATED,
        ExclusionReason.TEMPLATE_LEAK, ExclusionReason.TEMPLATE_LEAK, null, ExclusionReason.TRUNCATED), r);
    assertThrows(IllegalArgumentException.class, () -> ex.of(List.of("a"), List.of()));
  }

  @Test
  void textPromptsAreSentAsTheyAreAndChatPromptsGetTheActorTemplateOnTheLastUserTurn() {
    ActorRole actor = ActorRole.of("Answer briefly: {question}");
    PromptForms.Asked text = PromptForms.actor("What is 2 + 2?", null, actor);
    assertEquals(Prompt.text("What is 2 + 2?"), text.toWorker());
    List<Message> chat = List.of(new Message("system", "Be terse."), new Message("user", "What is 2 + 2?"));
    PromptForms.Asked asked = PromptForms.actor(null, chat, actor);
    assertNull(asked.text());
    assertEquals("Answer briefly: What is 2 + 2?", asked.messages().get(1).content());
    assertEquals("Be terse.", asked.messages().get(0).content());
    assertEquals("What is 2 + 2?", PromptForms.question(null, chat), "judges see the question itself");
    assertEquals("system: x", PromptForms.question(null, List.of(new Message("system", "x"))));
  }

  @Test
  void batchesCallOncePerBatchAndEndOnce() {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger ends = new AtomicInteger();
    Iterator<Integer> out = new Batches<Integer, Integer>(List.of(1, 2, 3, 4, 5).iterator(), 2, b -> {
      calls.incrementAndGet();
      return b.stream().map(x -> x * 10).toList();
    }, ends::incrementAndGet);
    List<Integer> all = new ArrayList<>();
    out.forEachRemaining(all::add);
    assertFalse(out.hasNext());
    assertEquals(List.of(10, 20, 30, 40, 50), all);
    assertEquals(3, calls.get());
    assertEquals(1, ends.get());
  }

  @Test
  void promptGroupsSplitASortedPartitionAndRefuseAnUnsortedOne() {
    StructType schema = new StructType().add("prompt_id", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (String id : List.of("a", "a", "b", "c", "c", "c")) rows.add(new GenericRowWithSchema(new Object[] {id}, schema));
    List<Integer> sizes = new ArrayList<>();
    new PromptGroups(rows.iterator(), "prompt_id").forEachRemaining(g -> sizes.add(g.size()));
    assertEquals(List.of(2, 1, 3), sizes);
    rows.add(new GenericRowWithSchema(new Object[] {"a"}, schema));
    PromptGroups unsorted = new PromptGroups(rows.iterator(), "prompt_id");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> unsorted.forEachRemaining(g -> {}));
    assertTrue(e.getMessage().contains("not sorted"), e.getMessage());
  }

  @Test
  void judgedResponsesKeepJudgmentOrderAndMarkRepeatedTexts() {
    List<JudgmentRow> rows = List.of(judgment("s2", 0, 3, "fine"), judgment("s1", 1, null, "??"),
        judgment("s1", 0, 4, "good"), judgment("s1", 2, 4, "good"));
    List<JudgedResponse> responses = JudgedResponses.of(rows, LengthUnit.CHARS);
    assertEquals(List.of("s1", "s2"), responses.stream().map(JudgedResponse::responseId).toList());
    JudgedResponse s1 = responses.get(0);
    assertEquals(List.of("s1-0", "s1-1", "s1-2"), s1.judgments().stream().map(j -> j.id()).toList());
    assertFalse(s1.judgments().get(1).hasScore());
    assertTrue(s1.judgments().get(2).duplicate(), "a repeated text never battles");
    assertEquals(4, s1.judgments().get(0).length(), "chars");
    assertEquals(7, JudgedResponses.of(rows, LengthUnit.TOKENS).get(0).judgments().get(0).length(), "tokens");
  }

  private static JudgmentRow judgment(String sample, int index, Integer score, String text) {
    return new JudgmentRow(sample + "-" + index, sample, "p", 0, index, 1, text,
        score == null ? ParseStatus.NO_MATCH : ParseStatus.OK, score, "stop", 7, text.length(), "M0", false, null);
  }
}
