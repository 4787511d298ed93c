package dev.tribunal.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pinned values were computed once with the Python recipe in the {@link Ids} Javadoc, not
 * with this code: they prove the recipe is the one documented, and any change of hash, of input
 * encoding or of key layout fails here (it would silently change every id of a resumed run).
 */
class IdsTest {
  @Test
  void hashOfNoPartsIsTheStartOfSha256OfNothing() {
    assertEquals("e3b0c44298fc1c14", Ids.hex(Ids.hash64()));
  }

  @Test
  void pinnedValues() {
    String sampleId = Ids.sampleId("run-1", 0, "p1", 0);
    assertEquals("fd285347d46bdbda", sampleId);
    assertEquals(2409082516630508895L, Ids.sampleSeed("run-1", 0, "p1", 0));
    assertEquals("f7ad3197c20b3459", Ids.judgmentId("run-1", 2, sampleId, 3));
    assertEquals(373679201344006910L, Ids.judgmentSeed("run-1", 2, sampleId, 3));
    assertEquals("7c2c895823c2e5f0", Ids.metaJudgmentId("run-1", 2, "ja", "jb"));
    assertEquals(1469174200520473751L, Ids.metaJudgmentSeed("run-1", 2, "ja", "jb"));
    assertEquals("ec4a53a1046d21ed", Ids.pairId("run-1", 1, PairKind.JUDGE, "ja", "jb"));
    assertEquals("18a8d2123bf4240a", Ids.promptId("Wie spät ist es? 🙂"));
  }

  /** Length prefixes keep part boundaries: ("ab", "c") and ("a", "bc") are different keys. */
  @Test
  void partBoundariesMatter() {
    assertEquals(-967254053323610693L, Ids.hash64("ab", "c"));
    assertEquals(-5389456257275098314L, Ids.hash64("a", "bc"));
  }

  @Test
  void hexIsFixedWidthLowercase() {
    assertEquals("0000000000000001", Ids.hex(1));
    assertEquals("ffffffffffffffff", Ids.hex(-1));
    assertEquals("00000000000000ab", Ids.hex(0xAB));
  }

  @Test
  void idsDifferInEveryKeyPart() {
    Set<String> ids = new HashSet<>();
    for (String run : new String[] {"run-1", "run-2"}) {
      for (int iteration = 0; iteration < 3; iteration++) {
        for (String prompt : new String[] {"p1", "p2", "p10"}) {
          for (int index = 0; index < 8; index++) {
            String id = Ids.sampleId(run, iteration, prompt, index);
            assertTrue(id.matches("[0-9a-f]{16}"), id);
            ids.add(id);
            ids.add(Ids.judgmentId(run, iteration, prompt, index));
          }
        }
      }
    }
    assertEquals(2 * 2 * 3 * 3 * 8, ids.size(), "samples and judgments never share an id");
  }

  @Test
  void seedsAreNonNegativeDistinctAndIndependentOfIds() {
    Set<Long> seeds = new HashSet<>();
    for (int index = 0; index < 1000; index++) {
      long seed = Ids.sampleSeed("run-1", 0, "p1", index);
      assertTrue(seed >= 0, "seed " + seed);
      seeds.add(seed);
      long idBits = Long.parseUnsignedLong(Ids.sampleId("run-1", 0, "p1", index), 16);
      assertNotEquals(idBits & Long.MAX_VALUE, seed);
    }
    assertEquals(1000, seeds.size());
  }

  @Test
  void metaJudgmentOrderMatters() {
    assertNotEquals(Ids.metaJudgmentId("r", 0, "ja", "jb"), Ids.metaJudgmentId("r", 0, "jb", "ja"));
    assertNotEquals(Ids.pairId("r", 0, PairKind.ACTOR, "a", "b"),
        Ids.pairId("r", 0, PairKind.JUDGE, "a", "b"));
  }

  @Test
  void sameKeySameIdAcrossCalls() {
    assertEquals(Ids.sampleId("r", 4, "p", 6), Ids.sampleId("r", 4, "p", 6));
    assertEquals(Ids.judgmentSeed("r", 4, "s", 6), Ids.judgmentSeed("r", 4, "s", 6));
  }

  @Test
  void nullPartIsAClearError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ids.sampleId("r", 0, null, 0));
    assertTrue(e.getMessage().contains("part 4"), e.getMessage());
  }
}
