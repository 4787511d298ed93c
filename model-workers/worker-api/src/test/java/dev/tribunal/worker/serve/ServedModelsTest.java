package dev.tribunal.worker.serve;

import static dev.tribunal.worker.serve.ServerTest.call;
import static dev.tribunal.worker.serve.ServerTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.ModelWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A server over several models answers each request with the model its model field names. */
class ServedModelsTest {

  /** Models added while serving; each call opens a worker and closes it after, as a run's versions are. */
  static final class Versions implements ServedModels {
    final Map<String, Integer> known = new ConcurrentHashMap<>();
    final List<String> opened = new CopyOnWriteArrayList<>();
    final List<String> closed = new CopyOnWriteArrayList<>();

    @Override
    public String defaultName() {
      return "seed";
    }

    @Override
    public List<String> names() {
      List<String> names = new ArrayList<>(List.of("seed"));
      known.keySet().stream().sorted().forEach(names::add);
      return names;
    }

    @Override
    public <R> R call(String name, Function<ModelWorker, R> call) {
      if (!names().contains(name)) throw new UnknownModelException(name, names());
      opened.add(name);
      try (FakeWorker worker = new FakeWorker()) {
        return call.apply(worker);
      } finally {
        closed.add(name);
      }
    }
  }

  @Test
  void eachRequestGetsTheModelItNamesAndVersionsAddedLaterAreServed() throws Exception {
    Versions versions = new Versions();
    try (OpenAiServer s = OpenAiServer.start(versions, ServeOptions.loopback())) {
      ServerTest.Answer unknown = post(s, "/v1/completions", "{\"model\":\"M1-abc\",\"prompt\":\"q\",\"max_tokens\":2}");
      assertEquals(404, unknown.status());
      assertEquals("model_not_found", unknown.body().path("error").path("code").asText());
      assertTrue(unknown.message().contains("model 'M1-abc' is not served here") && unknown.message().contains("[seed]"),
          unknown.message());

      versions.known.put("M1-abc", 1); // the trainer committed a new version while the server ran
      ServerTest.Answer m1 = post(s, "/v1/completions", "{\"model\":\"M1-abc\",\"prompt\":\"q\",\"max_tokens\":2}");
      assertEquals(200, m1.status(), m1.body().toString());
      assertEquals("M1-abc", m1.body().path("model").asText());
      ServerTest.Answer chat = post(s, "/v1/chat/completions",
          "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"max_tokens\":2}");
      assertEquals("seed", chat.body().path("model").asText(), "no model field: the default");

      var listed = call(s, "GET", "/v1/models", null).body().path("data");
      assertEquals(2, listed.size());
      assertEquals("seed", listed.path(0).path("id").asText());
      assertEquals("M1-abc", listed.path(1).path("id").asText());
      assertEquals(List.of("M1-abc", "seed"), versions.opened);
      assertEquals(versions.opened, versions.closed, "every worker opened for a request is closed after it");
    }
  }
}
