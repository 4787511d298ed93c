package dev.tribunal.jobs.world;

/** The families of task in the world; each asks for one kind of answer. */
public enum Family {
  ADD(AnswerType.INTEGER),
  SUBTRACT(AnswerType.INTEGER),
  MULTIPLY(AnswerType.INTEGER),
  COUNT_LETTER(AnswerType.INTEGER),
  MAX(AnswerType.INTEGER),
  MIN(AnswerType.INTEGER),
  REVERSE(AnswerType.WORD),
  SORT_LETTERS(AnswerType.WORD),
  UPPERCASE(AnswerType.WORD),
  LOWERCASE(AnswerType.WORD),
  REPEAT(AnswerType.WORD),
  SORT_NUMBERS(AnswerType.INT_LIST);

  private final AnswerType answerType;

  Family(AnswerType answerType) {
    this.answerType = answerType;
  }

  public AnswerType answerType() {
    return answerType;
  }
}
