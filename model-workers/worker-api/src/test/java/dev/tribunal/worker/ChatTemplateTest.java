package dev.tribunal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {

  private static final List<ChatMessage> CHAT = List.of(new ChatMessage("system", "Be brief. "),
      new ChatMessage("user", "  Hi there \n"));

  @Test
  void rendersALlama3StyleTemplateWithTrimAndBos() {
    String llama3 = "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
        + "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + "
        + "'<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}"
        + "{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
    ChatTemplate t = new ChatTemplate(llama3, Map.of("bos_token", "<|begin_of_text|>"));
    assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
        + "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\n", t.render(CHAT, true));
  }

  @Test
  void blockTagsDoNotLeaveNewlinesBehind() {
    String template = "{% for m in messages %}\n{% if m.role == 'user' %}\n[{{ m.content.strip() }}]\n{% endif %}\n{% endfor %}\n";
    assertEquals("[Hi there]\n", new ChatTemplate(template, Map.of()).render(CHAT, false));
  }

  @Test
  void raiseExceptionSurfacesTheTemplatesMessage() {
    String template = "{% for m in messages %}{% if m.role == 'system' %}{{ raise_exception('System role not supported') }}"
        + "{% endif %}{% endfor %}";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ChatTemplate(template, Map.of()).render(CHAT, true));
    assertTrue(e.getMessage().contains("System role not supported"), e.getMessage());
  }
}
