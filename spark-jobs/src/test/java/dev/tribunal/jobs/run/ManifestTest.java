package dev.tribunal.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {
  private static final ObjectMapper M = new ObjectMapper();

  private static StageRecord done(String stage, String table, int seq, Map<String, String> inputs) {
    var parts = new Fingerprint.Parts(inputs, M.createObjectNode(), "", "v");
    return new StageRecord(stage, 0, table, StageRecord.Status.COMPLETED, seq, Fingerprint.of(parts),
        parts, 1L, null, null, null, null, null);
  }

  @Test
  void downstreamFollowsTablesTransitively() {
    Manifest m = Manifest.empty("r")
        .with(done("import", "prompts", 1, Map.of("file:/a", "1@2")))
        .with(done("sample", "samples", 2, Map.of("iter=0/prompts", "x")))
        .with(done("judge", "judgments", 3, Map.of("iter=0/samples", "y")))
        .with(done("other", "others", 4, Map.of("file:/b", "1@2")));
    List<String> stale = m.downstreamOf(m.find("import", 0).orElseThrow()).stream().map(StageRecord::stage).toList();
    assertEquals(List.of("sample", "judge"), stale);
  }

  @Test
  void fingerprintIgnoresKeyOrderButNotValues() throws Exception {
    var a = new Fingerprint.Parts(Map.of(), M.readTree("{\"a\":1,\"b\":{\"c\":2,\"d\":3}}"), "m", "v");
    var b = new Fingerprint.Parts(Map.of(), M.readTree("{\"b\":{\"d\":3,\"c\":2},\"a\":1}"), "m", "v");
    var c = new Fingerprint.Parts(Map.of(), M.readTree("{\"b\":{\"d\":4,\"c\":2},\"a\":1}"), "m", "v");
    assertEquals(Fingerprint.of(a), Fingerprint.of(b));
    assertNotEquals(Fingerprint.of(a), Fingerprint.of(c));
    assertEquals(List.of("config b.d: 3 -> 4"), Fingerprint.diff(a, c));
  }
}
