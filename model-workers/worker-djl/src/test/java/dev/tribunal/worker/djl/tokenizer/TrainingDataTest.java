package dev.tribunal.worker.djl.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.train.TrainingExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {

  private static final List<ChatMessage> QUESTION = List.of(new ChatMessage("user", "What is 12 + 5?"));

  @TempDir Path tmp;

  private ModelTokenizer embedded() {
    EmbeddedTokenizer.writeTo(tmp);
    return ModelTokenizer.load(tmp);
  }

  @Test
  void thePromptIsExactlyWhatTheWorkerSendsAndTheResponseIsTheReplyThroughItsEndToken() {
    try (ModelTokenizer tok = embedded()) {
      TrainingData.Split s = new TrainingData(tok).split(QUESTION, "17");
      assertArrayEquals(tok.encodePrompt(Prompt.chat(QUESTION)), s.promptIds());
      assertArrayEquals(new int[] {tok.tokenId("1"), tok.tokenId("7"), EmbeddedTokenizer.END_ID}, s.responseIds());
    }
  }

  @Test
  void theResponseMaskCoversEveryReplyTokenAndNothingElse() {
    String reply = "Expected 17. Correct, concise.\nScore: 5";
    try (ModelTokenizer tok = embedded()) {
      TrainingExample e = new TrainingData(tok).sft(QUESTION, reply);
      int[] conversation = tok.encode(tok.renderChat(List.of(QUESTION.get(0), new ChatMessage("assistant", reply)), false), false);
      int[] trained = concat(e.promptIds(), e.chosenIds());
      // prompt + response is the whole conversation but the newline the template writes after the end token
      assertArrayEquals(Arrays.copyOf(conversation, conversation.length - 1), trained);
      assertEquals("\n", tok.decode(new int[] {conversation[conversation.length - 1]}, 1));
      assertEquals(reply, tok.decode(e.chosenIds(), e.chosenIds().length));
      assertEquals(reply.length() + 1, e.chosenIds().length);
      assertTrue(tok.renderChat(QUESTION, true).endsWith("<|assistant|>\n"));
      assertNull(e.rejectedIds());
    }
  }

  @Test
  void anEmptyReplyStillTeachesTheModelToStop() {
    try (ModelTokenizer tok = embedded()) {
      assertArrayEquals(new int[] {EmbeddedTokenizer.END_ID}, new TrainingData(tok).split(QUESTION, "").responseIds());
    }
  }

  @Test
  void anEndTokenInsideTheReplyIsRefused() {
    try (ModelTokenizer tok = embedded()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new TrainingData(tok).sft(List.of(QUESTION), List.of("17<|end|> and more")));
      assertTrue(e.getMessage().startsWith("training example 0: "), e.getMessage());
      assertTrue(e.getMessage().contains("end-of-turn token"), e.getMessage());
    }
  }

  @Test
  void aTemplateWhoseConversationDoesNotStartWithItsGenerationPromptIsRefused() throws Exception {
    EmbeddedTokenizer.writeTo(tmp);
    ObjectMapper json = new ObjectMapper();
    Path config = tmp.resolve("tokenizer_config.json");
    ObjectNode n = (ObjectNode) json.readTree(config.toFile());
    n.put("chat_template", "{% for m in messages %}{{ m['role'] + ': ' + m['content'] + '\\n' }}{% endfor %}"
        + "{% if add_generation_prompt %}{{ 'assistant>' }}{% endif %}");
    Files.writeString(config, json.writeValueAsString(n));
    try (ModelTokenizer tok = ModelTokenizer.load(tmp)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new TrainingData(tok).split(QUESTION, "17"));
      assertTrue(e.getMessage().contains("generation prompt"), e.getMessage());
    }
  }

  @Test
  void countsMustMatch() {
    try (ModelTokenizer tok = embedded()) {
      assertThrows(IllegalArgumentException.class, () -> new TrainingData(tok).sft(List.of(QUESTION), List.of()));
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
