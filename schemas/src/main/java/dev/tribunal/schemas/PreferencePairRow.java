package dev.tribunal.schemas;

import static dev.tribunal.schemas.Columns.nonNegative;
import static dev.tribunal.schemas.Columns.nullable;
import static dev.tribunal.schemas.Columns.present;
import static dev.tribunal.schemas.Columns.required;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One DPO training example: a prompt with a chosen and a rejected continuation. Actor pairs
 * hold responses to the user prompt; judge pairs hold judgments, under the judge prompt for
 * (prompt, response). The prompt keeps the form it was sampled with (plain text or chat
 * messages), so training tokenizes it exactly as sampling did.
 *
 * @param chosenId the sample id (actor pairs) or judgment id (judge pairs) of chosen
 * @param chosenScore the mean judge score (actor) or the meta-judge rating (judge); null if none
 * @param chosenLength the length of chosen in lengthUnit, as used by length control
 * @param refChosenLogp the reference model's summed log-probability of chosen's tokens given
 *     the prompt; null until the ref-logprobs stage fills it
 * @param refModelVersion the reference checkpoint; null exactly when the log-probs are null
 */
public record PreferencePairRow(
    String pairId,
    String promptId,
    int iteration,
    PairKind kind,
    String promptText,
    List<Message> promptMessages,
    String chosen,
    String rejected,
    String chosenId,
    String rejectedId,
    Double chosenScore,
    Double rejectedScore,
    int chosenLength,
    int rejectedLength,
    LengthUnit lengthUnit,
    Double refChosenLogp,
    Double refRejectedLogp,
    String refModelVersion) implements TableRow {
  public static final String TABLE = "preference_pairs";

  public static final StructType SCHEMA = new StructType(new StructField[] {
      required("pair_id", StringType),
      required("prompt_id", StringType),
      required("iteration", IntegerType),
      required("kind", StringType),
      nullable("prompt_text", StringType),
      nullable("prompt_messages", Message.ARRAY),
      required("chosen", StringType),
      required("rejected", StringType),
      required("chosen_id", StringType),
      required("rejected_id", StringType),
      nullable("chosen_score", DoubleType),
      nullable("rejected_score", DoubleType),
      required("chosen_length", IntegerType),
      required("rejected_length", IntegerType),
      required("length_unit", StringType),
      nullable("ref_chosen_logp", DoubleType),
      nullable("ref_rejected_logp", DoubleType),
      nullable("ref_model_version", StringType)});

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public PreferencePairRow {
    present(pairId, TABLE, "pair_id");
    present(promptId, TABLE, "prompt_id");
    nonNegative(iteration, TABLE, "iteration");
    present(kind, TABLE, "kind");
    promptMessages = Message.checkTextOrMessages(promptText, promptMessages, TABLE + " prompt");
    present(chosen, TABLE, "chosen");
    present(rejected, TABLE, "rejected");
    present(chosenId, TABLE, "chosen_id");
    present(rejectedId, TABLE, "rejected_id");
    if (chosenId.equals(rejectedId)) {
      throw new IllegalArgumentException(TABLE + ": chosen and rejected are both " + chosenId);
    }
    nonNegative(chosenLength, TABLE, "chosen_length");
    nonNegative(rejectedLength, TABLE, "rejected_length");
    present(lengthUnit, TABLE, "length_unit");
    checkReference(refChosenLogp, refRejectedLogp, refModelVersion);
  }

  /** Reference log-probs come as a set: both, from a named model, or none of the three. */
  private static void checkReference(Double chosenLogp, Double rejectedLogp, String version) {
    boolean none = chosenLogp == null && rejectedLogp == null && version == null;
    boolean all = chosenLogp != null && rejectedLogp != null && version != null;
    if (!none && !all) {
      throw new IllegalArgumentException(TABLE + ": ref_chosen_logp, ref_rejected_logp and "
          + "ref_model_version must be all set or all null");
    }
  }

  /** This pair with the reference model's log-probabilities filled in. */
  public PreferencePairRow withReference(double chosenLogp, double rejectedLogp, String version) {
    return new PreferencePairRow(pairId, promptId, iteration, kind, promptText, promptMessages,
        chosen, rejected, chosenId, rejectedId, chosenScore, rejectedScore, chosenLength,
        rejectedLength, lengthUnit, chosenLogp, rejectedLogp, version);
  }

  public boolean hasReference() {
    return refModelVersion != null;
  }

  @Override
  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {
        pairId, promptId, iteration, kind.code(), promptText,
        Columns.seq(promptMessages, Message::toCell), chosen, rejected, chosenId, rejectedId,
        chosenScore, rejectedScore, chosenLength, rejectedLength, lengthUnit.code(),
        refChosenLogp, refRejectedLogp, refModelVersion}, SCHEMA);
  }

  public static PreferencePairRow fromRow(Row row) {
    RowReader r = new RowReader(row, TABLE, SCHEMA);
    return new PreferencePairRow(
        r.required("pair_id", String.class),
        r.required("prompt_id", String.class),
        r.required("iteration", Integer.class),
        r.code(PairKind.class, "kind"),
        r.nullable("prompt_text", String.class),
        r.listOrNull("prompt_messages", Message::fromCell),
        r.required("chosen", String.class),
        r.required("rejected", String.class),
        r.required("chosen_id", String.class),
        r.required("rejected_id", String.class),
        r.nullable("chosen_score", Double.class),
        r.nullable("rejected_score", Double.class),
        r.required("chosen_length", Integer.class),
        r.required("rejected_length", Integer.class),
        r.code(LengthUnit.class, "length_unit"),
        r.nullable("ref_chosen_logp", Double.class),
        r.nullable("ref_rejected_logp", Double.class),
        r.nullable("ref_model_version", String.class));
  }
}
