package dev.tribunal.jobs.eval;

import dev.tribunal.jobs.world.Family;
import dev.tribunal.jobs.world.Task;
import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One fixed evaluation question with its gold: a held-out prompt for the actor (gold answer, to
 * grade any response), a (question, response) with a known gold score for the judge, or two
 * judgements of a response with the gold winner for the meta-judge. Meta-judge items come in
 * pairs, the same two judgements in both orders (pair = item / 2).
 *
 * @param prompt the user message the model is asked
 */
public record EvalItem(Kind kind, int item, int pair, String prompt, String family, Integer level,
    String question, String goldAnswer, Integer goldScore, String goldWinner) implements Serializable {

  public enum Kind {
    ACTOR, JUDGE, META_JUDGE;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind of(String code) {
      return valueOf(code.toUpperCase(Locale.ROOT));
    }
  }

  public static final StructType SCHEMA = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("item", DataTypes.IntegerType, false)
      .add("pair", DataTypes.IntegerType, false)
      .add("prompt", DataTypes.StringType, false)
      .add("family", DataTypes.StringType, true)
      .add("level", DataTypes.IntegerType, true)
      .add("question", DataTypes.StringType, true)
      .add("gold_answer", DataTypes.StringType, true)
      .add("gold_score", DataTypes.IntegerType, true)
      .add("gold_winner", DataTypes.StringType, true);

  /** The held-out task of an actor item, for gold grading. */
  public Task task() {
    return new Task(Family.valueOf(family), level, question, goldAnswer);
  }

  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {kind.code(), item, pair, prompt, family, level, question,
        goldAnswer, goldScore, goldWinner}, SCHEMA);
  }

  public static EvalItem fromRow(Row r) {
    return new EvalItem(Kind.of(r.getAs("kind")), r.getAs("item"), r.getAs("pair"), r.getAs("prompt"),
        r.getAs("family"), r.getAs("level"), r.getAs("question"), r.getAs("gold_answer"), r.getAs("gold_score"),
        r.getAs("gold_winner"));
  }
}
