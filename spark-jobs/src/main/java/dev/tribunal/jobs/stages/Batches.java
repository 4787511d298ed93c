package dev.tribunal.jobs.stages;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Streams a partition in batches: takes up to {@code size} inputs, turns the batch into outputs
 * with one call (one model call per batch), and hands the outputs out before reading further, so
 * a partition never has to fit in memory. {@code onEnd} runs once the input is exhausted.
 */
public final class Batches<I, O> implements Iterator<O> {
  private final Iterator<I> input;
  private final int size;
  private final Function<List<I>, List<O>> process;
  private final Runnable onEnd;
  private Iterator<O> current = Collections.emptyIterator();
  private boolean ended;

  public Batches(Iterator<I> input, int size, Function<List<I>, List<O>> process, Runnable onEnd) {
    if (size < 1) throw new IllegalArgumentException("batch size must be >= 1, was " + size);
    this.input = input;
    this.size = size;
    this.process = process;
    this.onEnd = onEnd;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext()) {
      if (!input.hasNext()) {
        end();
        return false;
      }
      List<I> batch = new ArrayList<>(size);
      while (batch.size() < size && input.hasNext()) batch.add(input.next());
      current = process.apply(batch).iterator();
    }
    return true;
  }

  @Override
  public O next() {
    if (!hasNext()) throw new NoSuchElementException();
    return current.next();
  }

  private void end() {
    if (!ended) {
      ended = true;
      onEnd.run();
    }
  }
}
